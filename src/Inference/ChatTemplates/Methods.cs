using System.Text.RegularExpressions;

namespace Tournament.Inference.ChatTemplates;

/// <summary>Attribute and item access (<c>x.name</c>, <c>x[i]</c>) and the built-in methods of strings
/// (upper, lower, strip, lstrip, rstrip, title, capitalize, startswith, endswith, split, replace, length) and of dicts
/// (get, items, keys, values, dictsort). As in the reference, strip/lstrip/rstrip ignore their argument and trim
/// whitespace, and lists have only <c>length</c>.</summary>
internal static partial class Methods
{
    public static JinjaValue Member(JinjaValue target, JinjaValue property)
    {
        switch (target)
        {
            case MapValue map:
                {
                    if (property is not StringValue key)
                    {
                        throw new TemplateRuntimeException($"a mapping is indexed by strings, not by a {property.TypeName}.");
                    }

                    return map.Entries.TryGetValue(key.Value, out JinjaValue? value) ? value
                        : map.IsObject ? DictMethod(map, key.Value) ?? UndefinedValue.Instance : UndefinedValue.Instance;
                }

            case ArrayValue or StringValue:
                if (property is NumberValue { IsInteger: true } index)
                {
                    int count = target is ArrayValue l ? l.Items.Count : ((StringValue)target).Value.Length;
                    double i = index.Value < 0 ? count + index.Value : index.Value;
                    if (i < 0 || i >= count)
                    {
                        return UndefinedValue.Instance;
                    }

                    return target is ArrayValue list ? list.Items[(int)i] : new StringValue(((StringValue)target).Value[(int)i].ToString());
                }

                if (property is StringValue name)
                {
                    return target is StringValue s ? StringMethod(s, name.Value) ?? UndefinedValue.Instance
                        : name.Value == "length" ? NumberValue.Integer(((ArrayValue)target).Items.Count) : UndefinedValue.Instance;
                }

                throw new TemplateRuntimeException($"a list or string is indexed by integers or names, not by a {property.TypeName}.");
            default:
                return property is StringValue ? UndefinedValue.Instance
                    : throw new TemplateRuntimeException($"a {target.TypeName} is indexed by names only, not by a {property.TypeName}.");
        }
    }

    public static JinjaValue? StringMethod(StringValue s, string name)
    {
        string v = s.Value;
        return name switch
        {
            "length" => NumberValue.Integer(v.Length),
            "upper" => Fn(name, _ => new StringValue(JsCase.ToUpper(v))),
            "lower" => Fn(name, _ => new StringValue(JsCase.ToLower(v))),
            "strip" => Fn(name, _ => new StringValue(JsText.Trim(v))),
            "lstrip" => Fn(name, _ => new StringValue(JsText.TrimStart(v))),
            "rstrip" => Fn(name, _ => new StringValue(JsText.TrimEnd(v))),
            "title" => Fn(name, _ => new StringValue(TitleWord().Replace(v, m => JsCase.ToUpper(m.Value)))),
            "capitalize" => Fn(name, _ => new StringValue(v.Length == 0 ? v : JsCase.ToUpper(v[..1]) + v[1..])),
            "startswith" => Fn(name, args => Affix(v, args, name, (text, p) => text.StartsWith(p, StringComparison.Ordinal))),
            "endswith" => Fn(name, args => Affix(v, args, name, (text, p) => text.EndsWith(p, StringComparison.Ordinal))),
            "split" => Fn(name, args => Split(v, args)),
            "replace" => Fn(name, args => Replace(v, args)),
            _ => null,
        };
    }

    private static FunctionValue Fn(string name, Func<List<JinjaValue>, JinjaValue> body) => new(name, (args, _) => body(args));

    private static BooleanValue Affix(string text, List<JinjaValue> args, string name, Func<string, string, bool> test)
    {
        if (args.Count == 0)
        {
            throw new TemplateRuntimeException($"{name}() needs an argument.");
        }

        return args[0] switch
        {
            StringValue p => BooleanValue.Of(test(text, p.Value)),
            ArrayValue options => BooleanValue.Of(options.Items.Any(o => o is StringValue p
                ? test(text, p.Value)
                : throw new TemplateRuntimeException($"{name}() tuple elements must be strings."))),
            _ => throw new TemplateRuntimeException($"{name}() takes a string or a tuple of strings."),
        };
    }

