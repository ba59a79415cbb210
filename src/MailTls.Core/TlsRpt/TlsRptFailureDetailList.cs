using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MailTls;

/// <summary>The failure details of one policy; ToString gives "result-type: count" pairs, so Export-Csv writes a readable cell.</summary>
public sealed class TlsRptFailureDetailList : ReadOnlyCollection<TlsRptFailureDetail>
{
    internal TlsRptFailureDetailList(IEnumerable<TlsRptFailureDetail> details)
        : base(details.ToList())
    {
    }

    internal static TlsRptFailureDetailList None { get; } = new(Enumerable.Empty<TlsRptFailureDetail>());

    public override string ToString() => string.Join("; ", this.Select(d => d.ToString()));
}
