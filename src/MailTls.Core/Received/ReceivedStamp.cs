using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailTls.Received;

/// <summary>
/// The structure of one Received header value: its clauses and the date after the last ';'.
/// Comments nest and hold backslash escapes (RFC 5322 §3.2.2); what is inside them is kept as text
/// for the per-MTA readers, since that is where MTAs write their TLS details.
/// </summary>
internal sealed class ReceivedStamp
{
    private static readonly string[] Keywords = { "from", "by", "via", "with", "id", "for", "tls" };

    private ReceivedStamp(List<ReceivedClause> clauses, string? dateText)
    {
        Clauses = clauses;
        DateText = dateText;
    }

    public List<ReceivedClause> Clauses { get; }

    public string? DateText { get; }

    public IEnumerable<string> AllComments => Clauses.SelectMany(c => c.Comments);

    public ReceivedClause? Clause(string keyword) => Clauses.FirstOrDefault(c => c.Keyword == keyword);

    public IEnumerable<ReceivedClause> ClausesNamed(string keyword) => Clauses.Where(c => c.Keyword == keyword);

    public static ReceivedStamp Parse(string value)
    {
        var clauses = new List<ReceivedClause>();
        var current = new ReceivedClause(string.Empty);
        clauses.Add(current);
        var separator = LastSemicolon(value);
        var end = separator < 0 ? value.Length : separator;
        var i = 0;
        while (i < end)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                current.Comments.Add(ReadComment(value, ref i, end));
            }
            else if (c == ';')
            {
                i++;
            }
            else
            {
                var word = ReadWord(value, ref i, end);
                var keyword = KeywordOf(word);
                if (keyword is not null && (current.Keyword.Length == 0 || current.Words.Count > 0 || current.Comments.Count > 0))
                {
                    current = new ReceivedClause(keyword);
                    clauses.Add(current);
                }
                else
                {
                    current.Words.Add(word);
                }
            }
        }

        var date = separator < 0 ? null : value.Substring(separator + 1).Trim();
        return new ReceivedStamp(clauses, string.IsNullOrEmpty(date) ? null : date);
    }

    private static string? KeywordOf(string word)
    {
        foreach (var keyword in Keywords)
        {
            if (string.Equals(word, keyword, StringComparison.OrdinalIgnoreCase))
            {
                return keyword;
            }
        }

        return null;
    }

    // The date follows the last ';' that is not inside a comment or quoted string.
    private static int LastSemicolon(string value)
    {
        var depth = 0;
        var quoted = false;
        var last = -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                i++;
            }
            else if (quoted)
            {
                quoted = c != '"';
            }
            else if (c == '"' && depth == 0)
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (c == ';' && depth == 0)
            {
                last = i;
            }
        }

        return last;
    }

    // Returns the comment's text without its outer parentheses; nested ones stay as written.
    private static string ReadComment(string value, ref int i, int end)
    {
        var text = new StringBuilder();
        var depth = 0;
        for (; i < end; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < end)
            {
                text.Append(value[++i]);
                continue;
            }

            if (c == '(')
            {
                depth++;
                if (depth == 1)
                {
                    continue;
                }
            }
            else if (c == ')')
            {
                depth--;
                if (depth == 0)
                {
                    i++;
                    break;
                }
            }

            text.Append(c);
        }

        return Collapse(text.ToString());
    }

    private static string ReadWord(string value, ref int i, int end)
    {
        var start = i;
        var quoted = false;
        for (; i < end; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (char.IsWhiteSpace(c) || c == '(' || c == ';')
            {
                break;
            }
        }

        return value.Substring(start, Math.Min(i, end) - start);
    }

    // Unfolded headers still hold the folding whitespace; one space reads the same.
    private static string Collapse(string text)
    {
        if (text.IndexOfAny(new[] { '\t', '\r', '\n', ' ' }) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
