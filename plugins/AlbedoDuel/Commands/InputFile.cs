using System.Text;
using Tournament.Cli;

namespace Tournament.Plugins.AlbedoDuel.Commands;

/// <summary>Reads a user-named file for a <c>duel</c> command: bounded, strict UTF-8, one sentence when it cannot.</summary>
internal static class InputFile
{
    /// <param name="path">The path the user gave.</param>
    /// <param name="option">The option that named it (for the sentence).</param>
    /// <param name="maxBytes">The largest file accepted.</param>
    /// <exception cref="UserInputException">Missing, unreadable, too large or not UTF-8.</exception>
    public static string ReadText(string path, string option, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var shown = CliText.Printable(path);
        if (path.Length == 0)
        {
            throw new UserInputException($"{option} is empty; give the path of a file.");
        }

        try
        {
            var bytes = BoundedFile.Read(path, maxBytes, out var length)
                ?? throw new UserInputException($"{shown} is {length} bytes, over the {maxBytes}-byte limit of {option}; give a smaller file.");
            return BoundedFile.StrictUtf8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserInputException($"{shown} does not exist; give an existing file to {option}.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UserInputException($"{shown} cannot be read (access denied or a folder); give a readable file to {option}.", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UserInputException($"{shown} is not UTF-8 text; give the reply as a UTF-8 file to {option}.", ex);
        }
        catch (IOException ex)
        {
            throw new UserInputException($"{shown} cannot be read: {CliText.Sentence(ex)}", ex);
        }
    }
}