    private static ArrayValue Split(string v, List<JinjaValue> args)
    {
        JinjaValue sep = args.Count > 0 ? args[0] : NullValue.Instance;
        JinjaValue max = args.Count > 1 ? args[1] : NumberValue.Integer(-1);
        if (sep is not StringValue and not NullValue)
        {
            throw new TemplateRuntimeException("split() takes a string separator or none.");
        }

        if (max is not NumberValue { IsInteger: true } maxSplit)
        {
            throw new TemplateRuntimeException("split() maxsplit must be an integer.");
        }

        List<string> parts = [];
        if (sep is StringValue { Value: var separator })
        {
            if (separator.Length == 0)
            {
                throw new TemplateRuntimeException("split() separator must not be empty.");
            }

            parts = [.. v.Split(separator)];
            if (maxSplit.Value != -1 && parts.Count > maxSplit.Value)
            {
                int keep = (int)Math.Max(0, maxSplit.Value);
                string rest = string.Join(separator, parts.Skip(keep));
                parts = [.. parts.Take(keep), rest];
            }
        }
        else
        {
            string text = JsText.TrimStart(v);
            int i = 0;
            while (i < text.Length)
            {
                int start = i;
                while (i < text.Length && !JsText.IsWhitespace(text[i]))
                {
                    i++;
                }

                if (maxSplit.Value != -1 && parts.Count >= maxSplit.Value)
                {
                    parts.Add(text[start..]);
                    break;
                }

                parts.Add(text[start..i]);
                while (i < text.Length && JsText.IsWhitespace(text[i]))
                {
                    i++;
                }
            }
        }

        return new ArrayValue([.. parts.Select(p => (JinjaValue)new StringValue(p))]);
    }

    private static StringValue Replace(string v, List<JinjaValue> args)
    {
        if (args.Count < 2)
        {
            throw new TemplateRuntimeException("replace() needs two arguments.");
        }

        if (args[0] is not StringValue oldValue || args[1] is not StringValue newValue)
        {
            throw new TemplateRuntimeException("replace() arguments must be strings.");
        }

        JinjaValue count = args.Count > 2
            ? args[2] is MapValue { Kind: MapKind.KeywordArguments } kw ? kw.Entries.GetValueOrDefault("count") ?? NullValue.Instance : args[2]
            : NullValue.Instance;
        double remaining = count switch
        {
            NullValue => double.PositiveInfinity,
            NumberValue { IsInteger: true } n => n.Value < 0 ? double.PositiveInfinity : n.Value,
            _ => throw new TemplateRuntimeException("replace() count must be an integer or none."),
        };
        return new StringValue(TextReplace.Replace(v, oldValue.Value, newValue.Value, remaining));
    }

    public static JinjaValue? DictMethod(MapValue map, string name) => name switch
    {
        "get" => Fn(name, args =>
        {
            if (args.Count == 0 || args[0] is not StringValue key)
            {
                throw new TemplateRuntimeException("get() takes a string key.");
            }

            return map.Entries.GetValueOrDefault(key.Value) ?? (args.Count > 1 ? args[1] : NullValue.Instance);
        }),
        "items" => Fn(name, _ => Items(map)),
        "keys" => Fn(name, _ => new ArrayValue([.. map.Entries.Keys.Select(k => (JinjaValue)new StringValue(k))])),
        "values" => Fn(name, _ => new ArrayValue([.. map.Entries.Values])),
        "dictsort" => Fn(name, args => Sorting.DictSort(map, args)),
        _ => null,
    };

    public static ArrayValue Items(MapValue map)
        => new([.. map.Entries.Select(e => (JinjaValue)new ArrayValue([new StringValue(e.Key), e.Value]))]);

    [GeneratedRegex(@"\b[A-Za-z0-9_]", RegexOptions.ECMAScript)]
    private static partial Regex TitleWord();
}
