using System.Globalization;
using System.Net.Http.Headers;

namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>Reads <c>Retry-After</c>: delta seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.RetryAfter is { } value ? From(value, now) : Parse(headers, now);

    public static TimeSpan? From(RetryConditionHeaderValue value, DateTimeOffset now)
    {
        if (value.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Providers sometimes send fractional seconds, which the typed header rejects.</summary>
    private static TimeSpan? Parse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (!headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var raw = values.FirstOrDefault()?.Trim();
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds >= 0 && seconds < 86_400)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - now < TimeSpan.Zero ? TimeSpan.Zero : date - now)
            : null;
    }
}
