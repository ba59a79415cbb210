using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Certificates;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Https;
using MailTls.Tests.Lab;
using Xunit;

namespace MailTls.Tests.Https;

/// <summary>The strict fetch against the lab's nginx, resolved through the lab resolver.</summary>
public class StrictHttpsClientLabTests
{
    private static readonly LabInfo Lab = LabInfo.Instance;

    [Fact]
    public async Task Get_GoodPolicyHost_Returns200TextPlainAndTheBody()
    {
        var result = await FetchAsync(Lab.MtaSts("good").PolicyUrl, LabTrust());

        Assert.Equal(HttpsFetchFailure.None, result.Failure);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("text/plain", result.ContentType);
        Assert.StartsWith("version: STSv1\r\n", result.Body, StringComparison.Ordinal);
        Assert.True(result.Certificate!.ChainValid);
        Assert.True(result.Certificate.NameMatches);
    }

    [Fact]
    public async Task Get_LabCaNotTrusted_RefusesTheHandshakeAndSaysWhy()
    {
        var result = await FetchAsync(Lab.MtaSts("good").PolicyUrl, CertificateTrust.System);

        Assert.Equal(HttpsFetchFailure.Tls, result.Failure);
        Assert.Null(result.StatusCode);
        Assert.Contains(FindingCodes.CertUntrusted, result.Certificate!.Findings.Select(f => f.Code));
        Assert.Contains("not valid for it", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HostThatDoesNotResolve_ReportsTheDnsFailure()
    {
        var result = await FetchAsync(new Uri("https://mta-sts.no-such.example.test/.well-known/mta-sts.txt"), LabTrust());

        Assert.Equal(HttpsFetchFailure.Dns, result.Failure);
        Assert.Contains("NXDOMAIN", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Redirect_IsReportedWithItsLocationAndNotFollowed()
    {
        var result = await FetchAsync(Lab.MtaSts("redirect").PolicyUrl, LabTrust());

        Assert.Equal(301, result.StatusCode);
        Assert.Equal("https://mta-sts.example.test/.well-known/mta-sts.txt", result.Location);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Get_NotFound_Returns404WithoutABody()
    {
        var result = await FetchAsync(Lab.MtaSts("notfound").PolicyUrl, LabTrust());

        Assert.Equal(404, result.StatusCode);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Get_HtmlContentType_IsReportedAsServed()
    {
        var result = await FetchAsync(Lab.MtaSts("contenttype").PolicyUrl, LabTrust());

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("text/html", result.ContentType);
    }

    [Fact]
    public async Task Get_BodyOverTheLimit_IsNotReadAndSaysSo()
    {
        var result = await FetchAsync(Lab.MtaSts("oversize").PolicyUrl, LabTrust());

        Assert.Equal(200, result.StatusCode);
        Assert.True(result.BodyTooLarge);
        Assert.Null(result.Body);
    }

    [Theory]
    [InlineData("expiredcert", FindingCodes.CertExpired)]
    [InlineData("wrongcert", FindingCodes.CertNameMismatch)]
    public async Task Get_InvalidCertificateOnThePolicyHost_RefusesTheHandshake(string labCase, string code)
    {
        var result = await FetchAsync(Lab.MtaSts(labCase).PolicyUrl, LabTrust());

        Assert.Equal(HttpsFetchFailure.Tls, result.Failure);
        Assert.Null(result.StatusCode);
        Assert.Contains(code, result.Certificate!.Findings.Select(f => f.Code));
    }

    [Fact]
    public async Task Get_PlainHttpUrl_IsRefusedAsACallerMistake()
    {
        var client = new StrictHttpsClient(Options(LabTrust()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(new Uri("http://mta-sts.example.test/"), null, CancellationToken.None));
    }

    internal static CertificateTrust LabTrust() => new(new[] { Lab.CaCertificate });

    internal static StrictHttpsOptions Options(CertificateTrust trust, int maxBytes = 64 * 1024) =>
        new(maxBytes, TimeSpan.FromSeconds(5), trust, new MailExchangerResolver(new DnsResolver(new DnsResolverOptions(new[] { Lab.Resolver }))));

    internal static Task<HttpsFetchResult> FetchAsync(Uri url, CertificateTrust trust) =>
        new StrictHttpsClient(Options(trust)).GetAsync(url, new OperationLog(), CancellationToken.None);
}
