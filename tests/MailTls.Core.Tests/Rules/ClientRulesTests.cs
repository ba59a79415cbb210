using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using MailTls.Certificates;
using MailTls.Client;
using MailTls.Rules;
using MailTls.Tests.Certificates;
using MailTls.Tests.Tls;
using MailTls.Tls;
using Xunit;

namespace MailTls.Tests.Rules;

/// <summary>The client-endpoint rules on made-up facts: logging in before TLS, STARTTLS, certificates as clients see them. No lab.</summary>
public class ClientRulesTests
{
    private static readonly TestPki.Authority Root = TestPki.Root("Client Rules Root", HashAlgorithmName.SHA256);
    private static readonly CertificateTrust Trust = new(new[] { Root.Certificate });
    private static readonly AuthOffer Nothing = new(TextList.None, TextList.None, loginCommand: false);
    private static readonly AuthOffer Password = new(TextList.None, new TextList(new[] { "LOGIN", "PLAIN" }), loginCommand: false);

    [Fact]
    public void Judge_StartTlsWithoutLoginBeforeIt_Passes()
    {
        var result = Result(Facts(MailClientProtocol.Imap, 143, SmtpTlsMode.StartTls, before: new AuthOffer(TextList.None, TextList.None, loginCommand: false), after: Password));

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Empty(result.Findings);
        Assert.False(result.AuthBeforeTls);
        Assert.True(result.PlaintextAuthAfterTls);
    }

    [Theory]
    [InlineData(MailClientProtocol.Submission, 587, false, "smtpd_tls_auth_only = yes")]
    [InlineData(MailClientProtocol.Imap, 143, true, "disable_plaintext_auth = yes")]
    [InlineData(MailClientProtocol.Pop3, 110, true, "STLS")]
    public void Judge_LoginOfferedBeforeTls_IsAuthBeforeTlsAndFails(MailClientProtocol protocol, int port, bool loginCommand, string advice)
    {
        var before = new AuthOffer(TextList.None, loginCommand ? TextList.None : new TextList(new[] { "PLAIN" }), loginCommand);
        var result = Result(Facts(protocol, port, SmtpTlsMode.StartTls, before: before, after: Password));

        Assert.Equal(Verdict.Fail, result.Verdict);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingCodes.AuthBeforeTls, finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains(advice, finding.Message, StringComparison.Ordinal);
        Assert.True(result.AuthBeforeTls);
        Assert.NotEmpty(result.AuthMechanismsBeforeTls);
    }

    [Fact]
    public void Judge_PopSaslWithNoMechanismListed_IsNoLoginBeforeTls()
    {
        // Dovecot lists "SASL" with no mechanism before STLS when it takes none in clear text.
        var offer = new AuthOffer(new TextList(new[] { "Sasl", "StartTLS" }), TextList.None, loginCommand: false);

        Assert.False(offer.AcceptsLogin);
        Assert.Equal(Verdict.Pass, Result(Facts(MailClientProtocol.Pop3, 110, SmtpTlsMode.StartTls, before: offer, after: Password)).Verdict);
    }

    [Fact]
    public void Judge_NoStartTlsAndAuthInClearText_IsBothFindings()
    {
        var facts = Facts(MailClientProtocol.Submission, 587, SmtpTlsMode.StartTls, before: Password, after: null, tls: false, tlsOffered: false);
        var result = Result(facts);

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal(new[] { FindingCodes.StartTlsNotOffered, FindingCodes.AuthBeforeTls }, result.Findings.Select(f => f.Code));
        Assert.Contains("465", result.Findings[0].Message, StringComparison.Ordinal);
        Assert.Null(result.PlaintextAuthAfterTls);
    }

    [Fact]
    public void Judge_ImplicitTls_HasNoClearTextPhaseToJudge()
    {
        var result = Result(Facts(MailClientProtocol.Imap, 993, SmtpTlsMode.Implicit, before: null, after: Password));

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Null(result.AuthBeforeTls);
        Assert.Null(result.TlsOffered);
    }

    [Fact]
    public void Judge_ExpiredCertificate_IsAnErrorForClientsThoughOnlyAWarningForSenders()
    {
        var leaf = TestPki.Leaf(Root, "imap.contoso.test", HashAlgorithmName.SHA256, notAfter: DateTimeOffset.UtcNow.AddDays(-3));
        var report = CertificateInspector.Inspect(leaf, new[] { leaf }, "imap.contoso.test", Trust, DateTimeOffset.UtcNow);
        var result = Result(Facts(MailClientProtocol.Imap, 993, SmtpTlsMode.Implicit, before: null, after: Password, certificate: report));

        Assert.Equal(Severity.Warning, report.Findings.Single(f => f.Code == FindingCodes.CertExpired).Severity);
        var expired = result.Findings.Single(f => f.Code == FindingCodes.CertExpired);
        Assert.Equal(Severity.Error, expired.Severity);
        Assert.Contains("Mail clients validate certificates", expired.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.Fail, result.Verdict);
    }

