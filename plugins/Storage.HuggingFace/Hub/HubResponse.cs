namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>A successful response after redirects, with the Hub's headers from the first hop.</summary>
/// <param name="Message">The final response (2xx); dispose it.</param>
/// <param name="RepoCommit">X-Repo-Commit, when the Hub sent it.</param>
/// <param name="LinkedSize">X-Linked-Size (LFS redirect), when sent.</param>
/// <param name="LinkedEtag">X-Linked-Etag without quotes (LFS redirect), when sent.</param>
internal sealed record HubResponse(HttpResponseMessage Message, string? RepoCommit, long? LinkedSize, string? LinkedEtag) : IDisposable
{
    public void Dispose() => Message.Dispose();
}
