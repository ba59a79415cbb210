using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Smtp;
using Xunit;

namespace MailTls.Tests.Smtp;

/// <summary>
/// Servers that answer 421 to bursts (hosted providers do): the run backs off and retries, lowers its
/// connections to that address, and reports a limit that persists as SMTP_RATE_LIMITED — never as a
/// finding about TLS.
/// </summary>
public class SmtpRateLimitTests
{
    private const string TooMany = "421 4.7.0 hostile.test Too many connections from your host\r\n";

    [Fact]
    public async Task Check_421ForTheFirstConnections_BacksOffAndGetsThrough()
    {
        await using var server = new HostileSmtpServer(async (s, n) =>
        {
            if (n <= 2)
            {
                await s.SendAsync(TooMany);
                return;
            }

            await s.PlainDialogueAsync();
        }, connections: 3);
        var session = HostileChecks.Session(busyRetries: 3);
        var log = new OperationLog();

        var check = await HostileChecks.Checker(session, server).CheckHostAsync(server.EndPoint.Address.ToString(), log, CancellationToken.None);

        var result = Assert.Single(check.Results);
        Assert.Equal(new[] { FindingCodes.StartTlsNotOffered }, result.Findings.Select(f => f.Code));
        Assert.Equal(3, server.Accepted);
        Assert.True(session.Connections.LimitFor(server.EndPoint.Address) < 16);
        Assert.Contains(log.Lines, l => l.Contains("is busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_421OnEveryTry_IsRateLimitedNotStartTlsNotOffered()
    {
        await using var server = new HostileSmtpServer((s, _) => s.SendAsync(TooMany), connections: 3);

        var check = await HostileChecks.Checker(server, busyRetries: 2).CheckHostAsync(server.EndPoint.Address.ToString(), new OperationLog(), CancellationToken.None);

        var result = Assert.Single(check.Results);
        Assert.Equal(new[] { FindingCodes.SmtpRateLimited }, result.Findings.Select(f => f.Code));
        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Equal(3, server.Accepted);
    }

    [Fact]
    public async Task Check_421AfterTwoConnectionsInABurst_EveryServerNameGetsItsAnswer()
    {
        // A sliding-window limiter: at most two sessions at once; the others are told 421.
        var open = 0;
        await using var server = new HostileSmtpServer(async (s, _) =>
        {
            if (Interlocked.Increment(ref open) > 2)
            {
                await s.SendAsync(TooMany);
                Interlocked.Decrement(ref open);
                return;
            }

            await Task.Delay(150);
            await s.PlainDialogueAsync();
            Interlocked.Decrement(ref open);
        }, connections: 64);
        var session = HostileChecks.Session(busyRetries: 5);
        var exchangers = Enumerable.Range(1, 6).Select(i => new MailExchanger("burst.test", $"mx{i}.burst.test", 10,
            new AddressList(new[] { server.EndPoint.Address }), false, false, MailTls.Dns.DnssecStatus.Unsigned, string.Empty));
        var checker = session.SmtpChecker(new SmtpProbeOptions(server.EndPoint.Port, SmtpTlsMode.StartTls, null, "probe.test", HostileChecks.Step));

        var check = await checker.CheckExchangersAsync(exchangers, session.Dns, new OperationLog(), CancellationToken.None);

        Assert.Equal(6, check.Results.Count);
        Assert.All(check.Results, r => Assert.Equal(new[] { FindingCodes.StartTlsNotOffered }, r.Findings.Select(f => f.Code)));
        Assert.True(server.Accepted > 6, "the server never said 421, so nothing was tested");
    }
}
