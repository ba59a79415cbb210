using System;
using MailTls.Session;
using MailTls.Smtp;

namespace MailTls.Tests.Smtp;

/// <summary>A run session and checker aimed at a hostile server: short steps, short back-off.</summary>
internal static class HostileChecks
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    // DNS (TLSA lookups of made-up exchanger names) goes to the lab's resolver, never to the system's.
    public static RunSession Session(int busyRetries) =>
        new(new RunSessionOptions(new[] { Lab.LabInfo.Instance.Resolver }, Step) { BusyRetries = busyRetries, BusyBackoff = TimeSpan.FromMilliseconds(100) }, default);

    public static SmtpTlsChecker Checker(HostileSmtpServer server, int busyRetries) => Checker(Session(busyRetries), server);

    public static SmtpTlsChecker Checker(RunSession session, HostileSmtpServer server) =>
        session.SmtpChecker(new SmtpProbeOptions(server.EndPoint.Port, SmtpTlsMode.StartTls, "hostile.test", "probe.test", Step));
}
