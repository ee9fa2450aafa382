namespace Tournament.Engine.Rounds;

/// <summary>
/// An exception escaped a component while it handled one submission. The engine contains it: the submission is
/// deferred with <see cref="Sentence"/> (and disqualified with <c>component-error</c> after enough consecutive rounds),
/// every other submission goes on.
/// </summary>
internal sealed class ComponentFaultException : Exception
{
    private const int MaxDetail = 300;

    private ComponentFaultException(string component, Exception inner, string message)
        : base(message, inner)
    {
        Component = component;
    }

    public ComponentFaultException()
    {
        Component = "";
    }

    public ComponentFaultException(string message)
        : base(message)
    {
        Component = "";
    }

    public ComponentFaultException(string message, Exception inner)
        : base(message, inner)
    {
        Component = "";
    }

    /// <summary>The configured name of the component that threw.</summary>
    public string Component { get; }

    /// <summary>One sentence naming the component, the exception type and its message (one line, bounded).</summary>
    public string Sentence => Message;

    /// <summary>Runs a component call for one submission; an exception it throws (other than the round's own cancellation) is wrapped.</summary>
    public static async Task<T> GuardAsync<T>(string component, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ComponentFaultException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw For(component, ex);
        }
    }

    /// <summary>The synchronous form of <see cref="GuardAsync{T}"/>.</summary>
    public static T Guard<T>(string component, Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return call();
        }
        catch (Exception ex) when (ex is not ComponentFaultException and not OperationCanceledException)
        {
            throw For(component, ex);
        }
    }

    /// <summary>The fault of <paramref name="component"/> throwing <paramref name="inner"/>.</summary>
    public static ComponentFaultException For(string component, Exception inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new ComponentFaultException(component, inner, Describe(component, inner));
    }

    private static string Describe(string component, Exception inner)
    {
        var detail = new string([.. (inner.Message ?? "").Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        if (detail.Length > MaxDetail)
        {
            detail = detail[..MaxDetail] + "…";
        }

        return $"The component '{component}' threw {inner.GetType().Name} on this submission ({detail.TrimEnd('.')}); a component must return an outcome, so this is a bug in it.";
    }
}
