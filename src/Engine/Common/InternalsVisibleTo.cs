using System.Runtime.CompilerServices;

// The engine's implementation types are internal; its tests exercise them directly.
[assembly: InternalsVisibleTo("Tournament.Engine.Tests")]
