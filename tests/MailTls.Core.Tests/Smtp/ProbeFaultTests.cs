using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Session;
using MailTls.Smtp;
using Xunit;

namespace MailTls.Tests.Smtp;

/// <summary>A fault of MailTls's own is never a finding about a server, never fails the other addresses, never replays.</summary>
public class ProbeFaultTests
{
    private static readonly IPAddress Broken = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Fine = IPAddress.Parse("192.0.2.2");

    [Fact]
    public async Task Check_OneProbeFaults_TheOtherAddressStillHasItsResult()
    {
        var prober = new FaultyProber();
        var checker = new SmtpTlsChecker(LabSession(), prober);

        var check = await checker.CheckExchangersAsync(new[] { Exchanger("a.test", Broken, Fine) }, null, new OperationLog(), CancellationToken.None);

        var result = Assert.Single(check.Results);
        Assert.Equal(Fine.ToString(), result.Address);
        var fault = Assert.Single(check.Faults);
        Assert.Equal(Broken, fault.Target.Address);
        Assert.IsType<NullReferenceException>(fault.Error);
        Assert.DoesNotContain(check.Results, r => r.Findings.Any(f => f.Code == FindingCodes.SmtpProtocolError));
    }

    [Fact]
    public async Task Check_FaultedProbe_IsNotReplayedToTheNextDomainOnThatAddress()
    {
        var prober = new FaultyProber();
        var checker = new SmtpTlsChecker(LabSession(), prober);

        await checker.CheckExchangersAsync(new[] { Exchanger("a.test", Broken) }, null, new OperationLog(), CancellationToken.None);
        await checker.CheckExchangersAsync(new[] { Exchanger("b.test", Broken) }, null, new OperationLog(), CancellationToken.None);

        Assert.Equal(2, prober.Calls(Broken));
    }

    [Theory]
    [InlineData(typeof(NullReferenceException), false)]
    [InlineData(typeof(InvalidOperationException), false)]
    [InlineData(typeof(ArgumentException), false)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(TimeoutException), true)]
    public void IsCausedByServer_TellsOurFaultsFromTheServers(Type type, bool server)
    {
        Assert.Equal(server, SmtpFailureClassifier.IsCausedByServer((Exception)Activator.CreateInstance(type)!, limitFired: false));
    }

    [Fact]
    public void IsCausedByServer_CancellationOnlyWhenOurOwnTimeLimitFired()
    {
        Assert.False(SmtpFailureClassifier.IsCausedByServer(new OperationCanceledException(), limitFired: false));
        Assert.True(SmtpFailureClassifier.IsCausedByServer(new OperationCanceledException(), limitFired: true));
    }

    // The exchangers' TLSA lookups go to the lab's resolver, never to the system's.
    private static RunSession LabSession() => new(new RunSessionOptions(new[] { MailTls.Tests.Lab.LabInfo.Instance.Resolver }), default);

    private static MailExchanger Exchanger(string domain, params IPAddress[] addresses) =>
        new(domain, "mx." + domain, 10, new AddressList(addresses), false, false, MailTls.Dns.DnssecStatus.Unsigned, string.Empty);

    // Stands in for a bug: throws for one address, answers like a plain server for the others.
    private sealed class FaultyProber : ISmtpProber
    {
        private int _brokenCalls;

        public SmtpProbeOptions Options { get; } = new(heloName: "probe.test");

        public int Calls(IPAddress address) => address.Equals(Broken) ? Volatile.Read(ref _brokenCalls) : 0;

        public Task<SmtpProbeFacts> ProbeAsync(IPAddress address, string hostName, bool answeredBefore, OperationLog log, CancellationToken cancellationToken)
        {
            if (address.Equals(Broken))
            {
                Interlocked.Increment(ref _brokenCalls);
                throw new NullReferenceException("a bug in MailTls");
            }

            return Task.FromResult(new SmtpProbeFacts(address, Options, hostName) { StartTlsOffered = false });
        }
    }
}
