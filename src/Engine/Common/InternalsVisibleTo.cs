using System.Runtime.CompilerServices;

// The engine's implementation types are internal; its tests exercise them directly.
[assembly: InternalsVisibleTo("Tournament.Engine.Tests")]

// The serve bench generates state through the state store and starts the server in-process.
[assembly: InternalsVisibleTo("Tournament.Serve.Bench")]

// The load bench runs rounds in-process with a stepped clock (bench/Load.Bench).
[assembly: InternalsVisibleTo("Tournament.Load.Bench")]
