using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MailTls;

/// <summary>
/// A list of short strings that enumerates like any list, but whose ToString joins them, so that
/// Export-Csv writes "a; b" instead of a type name.
/// </summary>
public class TextList : ReadOnlyCollection<string>
{
    public TextList(IEnumerable<string> items)
        : base(items.ToList())
    {
    }

    public static TextList None { get; } = new(Enumerable.Empty<string>());

    public override string ToString() => string.Join("; ", this);
}
