using System.Globalization;
using System.Text;

namespace Tournament.Inference.ChatTemplates;

internal enum TokenType
{
    Text,
    NumericLiteral,
    StringLiteral,
    Identifier,
    Equals,
    OpenParen,
    CloseParen,
    OpenStatement,
    CloseStatement,
    OpenExpression,
    CloseExpression,
    OpenSquareBracket,
    CloseSquareBracket,
    OpenCurlyBracket,
    CloseCurlyBracket,
    Comma,
    Dot,
    Colon,
    Pipe,
    AdditiveBinaryOperator,
    MultiplicativeBinaryOperator,
    ExponentiationBinaryOperator,
    ComparisonBinaryOperator,
    UnaryOperator,
    Comment,
}

internal sealed class Token(string value, TokenType type, int offset)
{
    public string Value { get; set; } = value;

    public TokenType Type { get; } = type;

    /// <summary>Offset in the preprocessed text.</summary>
    public int Offset { get; } = offset;
}

/// <summary>Splits preprocessed template text into tokens exactly as the reference's lexer does (same whitespace
/// control, same unary-minus rule, same string escapes).</summary>
internal sealed class Lexer
{
    private static readonly (string Sequence, TokenType Type)[] Table =
    [
        ("{%", TokenType.OpenStatement), ("%}", TokenType.CloseStatement), ("{{", TokenType.OpenExpression), ("}}", TokenType.CloseExpression),
        ("(", TokenType.OpenParen), (")", TokenType.CloseParen), ("{", TokenType.OpenCurlyBracket), ("}", TokenType.CloseCurlyBracket),
        ("[", TokenType.OpenSquareBracket), ("]", TokenType.CloseSquareBracket), (",", TokenType.Comma), (".", TokenType.Dot),
        (":", TokenType.Colon), ("|", TokenType.Pipe), ("<=", TokenType.ComparisonBinaryOperator), (">=", TokenType.ComparisonBinaryOperator),
        ("==", TokenType.ComparisonBinaryOperator), ("!=", TokenType.ComparisonBinaryOperator), ("<", TokenType.ComparisonBinaryOperator),
        (">", TokenType.ComparisonBinaryOperator), ("+", TokenType.AdditiveBinaryOperator), ("-", TokenType.AdditiveBinaryOperator),
        ("~", TokenType.AdditiveBinaryOperator), ("**", TokenType.ExponentiationBinaryOperator), ("*", TokenType.MultiplicativeBinaryOperator),
        ("//", TokenType.MultiplicativeBinaryOperator), ("/", TokenType.MultiplicativeBinaryOperator), ("%", TokenType.MultiplicativeBinaryOperator),
        ("=", TokenType.Equals),
    ];

    private readonly SourceText _source;
    private readonly string _src;
    private readonly List<Token> _tokens = [];
    private int _pos;

    private Lexer(SourceText source)
    {
        _source = source;
        _src = source.Text;
    }

    public static List<Token> Tokenize(SourceText source) => new Lexer(source).Run();

    private char? At(int i) => i < _src.Length ? _src[i] : null;

    private bool StartsWith(string s) => string.CompareOrdinal(_src, _pos, s, 0, s.Length) == 0 && _pos + s.Length <= _src.Length;

    private ChatTemplateException Error(string reason, int offset) => new(reason, _source.PositionOf(offset));

    private List<Token> Run()
    {
        int curlyDepth = 0;
        while (_pos < _src.Length)
        {
            TokenType? last = _tokens.Count == 0 ? null : _tokens[^1].Type;
            if (last is null or TokenType.CloseStatement or TokenType.CloseExpression or TokenType.Comment)
            {
                int start = _pos;
                while (_pos < _src.Length && !(_src[_pos] == '{' && At(_pos + 1) is '%' or '{' or '#'))
                {
                    _pos++;
                }

                if (_pos > start)
                {
                    _tokens.Add(new Token(_src[start.._pos], TokenType.Text, start));
                    continue;
                }
            }

            if (StartsWith("{#"))
            {
                LexComment();
                continue;
            }

            if (StartsWith("{%-") || StartsWith("{{-"))
            {
                StripTrailingWhitespace();
                bool statement = _src[_pos + 1] == '%';
                _tokens.Add(new Token(statement ? "{%" : "{{", statement ? TokenType.OpenStatement : TokenType.OpenExpression, _pos));
                curlyDepth = statement ? curlyDepth : 0;
                _pos += 3;
                continue;
            }

            ConsumeWhile(c => c is { } ch && JsText.IsWhitespace(ch));
            if (StartsWith("-%}") || StartsWith("-}}"))
            {
                bool statement = _src[_pos + 1] == '%';
                _tokens.Add(new Token(statement ? "%}" : "}}", statement ? TokenType.CloseStatement : TokenType.CloseExpression, _pos));
                _pos += 3;
                while (_pos < _src.Length && JsText.IsWhitespace(_src[_pos]))
                {
                    _pos++;
                }

                continue;
            }

            char c = _src[_pos];
            if ((c == '-' || c == '+') && LexSign(c))
            {
                continue;
            }

            if (LexFromTable(ref curlyDepth))
            {
                continue;
            }

            int at = _pos;
            if (c is '\'' or '"')
            {
                _pos++;
                string str = ConsumeWhile(x => x != c, at);
                _tokens.Add(new Token(str, TokenType.StringLiteral, at));
                _pos++;
            }
            else if (char.IsAsciiDigit(c))
            {
                string num = ConsumeWhile(IsDigit);
                if ((_tokens.Count == 0 || _tokens[^1].Type != TokenType.Dot) && At(_pos) == '.' && IsDigit(At(_pos + 1)))
                {
                    _pos++;
                    num += "." + ConsumeWhile(IsDigit);
                }

                _tokens.Add(new Token(num, TokenType.NumericLiteral, at));
            }
            else if (JsText.IsWordChar(c))
            {
                // JavaScript's /\w/.test(undefined) is true ("undefined" is a word), so an identifier running into the
                // end of input reaches the end-of-input error, as in the reference.
                _tokens.Add(new Token(ConsumeWhile(x => x is not { } ch || JsText.IsWordChar(ch)), TokenType.Identifier, at));
            }
            else
            {
                throw Error($"unexpected character '{c}'.", _pos);
            }
        }

        return _tokens;
    }

