using MailTls.Tls;

namespace MailTls;

/// <summary>A cipher suite the server accepted in one version, with the key exchange it used when it was chosen.</summary>
public sealed class TlsAcceptedSuite
{
    internal TlsAcceptedSuite(CipherSuiteInfo suite, int? rank, GroupInfo? group, int? dhPrimeBits)
    {
        Suite = suite;
        Rank = rank;
        Group = group;
        DhPrimeBits = dhPrimeBits;
    }

    public CipherSuiteInfo Suite { get; }

    /// <summary>1 for the server's favourite; null when the server follows the client's order.</summary>
    public int? Rank { get; }

    /// <summary>The curve of the ServerKeyExchange (TLS 1.2 and older ECDHE), when the probe saw one.</summary>
    public GroupInfo? Group { get; }

    /// <summary>The DH prime's size of the ServerKeyExchange (TLS 1.2 and older DHE and anonymous DH).</summary>
    public int? DhPrimeBits { get; }

    public override string ToString() => Suite.Name;
}
