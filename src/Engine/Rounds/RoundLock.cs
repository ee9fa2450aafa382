using System.Globalization;
using Tournament.Cli;

namespace Tournament.Engine.Rounds;

/// <summary>
/// The exclusive lock one process holds on a (state, mode) while it runs rounds: an OS file lock on
/// <c>&lt;DataDirectory&gt;/round.&lt;state&gt;.&lt;mode&gt;.lock</c> (released by the OS if the process dies), with the holder's
/// process id beside it in <c>.owner</c>. A second process is refused with that id (exit 2), or waits with <c>--wait</c>.
/// </summary>
internal sealed class RoundLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly FileStream _stream;

    private RoundLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of a state store and mode under a data folder.</summary>
    public static string PathFor(string dataDirectory, string state, string mode) =>
        System.IO.Path.Combine(dataDirectory, $"round.{Safe(state)}.{Safe(mode)}.lock");

    /// <summary>Takes the lock; when another process holds it, waits (<paramref name="wait"/>) or throws <see cref="UserInputException"/> naming that process.</summary>
    public static async Task<RoundLock> AcquireAsync(string path, bool wait, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryTake(path) is { } taken)
            {
                return taken;
            }

            if (!wait)
            {
                throw new UserInputException($"Another process ({Owner(path)}) is running a round on this state and mode (lock {path}); wait for it to finish, or pass --wait to queue behind it.");
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(OwnerPath(Path));
        }
        catch (IOException)
        {
            // The next holder overwrites it.
        }

        _stream.Dispose();
    }

    private static RoundLock? TryTake(string path)
    {
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive OS lock (flock on Unix): a second process, or a second open here, fails.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        File.WriteAllText(OwnerPath(path), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new RoundLock(stream, path);
    }

    private static string Owner(string path)
    {
        try
        {
            var text = File.ReadAllText(OwnerPath(path)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? $"PID {pid}" : "unknown PID";
        }
        catch (IOException)
        {
            return "unknown PID";
        }
    }

    private static string OwnerPath(string path) => path + ".owner";

    private static string Safe(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}
