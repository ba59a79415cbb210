using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Client;
using MailTls.Dns;
using Xunit;

namespace MailTls.Tests.Client;

/// <summary>Which endpoints a domain's SRV answers name, decided without the network (RFC 6186, RFC 8314).</summary>
public class ClientDiscoveryRulesTests
{
    private const string Domain = "contoso.test";
    private static readonly MailClientProbeOptions All = new(heloName: "probe.test");

    [Fact]
    public void FromSrv_RecordsForBothServices_GiveTheirTargetsPortsAndModes()
    {
        var outcome = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Imap, Answers(
            ("_imap._tcp", Records(new SrvTarget(0, 1, 143, "imap.contoso.test"))),
            ("_imaps._tcp", Records(new SrvTarget(0, 1, 993, "imap.contoso.test")))));

        Assert.True(outcome.Published);
        Assert.Equal(new[] { "imap.contoso.test:143 StartTls", "imap.contoso.test:993 Implicit" }, outcome.Endpoints.Select(Describe));
        Assert.All(outcome.Endpoints, e => Assert.Equal(ClientEndpointSource.SrvRecord, e.Source));
        Assert.Equal("SRV _imaps._tcp.contoso.test: 0 1 993 imap.contoso.test", outcome.Endpoints[1].Discovery);
    }

    [Fact]
    public void FromSrv_ADotTarget_SaysNotOfferedAndGivesNoEndpoint()
    {
        var outcome = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Pop3, Answers(
            ("_pop3._tcp", Records(new SrvTarget(0, 0, 0, string.Empty))),
            ("_pop3s._tcp", Records())));

        Assert.True(outcome.Published);
        Assert.Empty(outcome.Endpoints);
        Assert.Contains(outcome.Notes, n => n.Contains("offers no Pop3", StringComparison.Ordinal));
    }

    [Fact]
    public void FromSrv_SeveralTargets_ComeByPriorityThenHeavierWeight_OncePerHostAndPort()
    {
        var outcome = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Submission, Answers(
            ("_submission._tcp", Records(
                new SrvTarget(20, 5, 587, "backup.contoso.test"),
                new SrvTarget(10, 1, 587, "light.contoso.test"),
                new SrvTarget(10, 9, 587, "heavy.contoso.test"),
                new SrvTarget(30, 1, 587, "heavy.contoso.test"))),
            ("_submissions._tcp", Records())));

        Assert.Equal(new[] { "heavy.contoso.test:587 StartTls", "light.contoso.test:587 StartTls", "backup.contoso.test:587 StartTls" }, outcome.Endpoints.Select(Describe));
    }

    [Fact]
    public void FromSrv_NoRecords_IsUnpublished_SoTheUsualNamesAreTried()
    {
        var outcome = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Imap, Answers(("_imap._tcp", Records()), ("_imaps._tcp", Records())));

        Assert.False(outcome.Published);
        Assert.Null(outcome.Failure);
        Assert.Empty(outcome.Endpoints);
    }

    [Fact]
    public void FromSrv_ALookupFailedAndNothingFound_IsAFailure_ButRecordsOfTheOtherServiceStillCount()
    {
        var failed = new SrvLookup("_imap._tcp.contoso.test", Array.Empty<SrvTarget>(), new DnsFailure(DnsFailureKind.Timeout, "_imap._tcp.contoso.test", "SRV", "192.0.2.53", "timed out"));

        var nothing = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Imap, new[] { (Service("_imap._tcp"), failed), (Service("_imaps._tcp"), Records()) });
        var some = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Imap, new[] { (Service("_imap._tcp"), failed), (Service("_imaps._tcp"), Records(new SrvTarget(0, 1, 993, "imap.contoso.test"))) });

        Assert.Equal(DnsFailureKind.Timeout, nothing.Failure?.Kind);
        Assert.Null(some.Failure);
        Assert.Single(some.Endpoints);
        Assert.Contains(some.Notes, n => n.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public void FromSrv_PortZero_IsSkipped()
    {
        var outcome = ClientDiscoveryRules.FromSrv(Domain, MailClientProtocol.Imap, Answers(("_imaps._tcp", Records(new SrvTarget(0, 1, 0, "imap.contoso.test")))));

        Assert.True(outcome.Published);
        Assert.Empty(outcome.Endpoints);
    }

    [Fact]
    public void FromUsualName_ProbesBothPortsOfTheProtocol_AndSaysWhichNamesWereTried()
    {
        var endpoints = ClientDiscoveryRules.FromUsualName(Domain, MailClientProtocol.Pop3, "mail.contoso.test", All);

        Assert.Equal(new[] { "mail.contoso.test:110 StartTls", "mail.contoso.test:995 Implicit" }, endpoints.Select(Describe));
        Assert.All(endpoints, e => Assert.Equal(ClientEndpointSource.UsualName, e.Source));
        Assert.Contains("pop.contoso.test, mail.contoso.test", endpoints[0].Discovery, StringComparison.Ordinal);
    }

    [Fact]
    public void UsualNames_AreTheProtocolsOwnNameThenMail()
    {
        Assert.Equal(new[] { "smtp.contoso.test", "mail.contoso.test" }, ClientService.UsualNames(MailClientProtocol.Submission, Domain));
        Assert.Equal(new[] { "imap.contoso.test", "mail.contoso.test" }, ClientService.UsualNames(MailClientProtocol.Imap, Domain));
        Assert.Equal(new[] { "pop.contoso.test", "mail.contoso.test" }, ClientService.UsualNames(MailClientProtocol.Pop3, Domain));
    }

    [Fact]
    public void Narrow_PortsProbeEachSrvHostThere_AndAFixedModeKeepsOnlyItsEndpoints()
    {
        var found = new[]
        {
            Endpoint("a.contoso.test", 143, SmtpTlsMode.StartTls),
            Endpoint("a.contoso.test", 993, SmtpTlsMode.Implicit),
            Endpoint("b.contoso.test", 993, SmtpTlsMode.Implicit),
        };

        var ported = ClientDiscoveryRules.Narrow(found, new MailClientProbeOptions(new[] { MailClientProtocol.Imap }, new[] { 1993 }, heloName: "probe.test"));
        var implicitOnly = ClientDiscoveryRules.Narrow(found, new MailClientProbeOptions(mode: SmtpTlsMode.Implicit, heloName: "probe.test"));

        Assert.Equal(new[] { "a.contoso.test:1993 StartTls", "b.contoso.test:1993 StartTls" }, ported.Select(Describe));
        Assert.Equal(new[] { "a.contoso.test:993 Implicit", "b.contoso.test:993 Implicit" }, implicitOnly.Select(Describe));
    }

    [Fact]
    public void Options_PortsNeedASingleProtocol_AndPickTheModeFromThePort()
    {
        var error = Assert.Throws<ArgumentException>(() => new MailClientProbeOptions(ports: new[] { 993 }, heloName: "probe.test"));
        Assert.Equal("ports", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MailClientProbeOptions(new[] { MailClientProtocol.Imap }, new[] { 993, 0 }, heloName: "probe.test"));

        var options = new MailClientProbeOptions(new[] { MailClientProtocol.Pop3 }, new[] { 995, 1110 }, heloName: "probe.test");
        Assert.Equal(new[] { (995, SmtpTlsMode.Implicit), (1110, SmtpTlsMode.StartTls) }, options.PortsFor(MailClientProtocol.Pop3));
        Assert.Equal(3, new MailClientProbeOptions(heloName: "probe.test").Protocols.Count);
    }

    private static string Describe(ClientEndpoint e) => $"{e.HostName}:{e.Port} {e.Mode}";

    private static ClientEndpoint Endpoint(string host, int port, SmtpTlsMode mode) =>
        new(Domain, host, MailClientProtocol.Imap, port, mode, ClientEndpointSource.SrvRecord, "test");

    private static ClientService Service(string prefix) => ClientService.All.Single(s => s.SrvPrefix == prefix);

    private static SrvLookup Records(params SrvTarget[] records) => new("unused", records, null);

    private static IReadOnlyList<(ClientService, SrvLookup)> Answers(params (string Prefix, SrvLookup Lookup)[] answers) =>
        answers.Select(a => (Service(a.Prefix), new SrvLookup(a.Prefix + "." + Domain, a.Lookup.Records, a.Lookup.Failure))).ToArray();
}
