using System.Text.Json;
using System.Threading.Channels;

namespace Tournament.Plugins.Chain.Subtensor.Rpc;

/// <summary>
/// One WebSocket subscription: its notifications in order; a dropped socket or a flooding node ends it with
/// <see cref="ChainUnavailableException"/>. Disposing unsubscribes (best effort: the node may already be gone).
/// </summary>
internal sealed class RpcSubscription(SubstrateRpcClient rpc, WebSocketConnection connection, string id, string unsubscribeMethod, ChannelReader<JsonElement> notifications) : IAsyncDisposable
{
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The node's subscription id.</summary>
    public string Id => id;

    /// <summary>The next notification's result.</summary>
    public async Task<JsonElement> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await notifications.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw ex.InnerException as ChainUnavailableException ?? new ChainUnavailableException("The node ended the subscription.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        connection.Unsubscribe(id);
        if (!connection.IsAlive)
        {
            return;
        }

        using var limit = new CancellationTokenSource(UnsubscribeTimeout);
        try
        {
            await rpc.CallAsync(unsubscribeMethod, [id], limit.Token, idempotent: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChainUnavailableException or OperationCanceledException)
        {
            // The subscription is over for us either way.
        }
    }
}
