using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Client;
using MailTls.Diagnostics;
using MailTls.Tests.Smtp;
using Xunit;

namespace MailTls.Tests.Client;

/// <summary>
/// IMAP and POP3 servers that Dovecot will not imitate, from a scripted server: every case ends within
/// its timeout, classified, with the socket closed, and the clear-text capabilities read as MailKit sees them.
/// </summary>
public class ClientProberHostileTests
{
    [Fact]
    public async Task Probe_ImapSilentFromTheStart_ReportsNoGreetingAfterTheTimeout()
    {
        var (result, elapsed) = await ProbeAsync(MailClientProtocol.Imap, s => s.StallAsync());

        AssertOnly(result, FindingCodes.ServiceNoGreeting, Verdict.Error);
        Assert.True(result.Reachable);
        Assert.InRange(elapsed.TotalSeconds, 0.9, 3.5);
    }

    [Fact]
    public async Task Probe_ImapByeGreeting_IsServiceRefused()
    {
        var (result, _) = await ProbeAsync(MailClientProtocol.Imap, s => s.SendAsync("* BYE Too many connections from your address\r\n"));

        AssertOnly(result, FindingCodes.ServiceRefused, Verdict.Error);
    }

    [Fact]
    public async Task Probe_ImapStallAfterStartTls_ReportsTlsTimeoutAsAFailure()
    {
        var (result, elapsed) = await ProbeAsync(MailClientProtocol.Imap, async s =>
        {
            await s.SendAsync("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hostile ready\r\n");
            var command = await s.ReadLineAsync();
            await s.SendAsync(command.Split(' ')[0] + " OK Begin TLS negotiation now.\r\n");
            await s.StallAsync();
        });

        AssertOnly(result, FindingCodes.TlsTimeout, Verdict.Fail);
        Assert.True(result.TlsOffered);
        Assert.False(result.AuthBeforeTls);
        Assert.InRange(elapsed.TotalSeconds, 0.9, 3.5);
    }

    [Fact]
    public async Task Probe_ImapLoginAllowedAndNoStartTls_IsBothFindings()
    {
        var (result, _) = await ProbeAsync(MailClientProtocol.Imap, async s =>
        {
            await s.SendAsync("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile ready\r\n");
            var command = await s.ReadLineAsync();
            await s.SendAsync("* BYE\r\n" + command.Split(' ')[0] + " OK Logout completed.\r\n");
        });

        Assert.Equal(new[] { FindingCodes.StartTlsNotOffered, FindingCodes.AuthBeforeTls }, result.Findings.Select(f => f.Code));
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal(new[] { "PLAIN", "LOGIN command" }, result.AuthMechanismsBeforeTls);
    }

    [Fact]
    public async Task Probe_PopGarbageThenHangUpAfterStls_IsHandshakeFailed()
    {
        var (result, _) = await ProbeAsync(MailClientProtocol.Pop3, async s =>
        {
            await s.SendAsync("+OK hostile ready\r\n");
            await s.ReadLineAsync();
            await s.SendAsync("+OK\r\nSTLS\r\nSASL\r\n.\r\n");
            await s.ReadLineAsync();
            await s.SendAsync("+OK Begin TLS\r\nthis is not TLS at all\r\n");
            s.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });

        AssertOnly(result, FindingCodes.TlsHandshakeFailed, Verdict.Fail);
        Assert.False(result.AuthBeforeTls);
    }

    [Fact]
    public async Task Probe_PopStlsRefused_IsStartTlsRefused()
    {
        var (result, _) = await ProbeAsync(MailClientProtocol.Pop3, async s =>
        {
            await s.SendAsync("+OK hostile ready\r\n");
            await s.ReadLineAsync();
            await s.SendAsync("+OK\r\nSTLS\r\n.\r\n");
            await s.ReadLineAsync();
            await s.SendAsync("-ERR TLS is broken here\r\n");
            await s.StallAsync();
        });

        AssertOnly(result, FindingCodes.StartTlsRefused, Verdict.Fail);
    }

    [Theory]
    [InlineData("+OK\r\nTOP\r\nUSER\r\n.\r\n", true)]
    [InlineData("+OK\r\nTOP\r\n.\r\n", false)]
    public async Task Probe_PopWithoutStls_ReadsUserFromTheCapaAnswer(string capa, bool user)
    {
        var (result, _) = await ProbeAsync(MailClientProtocol.Pop3, async s =>
        {
            await s.SendAsync("+OK hostile ready\r\n");
            await s.ReadLineAsync();
            await s.SendAsync(capa);
            await s.ReadLineAsync();
            await s.SendAsync("+OK bye\r\n");
        });

        Assert.False(result.TlsOffered);
        Assert.Equal(user, result.AuthBeforeTls);
        Assert.Equal(user, result.Findings.Contains(FindingCodes.AuthBeforeTls));
        Assert.Contains(FindingCodes.StartTlsNotOffered, result.Findings.Select(f => f.Code));
    }

    [Fact]
    public async Task Probe_ImapFlood_StopsAtTheByteLimit()
    {
        var (result, _) = await ProbeAsync(MailClientProtocol.Imap, async s =>
        {
            var chunk = Encoding.ASCII.GetBytes(new string('x', 8192));
            await s.SendAsync("* OK ");
            while (true)
            {
                await s.Stream.WriteAsync(chunk, s.Stop);
            }
        });

        AssertOnly(result, FindingCodes.ServiceReplyTooLarge, Verdict.Error);
    }

    [Fact]
    public async Task Probe_CancelledWhileTheServerStalls_Throws()
    {
        await using var server = new HostileSmtpServer(s => s.StallAsync());
        var checker = HostileChecks.Session(busyRetries: 0).ClientChecker(Options(MailClientProtocol.Imap, server));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checker.CheckHostAsync(server.EndPoint.Address.ToString(), OperationLog.None, cancel.Token));
    }

    private static void AssertOnly(MailClientTlsResult result, string code, Verdict verdict)
    {
        Assert.Equal(code, Assert.Single(result.Findings).Code);
        Assert.Equal(verdict, result.Verdict);
    }

    private static MailClientProbeOptions Options(MailClientProtocol protocol, HostileSmtpServer server) =>
        new(new[] { protocol }, new[] { server.EndPoint.Port }, SmtpTlsMode.StartTls, "hostile.test", "probe.test", HostileChecks.Step);

    private static async Task<(MailClientTlsResult Result, TimeSpan Elapsed)> ProbeAsync(MailClientProtocol protocol, Func<HostileSmtpServer.Session, Task> script)
    {
        await using var server = new HostileSmtpServer(script);
        var checker = HostileChecks.Session(busyRetries: 0).ClientChecker(Options(protocol, server));
        var clock = Stopwatch.StartNew();
        var check = await checker.CheckHostAsync(server.EndPoint.Address.ToString(), OperationLog.None, CancellationToken.None);
        var elapsed = clock.Elapsed;

        var closed = await Task.WhenAny(server.ClientClosed.Task, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.True(closed == server.ClientClosed.Task, "The probe left its connection open.");
        Assert.Empty(check.Faults);
        return (Assert.Single(check.Results), elapsed);
    }
}
