using MailTls.Dns;

namespace MailTls.Tls;

/// <summary>The outcome for one target of Get-MailTlsCipherSuite: an enumeration, or why there was nothing to enumerate.</summary>
public sealed class CipherSuiteCheck
{
    private CipherSuiteCheck(string target, TlsEnumeration? enumeration, DnsFailure? dnsFailure, string problem)
    {
        Target = target;
        Enumeration = enumeration;
        DnsFailure = dnsFailure;
        Problem = problem;
    }

    /// <summary>The domain or host the user named.</summary>
    public string Target { get; }

    /// <summary>The enumeration of one address; its Failure says when the server would not do TLS at all.</summary>
    public TlsEnumeration? Enumeration { get; }

    /// <summary>The DNS lookup that failed, so no address could be probed.</summary>
    public DnsFailure? DnsFailure { get; }

    /// <summary>Why nothing was probed although DNS answered (a null MX, an exchanger without addresses).</summary>
    public string Problem { get; }

    internal static CipherSuiteCheck Enumerated(string target, TlsEnumeration enumeration) => new(target, enumeration, null, string.Empty);

    internal static CipherSuiteCheck LookupFailed(string target, DnsFailure failure) => new(target, null, failure, string.Empty);

    internal static CipherSuiteCheck NotProbed(string target, string problem) => new(target, null, null, problem);
}
