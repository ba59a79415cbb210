using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Tests.Lab;
using Xunit;

namespace MailTls.Tests.Dns;

/// <summary>The resolver against the lab's unbound and knot: failover, shared requests, caching, DNSSEC states.</summary>
[Collection(ResolverCounters.Name)]
public class DnsResolverLabTests
{
    private static readonly LabInfo Lab = LabInfo.Instance;

    [Fact]
    public async Task QueryAsync_SameQuestionAskedFiftyTimesAtOnce_ReachesTheResolverOnce()
    {
        var resolver = new DnsResolver(new DnsResolverOptions(new[] { Lab.Resolver }));
        var before = ResolverCounters.Queries();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            resolver.QueryAsync("mx2.example.test", QueryType.AAAA, OperationLog.None, CancellationToken.None)));

        Assert.All(answers, a => Assert.Null(a.Failure));
        Assert.Equal(1, ResolverCounters.Queries() - before);
    }

    [Fact]
    public async Task QueryAsync_NegativeAnswers_AreKeptLikePositiveOnes()
    {
        var resolver = new DnsResolver(new DnsResolverOptions(new[] { Lab.Resolver }));
        var before = ResolverCounters.Queries();

        for (var i = 0; i < 20; i++)
        {
            var nodata = await resolver.QueryAsync("mx2.example.test", QueryType.AAAA, OperationLog.None, CancellationToken.None);
            var nxdomain = await resolver.QueryAsync("no-such.example.test", QueryType.A, OperationLog.None, CancellationToken.None);
            Assert.Empty(nodata.Response!.Answers.AaaaRecords());
            Assert.Equal(DnsFailureKind.NameNotFound, nxdomain.Failure!.Kind);
        }

        Assert.Equal(2, ResolverCounters.Queries() - before);
    }

    [Fact]
    public async Task QueryAsync_FirstServerClosed_FailsOverInMillisecondsAndRemembersIt()
    {
        var closed = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 53);
        var resolver = new DnsResolver(new DnsResolverOptions(new[] { closed, Lab.Resolver }, TimeSpan.FromSeconds(5)));
        var log = new OperationLog();
        var clock = Stopwatch.StartNew();

        var first = await resolver.QueryAsync("example.test", QueryType.MX, log, CancellationToken.None);
        var second = await resolver.QueryAsync("example2.test", QueryType.MX, log, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Null(first.Failure);
        Assert.Null(second.Failure);
        Assert.Contains(log.Lines, l => l.Contains("127.0.0.9 is unreachable", StringComparison.Ordinal));
        Assert.Single(log.Lines, l => l.Contains("127.0.0.9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_FirstServerSilent_PaysTheTimeoutOnceInARun()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.250"), 0));
        var resolver = new DnsResolver(new DnsResolverOptions(new[] { (IPEndPoint)silent.Client.LocalEndPoint!, Lab.Resolver }, TimeSpan.FromSeconds(1)));
        var clock = Stopwatch.StartNew();

        foreach (var domain in new[] { "example.test", "example2.test", "tls12.example.test", "expired.example.test" })
        {
            var answer = await resolver.QueryAsync(domain, QueryType.MX, OperationLog.None, CancellationToken.None);
            Assert.Null(answer.Failure);
        }

        // One timeout (1 s) for the first question; the others go straight to the live server, so the
        // silent one heard only the first (counted, not timed: a loaded machine stretches the clock).
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 4);
        var heard = new List<string>();
        while (silent.Available > 0)
        {
            var remote = new IPEndPoint(IPAddress.Any, 0);
            heard.Add(Encoding.ASCII.GetString(silent.Receive(ref remote)));
        }

        Assert.NotEmpty(heard);
        Assert.All(heard, datagram => Assert.Contains("\u0007example\u0004test", datagram, StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_OneQueryAtATime_WaitsForTheSlotBeforeAsking()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.250"), 0));
        var server = (IPEndPoint)silent.Client.LocalEndPoint!;
        var resolver = new DnsResolver(new DnsResolverOptions(new[] { server }, TimeSpan.FromMilliseconds(600), attempts: 1, maxConcurrentQueries: 1));
        var clock = Stopwatch.StartNew();

        var answers = await Task.WhenAll(
            resolver.QueryAsync("a.example.test", QueryType.A, OperationLog.None, CancellationToken.None),
            resolver.QueryAsync("b.example.test", QueryType.A, OperationLog.None, CancellationToken.None));

        Assert.All(answers, a => Assert.Equal(DnsFailureKind.Timeout, a.Failure!.Kind));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1150), $"two questions on one slot took only {clock.Elapsed}");
    }

    [Theory]
    [InlineData("resolver", "example.test", DnssecStatus.Signed)]
    [InlineData("resolver", "example2.test", DnssecStatus.Unsigned)]
    [InlineData("authoritative", "example.test", DnssecStatus.NotValidated)]
    [InlineData("authoritative", "example2.test", DnssecStatus.NotValidated)]
    public async Task DnssecStatusAsync_TellsUnsignedFromNotValidated(string server, string domain, DnssecStatus expected)
    {
        var endpoint = server == "resolver" ? Lab.Resolver : Lab.Authoritative;
        var resolver = new DnsResolver(new DnsResolverOptions(new[] { endpoint }));

        var answer = await resolver.QueryAsync(domain, QueryType.MX, OperationLog.None, CancellationToken.None);

        Assert.Equal(expected, await resolver.DnssecStatusAsync(answer, CancellationToken.None));
    }
}
