using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Smtp;
using Xunit;

namespace MailTls.Tests.Smtp;

/// <summary>What Postfix will not do, from a scripted server: every case ends within its timeout, classified, with the socket closed.</summary>
public class SmtpProberHostileTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Probe_BannerThatNeverEndsALine_StopsAtTheByteLimit()
    {
        var (result, _) = await ProbeAsync(async s =>
        {
            var chunk = Encoding.ASCII.GetBytes(new string('x', 8192));
            await s.SendAsync("220 ");
            while (true)
            {
                await s.Stream.WriteAsync(chunk, s.Stop);
            }
        });

        AssertOnly(result, FindingCodes.SmtpReplyTooLarge, Verdict.Error);
    }

    [Fact]
    public async Task Probe_PartialBannerThenSilence_ReportsNoBannerAfterTheTimeout()
    {
        var (result, elapsed) = await ProbeAsync(async s =>
        {
            await s.SendAsync("220 hostile.test still typing");
            await s.StallAsync();
        });

        AssertOnly(result, FindingCodes.SmtpNoBanner, Verdict.Error);
        Assert.InRange(elapsed.TotalSeconds, 0.9, 3);
    }

    [Fact]
    public async Task Probe_OneMegabyteEhloReply_StopsAtTheByteLimit()
    {
        var (result, _) = await ProbeAsync(async s =>
        {
            await s.SendAsync("220 hostile.test ESMTP\r\n");
            await s.ReadLineAsync();
            var line = "250-" + new string('A', 1000) + "\r\n";
            var reply = new StringBuilder();
            for (var i = 0; i < 1024; i++)
            {
                reply.Append(line);
            }

            await s.SendAsync(reply + "250 OK\r\n");
            await s.StallAsync();
        });

        AssertOnly(result, FindingCodes.SmtpReplyTooLarge, Verdict.Error);
    }

    [Fact]
    public async Task Probe_StallAfterStartTls_ReportsTlsTimeoutAsAFailure()
    {
        var (result, elapsed) = await ProbeAsync(async s =>
        {
            await s.UpToStartTlsAsync();
            await s.SendAsync("220 2.0.0 Ready to start TLS\r\n");
            await s.StallAsync();
        });

        AssertOnly(result, FindingCodes.TlsTimeout, Verdict.Fail);
        Assert.True(result.StartTlsOffered);
        Assert.InRange(elapsed.TotalSeconds, 0.9, 3);
    }

    [Fact]
    public async Task Probe_GarbageInsteadOfTls_ReportsHandshakeFailure()
    {
        var (result, _) = await ProbeAsync(async s =>
        {
            await s.UpToStartTlsAsync();
            await s.SendAsync("220 2.0.0 Ready to start TLS\r\n");
            await s.SendAsync("this is not a TLS record at all\r\n");
            await s.StallAsync();
        });

        AssertOnly(result, FindingCodes.TlsHandshakeFailed, Verdict.Fail);
    }

    [Fact]
    public async Task Probe_ResetInTheMiddleOfTheHandshake_ReportsHandshakeFailure()
    {
        var (result, _) = await ProbeAsync(async s =>
        {
            await s.UpToStartTlsAsync();
            await s.SendAsync("220 2.0.0 Ready to start TLS\r\n");
            _ = await s.Stream.ReadAsync(new byte[64], s.Stop); // part of the ClientHello
            s.Socket.LingerState = new LingerOption(true, 0); // close with RST
            s.Socket.Close();
        });

        AssertOnly(result, FindingCodes.TlsHandshakeFailed, Verdict.Fail);
        Assert.Contains("closed the connection during the handshake", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_StartTlsAnswered454_ReportsStartTlsRefused()
    {
        var (result, _) = await ProbeAsync(async s =>
        {
            await s.UpToStartTlsAsync();
            await s.SendAsync("454 4.7.0 TLS not available due to local problem\r\n");
            await s.ReadLineAsync(); // QUIT
            await s.SendAsync("221 2.0.0 Bye\r\n");
        });

        AssertOnly(result, FindingCodes.StartTlsRefused, Verdict.Fail);
        Assert.Contains("454", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_Greeting421_IsRateLimitedNotAFindingAboutTls()
    {
        var connections = 0;
        var (result, _) = await ProbeAsync(async s =>
        {
            Interlocked.Increment(ref connections);
            await s.SendAsync("421 4.7.0 hostile.test Too many connections, slow down\r\n");
        });

        AssertOnly(result, FindingCodes.SmtpRateLimited, Verdict.Error);
        Assert.Contains("Too many connections", result.Findings[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task Probe_Greeting554_ReportsServiceRefused()
    {
        var (result, _) = await ProbeAsync(s => s.SendAsync("554 5.7.1 hostile.test No SMTP service for you\r\n"));

        AssertOnly(result, FindingCodes.SmtpServiceRefused, Verdict.Error);
    }

    [Fact]
    public async Task Probe_ServerClosesWithoutGreeting_ReportsNoBanner()
    {
        var (result, _) = await ProbeAsync(s =>
        {
            s.Socket.Shutdown(SocketShutdown.Send);
            return Task.CompletedTask;
        });

        AssertOnly(result, FindingCodes.SmtpNoBanner, Verdict.Error);
    }

    private static void AssertOnly(SmtpTlsResult result, string code, Verdict verdict)
    {
        Assert.Equal(new[] { code }, result.Findings.Select(f => f.Code));
        Assert.Equal(verdict, result.Verdict);
    }

    private static async Task<(SmtpTlsResult Result, TimeSpan Elapsed)> ProbeAsync(Func<HostileSmtpServer.Session, Task> script)
    {
        await using var server = new HostileSmtpServer(script);
        var checker = HostileChecks.Checker(server, busyRetries: 0);
        var clock = Stopwatch.StartNew();
        var result = (await checker.CheckHostAsync(server.EndPoint.Address.ToString(), new OperationLog(), CancellationToken.None)).Results.Single();
        var elapsed = clock.Elapsed;

        // The probe must have closed its socket: the server sees end-of-stream promptly.
        var closed = await Task.WhenAny(server.ClientClosed.Task, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.True(closed == server.ClientClosed.Task, "The probe left its connection open.");
        Assert.True(elapsed < Step * 5, $"The probe took {elapsed.TotalSeconds:0.0} s.");
        return (result, elapsed);
    }
}
