namespace MailTls.Tls;

/// <summary>How the two references rate one item: its NCSC-NL class and the strictest Mozilla profile that allows it.</summary>
public sealed class TlsRating
{
    public TlsRating(NcscClass ncsc, MozillaProfile mozilla)
    {
        Ncsc = ncsc;
        Mozilla = mozilla;
    }

    public NcscClass Ncsc { get; }

    public MozillaProfile Mozilla { get; }

    public override string ToString() => $"{Ncsc}, Mozilla {Mozilla}";
}
