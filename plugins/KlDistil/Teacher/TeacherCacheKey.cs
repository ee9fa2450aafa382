using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// The cache key of a round's teacher output: SHA-256 over the format version, the teacher identity (content/revision),
/// the round seed, the prompt-set hash (source, algorithm version, each prompt's id and text) and every setting.
/// </summary>
internal static class TeacherCacheKey
{
    public const string FormatVersion = "kl-teacher-cache/v1";

    public static string Compute(string teacherIdentity, RoundSeed seed, PromptSet prompts, TeacherSettings settings)
    {
        var text = new StringBuilder()
            .Append(FormatVersion).Append('\n')
            .Append(teacherIdentity).Append('\n')
            .Append(seed).Append('\n')
            .Append(PromptSetHash(prompts)).Append('\n')
            .Append(string.Create(CultureInfo.InvariantCulture, $"{settings.MaxNewTokens}|{settings.TopK}|{settings.MinContinuationTokens}|{settings.MaxPromptTokens}|{settings.Sample}|{settings.Temperature:R}|{settings.TopP:R}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string PromptSetHash(PromptSet prompts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        Add(prompts.Source);
        Add(prompts.AlgorithmVersion);
        foreach (var p in prompts.Prompts)
        {
            Add(p.Id);
            Add(p.Text);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
