using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Tests.Lab;
using MailTls.Tls;

namespace MailTls.Tests.Tls;

/// <summary>Enumerates lab listeners once per test run; several tests compare the same result with different peers.</summary>
internal static class LabEnumerations
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<TlsEnumeration>>> Cache = new(StringComparer.Ordinal);

    public static TlsEnumerator Enumerator { get; } = new(new TlsEnumerationOptions(TimeSpan.FromSeconds(10)), ConnectionGate.Unlimited);

    public static Task<TlsEnumeration> Of(string caseName, int port = 25) =>
        Cache.GetOrAdd($"{caseName}:{port}", _ => new Lazy<Task<TlsEnumeration>>(() => Enumerator.EnumerateAsync(Endpoint(caseName, port), null, CancellationToken.None))).Value;

    public static TlsEndpoint Endpoint(string caseName, int port = 25)
    {
        var lab = LabInfo.Instance.Smtp(caseName);
        ITlsPreamble preamble = port == 465 ? ImplicitTlsPreamble.Instance : new SmtpStartTlsPreamble("probe.mailtls.test", TimeSpan.FromSeconds(10));
        return new TlsEndpoint(lab.Address, port, preamble, lab.Host, lab.Domain);
    }
}
