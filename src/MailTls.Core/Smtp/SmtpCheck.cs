using System;
using System.Collections.Generic;

namespace MailTls.Smtp;

/// <summary>
/// One item's probes: a result per address, and — kept apart, never disguised as a result — the
/// addresses where MailTls itself failed.
/// </summary>
public sealed class SmtpCheck
{
    public SmtpCheck(IReadOnlyList<SmtpTlsResult> results, IReadOnlyList<ProbeFault> faults)
    {
        Results = results;
        Faults = faults;
    }

    public IReadOnlyList<SmtpTlsResult> Results { get; }

    public IReadOnlyList<ProbeFault> Faults { get; }
}

/// <summary>A probe that MailTls could not finish because of a fault of its own (a bug), not the server's.</summary>
public sealed class ProbeFault
{
    public ProbeFault(SmtpTarget target, Exception error)
    {
        Target = target;
        Error = error;
    }

    public SmtpTarget Target { get; }

    public Exception Error { get; }

    public string Message => $"MailTls failed while probing {Target.Exchange} [{Target.Address}]: {Error.Message}";
}
