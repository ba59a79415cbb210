using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Diagnostics;
using MailTls.Tests.Lab;
using MailTls.Tls;
using Xunit;

namespace MailTls.Tests.Tls;

/// <summary>What the enumerator concludes about the lab's cipher-suite listeners (tests/lab/conf/smtp-listeners.conf).</summary>
public sealed class TlsEnumeratorLabTests
{
    [Fact]
    public async Task LegacyOnlyServer_AcceptsTls10Only_AndIsLegacyOnly()
    {
        var result = await LabEnumerations.Of("legacy");

        Assert.Equal(new[] { TlsVersion.Tls10 }, result.Versions.Where(v => v.Support == TlsSupport.Accepted).Select(v => v.Version));
        Assert.All(result.Versions.Where(v => v.Version != TlsVersion.Tls10), v => Assert.Equal(TlsSupport.NotAccepted, v.Support));
        Assert.Equal("CN=legacy.example.test, O=MailTls Lab", result[TlsVersion.Tls10].Certificate!.Subject);
        var finding = TlsRules.ForEnumeration(result, opportunistic: true).Single(f => f.Code == FindingCodes.TlsLegacyOnly);
        Assert.Contains("TLS 1.0", finding.Message);
    }

    [Fact]
    public async Task QuickScan_UsesFiveConnections_AndAgreesWithTheFullEnumeration()
    {
        var endpoint = LabEnumerations.Endpoint("legacyall");
        var scan = await LabEnumerations.Enumerator.ScanVersionsAsync(endpoint, null, CancellationToken.None);
        var full = await LabEnumerations.Of("legacyall");

        Assert.Equal(5, scan.Connections);
        Assert.True(scan.Complete);
        Assert.Equal(full.Versions.Select(v => v.Support), TlsVersionCodes.All.Select(scan.Support));
        Assert.Equal(TlsVersion.Tls10, scan.LowestAccepted);
        Assert.Equal(TlsVersion.Tls13, scan.HighestAccepted);
        Assert.StartsWith("TLS_", scan.NegotiatedSuite(TlsVersion.Tls12));
        Assert.Equal(FindingCodes.TlsLegacyAccepted, Assert.Single(TlsRules.ForProtocolScan(scan)).Code);
    }

    [Fact]
    public async Task LegacyAll_AcceptsTls10To13WithCbcAndRsaKeyExchange_AndTheRulesSaySo()
    {
        var result = await LabEnumerations.Of("legacyall");
        var codes = TlsRules.ForEnumeration(result, opportunistic: true).Select(f => f.Code).ToArray();

        Assert.Contains(FindingCodes.TlsLegacyAccepted, codes);
        Assert.DoesNotContain(FindingCodes.TlsLegacyOnly, codes);
        Assert.Contains(result[TlsVersion.Tls10].Suites, s => s.Suite.Name == "TLS_RSA_WITH_AES_128_CBC_SHA");
        Assert.Contains(result[TlsVersion.Tls12].Suites, s => s.Suite.IsCbc);
        Assert.Equal("RSA 2048", TlsReport.Summary(result, true).CertificateKey);
    }

    [Fact]
    public async Task ServerOrder_IsDetected_AndRankOneIsWhatOpensslGetsWhateverItOffersFirst()
    {
        var result = await LabEnumerations.Of("serverorder");
        var tls12 = result[TlsVersion.Tls12];

        Assert.True(tls12.ServerOrder);
        Assert.Equal(Enumerable.Range(1, tls12.Suites.Count).Cast<int?>(), tls12.Suites.Select(s => s.Rank));
        var lab = LabInfo.Instance.Smtp("serverorder");
        // Postfix's preempted medium list ranks anonymous AES-256 first; openssl offering it last still gets it.
        Assert.Equal("TLS_DH_anon_WITH_AES_256_GCM_SHA384", tls12.Suites[0].Suite.Name);
        var chosen = PeerScanners.OpensslCipher(lab.Address, 25, "-tls1_2", "ECDHE-ECDSA-AES128-GCM-SHA256:ADH-AES256-GCM-SHA384");
        Assert.Equal("ADH-AES256-GCM-SHA384", chosen);
    }

    [Fact]
    public async Task ClientOrder_IsDetected_AndRanksAreEmpty()
    {
        var result = await LabEnumerations.Of("clientorder");
        var tls12 = result[TlsVersion.Tls12];

        Assert.False(tls12.ServerOrder);
        Assert.All(tls12.Suites, s => Assert.Null(s.Rank));
        Assert.DoesNotContain(tls12.Suites, s => s.Suite.IsAnonymous);
        Assert.Equal("client", TlsReport.Summary(result, true).ServerOrder);
    }

    [Fact]
    public async Task Dhe1024_ReportsTheSmallPrime_AndTlsDhWeak()
    {
        var result = await LabEnumerations.Of("dhe1024");

        var dhe = result[TlsVersion.Tls12].Suites.Where(s => s.Suite.KeyExchange == "DHE").ToList();
        Assert.NotEmpty(dhe);
        Assert.All(dhe, s => Assert.Equal(1024, s.DhPrimeBits));
        Assert.Contains(TlsRules.ForEnumeration(result, true), f => f.Code == FindingCodes.TlsDhWeak && f.Message.Contains("1024 bits"));
        Assert.Equal(1024, TlsReport.Summary(result, true).DhPrimeBits);
    }

