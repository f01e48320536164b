using System.Text;

namespace Drydock.Services.Apps;

/// <summary>
/// The <c>label</c> filter of <c>GET /v2/apps</c> (marathon.md §3.1): requirements joined by commas, all of which must
/// hold: <c>key</c> (present), <c>key==v</c>, <c>key!=v</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>. A backslash
/// takes the next character as it is. Every requirement needs the key to be present.
/// </summary>
internal sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>The selector, or null with <paramref name="error"/> saying why the text is not one.</summary>
    public static LabelSelector? TryParse(string text, out string? error)
    {
        var parser = new Cursor(text);
        var requirements = new List<LabelRequirement>();
        error = $"Can not parse label selector {text}";
        do
        {
            if (ParseRequirement(parser) is not { } requirement)
            {
                return null;
            }

            requirements.Add(requirement);
        }
        while (parser.Take(','));

        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            return null;
        }

        error = null;
        return new LabelSelector(requirements);
    }

    private static LabelRequirement? ParseRequirement(Cursor c)
    {
        if (c.Word() is not { } key)
        {
            return null;
        }

        c.SkipSpace();
        if (c.AtEnd || c.Peek == ',')
        {
            return new LabelRequirement(key, LabelOperator.Exists, []);
        }

        if (c.Take("==") || c.Take("!="))
        {
            var op = c.Previous == "==" ? LabelOperator.Equals : LabelOperator.NotEquals;
            return c.Word() is { } value ? new LabelRequirement(key, op, [value]) : null;
        }

        var word = c.Word();
        if (word is not ("in" or "notin") || !c.Take('('))
        {
            return null;
        }

        var values = new List<string>();
        do
        {
            if (c.Word() is not { } value)
            {
                return null;
            }

            values.Add(value);
        }
        while (c.Take(','));

        return c.Take(')') ? new LabelRequirement(key, word == "in" ? LabelOperator.In : LabelOperator.NotIn, values) : null;
    }

    private sealed class Cursor(string text)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public char Peek => text[_at];

        public string Previous { get; private set; } = "";

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek))
            {
                _at++;
            }
        }

        public bool Take(char expected)
        {
            SkipSpace();
            if (!AtEnd && Peek == expected)
            {
                _at++;
                return true;
            }

            return false;
        }

        public bool Take(string expected)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _at, expected, 0, expected.Length) == 0)
            {
                _at += expected.Length;
                Previous = expected;
                return true;
            }

            return false;
        }

        /// <summary>A run of characters other than white space, <c>!=,()</c>; a backslash escapes one. Null if empty.</summary>
        public string? Word()
        {
            SkipSpace();
            var word = new StringBuilder();
            while (!AtEnd)
            {
                var c = Peek;
                if (c == '\\' && _at + 1 < text.Length)
                {
                    word.Append(text[_at + 1]);
                    _at += 2;
                    continue;
                }

                if (char.IsWhiteSpace(c) || c is '!' or '=' or ',' or '(' or ')')
                {
                    break;
                }

                word.Append(c);
                _at++;
            }

            return word.Length > 0 ? word.ToString() : null;
        }
    }
}
