using System;
using System.Collections.Generic;
using MailTls.Dns;

namespace MailTls.Client;

/// <summary>
/// One input's client endpoints: a result per endpoint and address; kept apart, never disguised as a
/// result, the DNS failure that left nothing to probe, the note that nothing was found, and faults of MailTls's own.
/// </summary>
public sealed class MailClientCheck
{
    internal MailClientCheck(IReadOnlyList<MailClientTlsResult> results, IReadOnlyList<ClientProbeFault> faults, DnsFailure? dnsFailure = null, string? notFound = null)
    {
        Results = results;
        Faults = faults;
        DnsFailure = dnsFailure;
        NotFound = notFound;
    }

    public IReadOnlyList<MailClientTlsResult> Results { get; }

    public IReadOnlyList<ClientProbeFault> Faults { get; }

    /// <summary>The host (or every lookup of the domain) could not be resolved: nothing was probed.</summary>
    public DnsFailure? DnsFailure { get; }

    /// <summary>Why a domain has no client endpoint to check; null when it has some.</summary>
    public string? NotFound { get; }

    /// <summary>The worst verdict of the results; null when there are none.</summary>
    public Verdict? WorstVerdict
    {
        get
        {
            Verdict? worst = null;
            foreach (var result in Results)
            {
                worst = worst is null || result.Verdict > worst ? result.Verdict : worst;
            }

            return DnsFailure is not null ? Verdict.Error : worst;
        }
    }
}