    [Fact]
    public async Task ImplicitTls_On465_FindsWhatStartTlsFinds()
    {
        var starttls = await LabEnumerations.Of("legacyall");
        var implicitTls = await LabEnumerations.Of("legacyall", 465);

        Assert.Equal("Implicit", implicitTls.Mode);
        Assert.Equal(Pairs(starttls), Pairs(implicitTls));
    }

    [Fact]
    public async Task NoStartTls_IsAFailure_NotAnEmptyResult()
    {
        var lab = LabInfo.Instance.Smtp("nostarttls");
        var endpoint = new TlsEndpoint(lab.Address, 25, new SmtpStartTlsPreamble("probe.mailtls.test", TimeSpan.FromSeconds(5)), lab.Host);
        var result = await LabEnumerations.Enumerator.EnumerateAsync(endpoint, null, CancellationToken.None);

        Assert.Contains("STARTTLS", result.Failure);
        Assert.All(result.Versions, v => Assert.Equal(TlsSupport.Unknown, v.Support));
        Assert.Equal(Verdict.Error, TlsReport.Summary(result, true).Verdict);
        Assert.True(result.Connections <= 5, $"{result.Connections} connections to a server without STARTTLS");
    }

    [Fact]
    public async Task RateLimitedServer_ReportsUnknown_NeverNotAccepted_AndTellsTheGate()
    {
        // ratelimit answers 421 after 12 connections a minute; a full enumeration needs far more, and a 2 s budget cannot wait it out.
        var gate = new ConnectionGate(64);
        var endpoint = LabEnumerations.Endpoint("ratelimit");
        using var enumerator = new TlsEnumerator(new TlsEnumerationOptions(TimeSpan.FromSeconds(5), busyRetryBudget: TimeSpan.FromSeconds(2)), gate);
        var result = await enumerator.EnumerateAsync(endpoint, null, CancellationToken.None);

        Assert.True(gate.LimitFor(endpoint.Address) < ConnectionGate.DefaultPerAddress, "the 421 replies did not reach the gate");
        Assert.False(result.Complete);
        foreach (var version in new[] { TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            Assert.NotEqual(TlsSupport.NotAccepted, result[version].Support);
        }

        Assert.Contains(TlsRules.ForEnumeration(result, true), f => f.Code == FindingCodes.TlsScanIncomplete);
    }

    [Fact]
    public async Task Cancellation_StopsTheEnumerationPromptly()
    {
        using var enumerator = new TlsEnumerator(new TlsEnumerationOptions(), ConnectionGate.Unlimited);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enumerator.EnumerateAsync(LabEnumerations.Endpoint("legacyall"), null, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Log_HasTheSmtpDialogueOnce_AndEveryProbe()
    {
        var log = new OperationLog();
        using var enumerator = new TlsEnumerator(new TlsEnumerationOptions(), ConnectionGate.Unlimited);
        var result = await enumerator.EnumerateAsync(LabEnumerations.Endpoint("legacy"), log, CancellationToken.None);

        Assert.Single(log.Lines, l => l.Contains("C: STARTTLS"));
        Assert.Equal(result.Connections, log.Lines.Count(l => l.Contains(" ms)")));
        Assert.Contains(log.Lines, l => l.Contains("TLS 1.0 version probe: TLS 1.0 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"));
    }

    [Fact]
    public async Task Ssl3And3Des_OnABouncyCastleServer_AreFound_InServerOrder()
    {
        using var server = new LegacyTlsServer(
            new[] { Org.BouncyCastle.Tls.ProtocolVersion.TLSv10, Org.BouncyCastle.Tls.ProtocolVersion.SSLv3 },
            new[] { 0x000A, 0xC012, 0xC013, 0x002F },
            serverOrder: true);
        var endpoint = new TlsEndpoint(server.EndPoint.Address, server.EndPoint.Port, ImplicitTlsPreamble.Instance, "legacy-bc.example.test");
        var result = await LabEnumerations.Enumerator.EnumerateAsync(endpoint, null, CancellationToken.None);

        Assert.True(result.Complete);
        Assert.Equal(new[] { TlsVersion.Ssl3, TlsVersion.Tls10 }, result.Versions.Where(v => v.Support == TlsSupport.Accepted).Select(v => v.Version));
        var tls10 = result[TlsVersion.Tls10];
        Assert.True(tls10.ServerOrder);
        Assert.Equal(new[] { "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA" },
            tls10.Suites.Select(s => s.Suite.Name));
        Assert.Equal("CN=legacy-bc.example.test", result[TlsVersion.Ssl3].Certificate!.Subject);
        var findings = TlsRules.ForEnumeration(result, opportunistic: false);
        Assert.Contains(findings, f => f.Code == FindingCodes.TlsCipher3Des && f.Message.Contains("SSL 3.0 and TLS 1.0"));
        Assert.Contains(findings, f => f.Code == FindingCodes.TlsLegacyOnly && f.Message.Contains("only SSL 3.0 and TLS 1.0"));
    }

    private static string Pairs(TlsEnumeration enumeration) =>
        string.Join(",", enumeration.Versions.SelectMany(v => v.Suites.Select(s => $"{v.Version}:{s.Suite.Code}")).OrderBy(x => x));
}
