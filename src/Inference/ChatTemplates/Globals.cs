using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tournament.Inference.ChatTemplates;

/// <summary>The global names every render starts with: <c>true/false/none</c> (and title case), <c>namespace</c>,
/// <c>range</c>, <c>raise_exception</c> and <c>strftime_now</c> (which reads the injected clock).</summary>
internal static partial class Globals
{
    private static readonly string[] LongMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly FunctionValue Namespace = new("namespace", (args, _) =>
    {
        List<JinjaValue> positional = [.. args];
        MapValue? kwargs = positional.Count > 0 && positional[^1] is MapValue { Kind: MapKind.KeywordArguments } k ? k : null;
        if (kwargs is not null)
        {
            positional.RemoveAt(positional.Count - 1);
        }

        if (positional.Count > 1)
        {
            throw new TemplateRuntimeException($"namespace() takes at most 1 positional argument, got {positional.Count}.");
        }

        MapValue ns = MapValue.Create(MapKind.Namespace);
        if (positional.Count == 1)
        {
            switch (positional[0])
            {
                case MapValue { IsObject: true } source:
                    foreach ((string key, JinjaValue value) in source.Entries)
                    {
                        ns.Entries[key] = value;
                    }

                    break;
                case ArrayValue pairs:
                    foreach (JinjaValue pair in pairs.Items)
                    {
                        List<JinjaValue>? kv = pair switch
                        {
                            ArrayValue a => a.Items,
                            StringValue s => [.. JsText.CodePoints(s.Value).Select(c => (JinjaValue)new StringValue(c))],
                            _ => null,
                        };
                        if (kv is not { Count: 2 } || kv[0] is not StringValue key)
                        {
                            throw new TemplateRuntimeException("namespace() expects a mapping or a list of [key, value] pairs with string keys.");
                        }

                        ns.Entries[key.Value] = kv[1];
                    }

                    break;
                default:
                    throw new TemplateRuntimeException($"namespace() cannot iterate a {positional[0].TypeName}.");
            }
        }

        if (kwargs is not null)
        {
            foreach ((string key, JinjaValue value) in kwargs.Entries)
            {
                ns.Entries[key] = value;
            }
        }

        return ns;
    });

    public static void Install(Scope scope, TimeProvider time, TemplateBudget budget)
    {
        scope.Declare("false", BooleanValue.False);
        scope.Declare("true", BooleanValue.True);
        scope.Declare("none", NullValue.Instance);
        scope.Declare("raise_exception", new FunctionValue("raise_exception", (args, _) =>
            throw new TemplateRuntimeException(Sentence("the template raised an exception: " + string.Join(',', args.Select(ValueText.Display))))));
        scope.Declare("range", new FunctionValue("range", (args, _) => Range(args, budget)));
        scope.Declare("strftime_now", new FunctionValue("strftime_now", (args, _) =>
            args.Count > 0 && args[0] is StringValue format
                ? new StringValue(Strftime(time.GetLocalNow(), format.Value))
                : throw new TemplateRuntimeException("strftime_now() needs a format string.")));
        scope.Declare("True", BooleanValue.True);
        scope.Declare("False", BooleanValue.False);
        scope.Declare("None", NullValue.Instance);
    }

    private static string Sentence(string text)
    {
        string line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.EndsWith('.') || line.EndsWith('!') || line.EndsWith('?') ? line : line + ".";
    }

    private static ArrayValue Range(List<JinjaValue> args, TemplateBudget budget)
    {
        if (args.Count == 0 || args.Count > 3 || args.Any(a => a is not NumberValue))
        {
            throw new TemplateRuntimeException("range() takes one to three numbers.");
        }

        double[] n = [.. args.Cast<NumberValue>().Select(a => a.Value)];
        (double start, double stop) = n.Length == 1 ? (0, n[0]) : (n[0], n[1]);
        double step = n.Length == 3 ? n[2] : 1;
        if (step == 0)
        {
            throw new TemplateRuntimeException("range() step must not be zero.");
        }

        double count = Math.Max(0, Math.Ceiling((stop - start) / step));
        budget.CheckItems(double.IsFinite(count) ? (long)Math.Min(count, long.MaxValue) : long.MaxValue);
        List<JinjaValue> items = new((int)count);
        for (double i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            items.Add(new NumberValue(i, i % 1 == 0));
        }

        return new ArrayValue(items);
    }

    /// <summary>The reference's minimal strftime: %Y %m %d %b %B %H %M %% (English month names); anything else stays.</summary>
    internal static string Strftime(DateTimeOffset now, string format)
        => StrftimeToken().Replace(format, m => m.Value[1] switch
        {
            'Y' => now.Year.ToString(CultureInfo.InvariantCulture),
            'm' => now.Month.ToString("00", CultureInfo.InvariantCulture),
            'd' => now.Day.ToString("00", CultureInfo.InvariantCulture),
            'b' => LongMonths[now.Month - 1][..3],
            'B' => LongMonths[now.Month - 1],
            'H' => now.Hour.ToString("00", CultureInfo.InvariantCulture),
            'M' => now.Minute.ToString("00", CultureInfo.InvariantCulture),
            _ => "%",
        });

    [GeneratedRegex("%[YmdbBHM%]", RegexOptions.CultureInvariant)]
    private static partial Regex StrftimeToken();
}