    [Fact]
    public void Judge_CertificateExpiringSoon_KeepsItsSeverity()
    {
        var leaf = TestPki.Leaf(Root, "imap.contoso.test", HashAlgorithmName.SHA256, notAfter: DateTimeOffset.UtcNow.AddDays(20));
        var report = CertificateInspector.Inspect(leaf, new[] { leaf }, "imap.contoso.test", Trust, DateTimeOffset.UtcNow);
        var result = Result(Facts(MailClientProtocol.Imap, 993, SmtpTlsMode.Implicit, before: null, after: Password, certificate: report));

        Assert.Equal(Severity.Info, Assert.Single(result.Findings).Severity);
        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public void Judge_Tls10_WarnsAsForSenders()
    {
        var result = Result(Facts(MailClientProtocol.Pop3, 995, SmtpTlsMode.Implicit, before: null, after: Password, version: TlsVersion.Tls10));

        Assert.Equal(FindingCodes.TlsLegacyProtocol, Assert.Single(result.Findings).Code);
        Assert.Equal(Verdict.Warn, result.Verdict);
    }

    [Fact]
    public void Judge_ProbeThatCouldNotRun_IsError()
    {
        var facts = new ClientProbeFacts(IPAddress.Parse("192.0.2.1"), MailClientProtocol.Imap, 993, SmtpTlsMode.Implicit, "imap.contoso.test")
        {
            Failure = new Finding(FindingCodes.ConnectRefused, Severity.Error, "refused"),
            Ran = false,
        };
        var result = Result(facts);

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.False(result.Reachable);
    }

    [Fact]
    public void AuthOffer_DescribesMechanismsAndTheProtocolsOwnCommand()
    {
        var offer = new AuthOffer(TextList.None, new TextList(new[] { "PLAIN" }), loginCommand: true);

        Assert.Equal("AUTH PLAIN and USER/PASS", offer.Describe(MailClientProtocol.Pop3));
        Assert.Equal("AUTH PLAIN and the LOGIN command", offer.Describe(MailClientProtocol.Imap));
        Assert.True(offer.PlaintextPassword);
        Assert.False(new AuthOffer(TextList.None, new TextList(new[] { "SCRAM-SHA-256" }), false).PlaintextPassword);
    }

    [Fact]
    public void Enumeration_OfALegacyOnlyEndpoint_SaysTlsLegacyOnlyInsteadOfAHandshakeFailure()
    {
        var facts = new ClientProbeFacts(IPAddress.Parse("192.0.2.1"), MailClientProtocol.Imap, 993, SmtpTlsMode.Implicit, "mail.contoso.test")
        {
            Reachable = true,
            Failure = new Finding(FindingCodes.TlsHandshakeFailed, Severity.Error, "The TLS handshake failed."),
        };
        var enumeration = TlsFacts.Enumeration(TlsFacts.Version(TlsVersion.Tls10, TlsSupport.Accepted, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));

        var findings = ClientRules.Judge(facts, TlsRules.ForEnumeration(enumeration, opportunistic: false));
        var endpoint = new ClientEndpoint("contoso.test", "mail.contoso.test", MailClientProtocol.Imap, 993, SmtpTlsMode.Implicit, ClientEndpointSource.SrvRecord, "test");
        var result = MailClientTlsResult.Probed(endpoint, facts, findings, enumeration);

        Assert.Equal(new[] { FindingCodes.TlsLegacyOnly }, result.Findings.Select(f => f.Code).Where(c => c.StartsWith("TLS_LEGACY", StringComparison.Ordinal) || c == FindingCodes.TlsHandshakeFailed));
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal(TlsVersion.Tls10, result.LowestProtocol);
        Assert.Equal("TLS 1.0", result.ProtocolsAccepted.ToString());
        Assert.Equal(1, result.CipherSuiteCount);
        Assert.Single(result.GetCipherSuites());
    }

    [Fact]
    public void Enumeration_AnonymousSuitesOnAClientPort_AreAWarningNotInfo()
    {
        var facts = Facts(MailClientProtocol.Submission, 587, SmtpTlsMode.StartTls, Nothing, Nothing);
        var enumeration = TlsFacts.Enumeration(TlsFacts.Version(TlsVersion.Tls12, TlsSupport.Accepted, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DH_anon_WITH_AES_256_GCM_SHA384@2048"));

        var findings = ClientRules.Judge(facts, TlsRules.ForEnumeration(enumeration, opportunistic: false));

        Assert.Equal(Severity.Warning, findings.Single(f => f.Code == FindingCodes.TlsCipherAnonymous).Severity);
        Assert.DoesNotContain(findings, f => f.Code == FindingCodes.TlsLegacyProtocol);
    }

    private static MailClientTlsResult Result(ClientProbeFacts facts)
    {
        var endpoint = new ClientEndpoint("contoso.test", facts.ServerName, facts.Protocol, facts.Port, facts.Mode, ClientEndpointSource.SrvRecord, "test");
        return MailClientTlsResult.Probed(endpoint, facts, ClientRules.Judge(facts));
    }

    private static ClientProbeFacts Facts(MailClientProtocol protocol, int port, SmtpTlsMode mode, AuthOffer? before, AuthOffer? after,
        bool tls = true, bool? tlsOffered = null, TlsVersion version = TlsVersion.Tls13, CertificateReport? certificate = null) =>
        new(IPAddress.Parse("192.0.2.1"), protocol, port, mode, "mail.contoso.test")
        {
            Reachable = true,
            TlsOffered = mode == SmtpTlsMode.Implicit ? null : tlsOffered ?? true,
            TlsEstablished = tls,
            TlsProtocol = tls ? version : null,
            BeforeTls = before,
            AfterTls = tls ? after : null,
            Certificate = certificate,
        };
}
