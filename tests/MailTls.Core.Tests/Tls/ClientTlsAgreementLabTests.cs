using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Diagnostics;
using MailTls.Tests.Lab;
using MailTls.Tls;
using Xunit;

namespace MailTls.Tests.Tls;

/// <summary>
/// IMAP's STARTTLS and POP3's STLS, spoken by MailKit up to the go-ahead, then the enumerator's own
/// ClientHello: the suites it finds on the lab's Dovecot must be the ones sslscan finds with its
/// --starttls-imap and --starttls-pop3, and no login may ever be tried.
/// </summary>
public sealed class ClientTlsAgreementLabTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(143, "imap")]
    [InlineData(110, "pop3")]
    public async Task StartTlsEnumeration_AcceptsTheSameSuitesAsSslscan(int port, string protocol)
    {
        var (host, address) = LabInfo.Instance.Client("client-good");
        var preamble = protocol == "imap" ? MailKitStartTlsPreamble.Imap(Timeout) : MailKitStartTlsPreamble.Pop3(Timeout);
        using var enumerator = new TlsEnumerator(new TlsEnumerationOptions(Timeout), ConnectionGate.Unlimited);
        var log = new OperationLog();

        var ours = await enumerator.EnumerateAsync(new TlsEndpoint(address, port, preamble, host), log, CancellationToken.None);
        var peer = PeerScanners.Sslscan(address, port, host, protocol);

        Assert.Equal(string.Empty, ours.Failure);
        Assert.True(ours.Complete, "incomplete enumeration");
        Assert.NotEmpty(peer.Suites);
        var ourPairs = ours.Versions.SelectMany(v => v.Suites.Select(s => (v.Version, s.Suite.Code))).ToHashSet();
        Assert.Equal(Describe(peer.Suites.Keys), Describe(ourPairs));
        Assert.Contains(log.Lines, l => l.Contains(protocol == "imap" ? "STARTTLS" : "STLS", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(" LOGIN ", StringComparison.OrdinalIgnoreCase) || l.Contains("C: USER", StringComparison.Ordinal) || l.Contains("AUTHENTICATE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartTlsEnumeration_OfDovecot_NeverTriesToLogIn()
    {
        var (host, address) = LabInfo.Instance.Client("client-plain");
        var before = File.ReadAllLines(LabInfo.Instance.DovecotLog).Length;
        using var enumerator = new TlsEnumerator(new TlsEnumerationOptions(Timeout), ConnectionGate.Unlimited);

        var scan = await enumerator.ScanVersionsAsync(new TlsEndpoint(address, 143, MailKitStartTlsPreamble.Imap(Timeout), host), null, CancellationToken.None);

        Assert.Equal(string.Empty, scan.Failure);
        Assert.Equal(TlsSupport.Accepted, scan.Tls12);
        await Task.Delay(500);
        var lines = File.ReadAllLines(LabInfo.Instance.DovecotLog).Skip(before).Where(l => l.Contains("imap-login", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains("Login:", StringComparison.Ordinal) || l.Contains("auth failed", StringComparison.Ordinal));
    }

    private static string[] Describe(System.Collections.Generic.IEnumerable<(TlsVersion Version, int Code)> pairs) =>
        pairs.Select(p => $"{p.Version} 0x{p.Code:X4}").OrderBy(x => x, StringComparer.Ordinal).ToArray();
}
