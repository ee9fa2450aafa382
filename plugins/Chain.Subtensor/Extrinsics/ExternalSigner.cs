using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Rpc;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>The signer's failure (it could not start, ran too long, exited non-zero, or answered out of protocol).</summary>
internal sealed class ExternalSignerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs the operator's signer command for commit-reveal weights (docs/chain-subtensor.md, "External signer"): one JSON
/// request on its standard input, one JSON answer on its standard output. Output is bounded, the run is timed out (the
/// process tree is killed), a non-zero exit is a clear reason quoting the last line of its standard error.
/// </summary>
internal static class ExternalSigner
{
    public const string Protocol = "tournament-subtensor-signer/1";
    private const int MaxErrorBytes = 4096;

    /// <summary>Runs the command and returns its answer object.</summary>
    public static async Task<JsonObject> RunAsync(SubtensorOptions options, JsonObject request, TimeProvider time, CancellationToken cancellationToken)
    {
        string command = options.SignerCommand ?? throw new ExternalSignerException("No commit-reveal signer is configured (Subtensor:SignerCommand).");
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (string argument in options.SignerArguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = StartOrThrow(start, command);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(options.SignerTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        Task<(byte[] Bytes, bool Over)> stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, options.SignerMaxOutputBytes, linked.Token);
        Task<(byte[] Bytes, bool Over)> stderr = ReadBoundedAsync(process.StandardError.BaseStream, MaxErrorBytes, linked.Token);
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(request.ToJsonString().AsMemory(), linked.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The signer exited without reading its request; its exit code says why.
            }

            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            (byte[] output, bool over) = await stdout.ConfigureAwait(false);
            (byte[] error, _) = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new ExternalSignerException($"The commit-reveal signer exited with code {process.ExitCode}{LastLine(error)}.");
            }

            return over
                ? throw new ExternalSignerException($"The commit-reveal signer wrote more than {options.SignerMaxOutputBytes} bytes to standard output.")
                : Parse(output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExternalSignerException($"The commit-reveal signer did not finish within {options.SignerTimeoutSeconds} s and was stopped.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartOrThrow(ProcessStartInfo start, string command)
    {
        try
        {
            return Process.Start(start) ?? throw new ExternalSignerException($"The commit-reveal signer '{Path.GetFileName(command)}' could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new ExternalSignerException($"The commit-reveal signer '{Path.GetFileName(command)}' could not be started: {ex.Message}.", ex);
        }
    }

    /// <summary>Reads up to <paramref name="max"/> bytes and drains the rest (so the process never blocks on a full pipe).</summary>
    private static async Task<(byte[] Bytes, bool Over)> ReadBoundedAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        byte[] chunk = new byte[16384];
        bool over = false;
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            int keep = (int)Math.Min(read, max - kept.Length);
            kept.Write(chunk, 0, keep);
            over |= keep < read;
        }

        return (kept.ToArray(), over);
    }

    private static JsonObject Parse(byte[] output)
    {
        try
        {
            return JsonNode.Parse(output, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw new ExternalSignerException("The commit-reveal signer's answer is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new ExternalSignerException("The commit-reveal signer's answer is not valid JSON.", ex);
        }
    }

    private static string LastLine(byte[] error)
    {
        string? line = Encoding.UTF8.GetString(error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line is null ? "" : ": " + JsonRpcResponse.Printable(line);
    }
}
