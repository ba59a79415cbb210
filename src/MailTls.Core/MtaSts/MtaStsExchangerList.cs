using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MailTls;

/// <summary>The per-MX rows of an assessment; ToString gives one line per row, so Export-Csv stays readable.</summary>
public sealed class MtaStsExchangerList : ReadOnlyCollection<MtaStsExchanger>
{
    internal MtaStsExchangerList(IEnumerable<MtaStsExchanger> rows)
        : base(rows.ToList())
    {
    }

    public override string ToString() => string.Join("; ", this.Select(r => r.ToString()));
}