    private static bool IsDigit(char? c) => c is { } ch && char.IsAsciiDigit(ch);

    /// <summary>A '+' or '-' that follows an operand is a binary operator (returns false to let the table take it);
    /// elsewhere it is a sign, folded into a following number.</summary>
    private bool LexSign(char c)
    {
        TokenType? last = _tokens.Count == 0 ? null : _tokens[^1].Type;
        if (last is null or TokenType.Text)
        {
            throw Error($"unexpected character '{c}'.", _pos);
        }

        if (last is TokenType.Identifier or TokenType.NumericLiteral or TokenType.StringLiteral or TokenType.CloseParen or TokenType.CloseSquareBracket)
        {
            return false;
        }

        int at = _pos++;
        string num = ConsumeWhile(IsDigit);
        if (num.Length > 0 && At(_pos) == '.' && IsDigit(At(_pos + 1)))
        {
            _pos++;
            num += "." + ConsumeWhile(IsDigit);
        }

        _tokens.Add(new Token(c + num, num.Length > 0 ? TokenType.NumericLiteral : TokenType.UnaryOperator, at));
        return true;
    }

    private bool LexFromTable(ref int curlyDepth)
    {
        foreach ((string seq, TokenType type) in Table)
        {
            if ((seq == "}}" && curlyDepth > 0) || !StartsWith(seq))
            {
                continue;
            }

            _tokens.Add(new Token(seq, type, _pos));
            curlyDepth = type switch
            {
                TokenType.OpenExpression => 0,
                TokenType.OpenCurlyBracket => curlyDepth + 1,
                TokenType.CloseCurlyBracket => curlyDepth - 1,
                _ => curlyDepth,
            };
            _pos += seq.Length;
            return true;
        }

        return false;
    }

    private void LexComment()
    {
        int at = _pos;
        _pos += 2;
        bool stripBefore = At(_pos) == '-';
        if (stripBefore)
        {
            _pos++;
        }

        int start = _pos;
        while (At(_pos) != '#' || At(_pos + 1) != '}')
        {
            if (_pos + 2 >= _src.Length)
            {
                throw Error("a comment opened with '{#' is never closed with '#}'.", at);
            }

            _pos++;
        }

        string comment = _src[start.._pos];
        bool stripAfter = comment.EndsWith('-');
        if (stripAfter)
        {
            comment = comment[..^1];
        }

        if (stripBefore)
        {
            StripTrailingWhitespace();
        }

        _tokens.Add(new Token(comment, TokenType.Comment, at));
        _pos += 2;
        if (stripAfter)
        {
            while (_pos < _src.Length && JsText.IsWhitespace(_src[_pos]))
            {
                _pos++;
            }
        }
    }

    private void StripTrailingWhitespace()
    {
        if (_tokens.Count > 0 && _tokens[^1].Type == TokenType.Text)
        {
            _tokens[^1].Value = JsText.TrimEnd(_tokens[^1].Value);
            if (_tokens[^1].Value.Length == 0)
            {
                _tokens.RemoveAt(_tokens.Count - 1);
            }
        }
    }

    /// <summary>The reference's consumeWhile: backslash escapes, and an error when input ends inside a token.</summary>
    private string ConsumeWhile(Func<char?, bool> predicate, int? errorOffset = null)
    {
        StringBuilder sb = new();
        int start = errorOffset ?? _pos;
        while (predicate(At(_pos)))
        {
            if (_pos >= _src.Length)
            {
                throw Error("the template ends inside a tag; a '{{', '{%' or string is never closed.", start);
            }

            if (_src[_pos] == '\\')
            {
                _pos++;
                if (_pos >= _src.Length)
                {
                    throw Error("the template ends inside a tag; a '{{', '{%' or string is never closed.", start);
                }

                char escaped = _src[_pos++];
                if (escaped is 'x' or 'u')
                {
                    int length = escaped == 'x' ? 2 : 4;
                    string hex = _src.Substring(_pos, Math.Min(length, _src.Length - _pos));
                    if (hex.Length != length || !hex.All(char.IsAsciiHexDigit))
                    {
                        throw Error($"invalid escape sequence '\\{escaped}{hex}' in a string.", _pos - 2);
                    }

                    sb.Append((char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += length;
                    continue;
                }

                sb.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\b',
                    'f' => '\f',
                    'v' => '\v',
                    '\'' or '"' or '\\' => escaped,
                    _ => throw Error($"unknown escape sequence '\\{escaped}' in a string.", _pos - 2),
                });
                continue;
            }

            sb.Append(_src[_pos++]);
            if (_pos >= _src.Length)
            {
                throw Error("the template ends inside a tag; a '{{', '{%' or string is never closed.", start);
            }
        }

        return sb.ToString();
    }
}
