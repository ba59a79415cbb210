using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MailTls.Rules;

/// <summary>
/// What changed for one domain between two roll-up runs, column by column, and how much it matters: a
/// degradation is a Warning, and an Error when the domain is in a forced-TLS policy that it no longer bears
/// (mail to it bounces or defers); anything else is Info.
/// </summary>
internal static class ChangeRules
{
    /// <summary>Days before a certificate's expiry at which a nightly run says so, most urgent last.</summary>
    public static readonly int[] ExpiryMarks = { 30, 14, 7 };

    /// <summary>Each changed column of one domain; <paramref name="policyLevel"/> is the level the forced-TLS policy enforces for it, null when it is not in one.</summary>
    public static IEnumerable<DomainTlsChange> Changes(DomainTlsState before, DomainTlsState after, ForcedTlsLevel? policyLevel)
    {
        var broken = policyLevel is { } enforced && !Bears(after, enforced);
        foreach (var observation in Observations(before, after))
        {
            yield return Judge(observation, after, policyLevel, broken);
        }
    }

    public static DomainTlsChange Added(DomainTlsState after, ForcedTlsLevel? policyLevel)
    {
        var text = $"{after.Domain} is new in this run: ForcedTls {after.ForcedTls}.{Reason(after)}";
        var (severity, message) = policyLevel is { } enforced && !Bears(after, enforced)
            ? (Severity.Error, Bounce(after.Domain, $"it bears only {after.ForcedTls}{(after.CertificatesValid == false ? " with certificates that do not verify" : string.Empty)}, short of the policy's {enforced}.{Reason(after)}"))
            : (Severity.Info, text);
        return new DomainTlsChange(after.Domain, DomainTlsChangeKind.Added, severity, message) { After = after.ForcedTls.ToString() };
    }

    public static DomainTlsChange Removed(DomainTlsState before, bool inPolicy) =>
        new(before.Domain, DomainTlsChangeKind.Removed, inPolicy ? Severity.Warning : Severity.Info, inPolicy
            ? $"{before.Domain} is no longer in the report, but it is in the forced-TLS policy: mail to it is not watched any more. Check it again, or take it out of the policy."
            : $"{before.Domain} is no longer in the report (it was at ForcedTls {before.ForcedTls}).")
        {
            Before = before.ForcedTls.ToString(),
        };

    // A policy that verifies certificates (Postfix secure, Exchange CertificateValidation and
    // DomainValidation) is not met by DANE alone: a Dane domain bears it only while its certificates verify.
    private static bool Bears(DomainTlsState state, ForcedTlsLevel enforced) => enforced == ForcedTlsLevel.Verify
        ? state.ForcedTls == ForcedTlsLevel.Verify || (state.ForcedTls == ForcedTlsLevel.Dane && state.CertificatesValid != false)
        : state.ForcedTls >= enforced;

    private static DomainTlsChange Judge(Observation observation, DomainTlsState after, ForcedTlsLevel? policyLevel, bool broken)
    {
        var (severity, message) = observation.Kind switch
        {
            DomainTlsChangeKind.Degraded when broken => (Severity.Error, Bounce(after.Domain, observation.Message)),
            DomainTlsChangeKind.Degraded when policyLevel == ForcedTlsLevel.Verify && observation.Property == nameof(DomainTlsState.DaysUntilEarliestExpiry) && after.DaysUntilEarliestExpiry < 7 =>
                (Severity.Error, $"Mail to {after.Domain} will bounce or defer under the forced-TLS policy once the certificate expires, as a verifying sender refuses an expired certificate; {Lower(observation.Message)}"),
            DomainTlsChangeKind.Degraded => (Severity.Warning, observation.Message),
            DomainTlsChangeKind.Changed when policyLevel is not null && observation.Property == nameof(DomainTlsState.MxHosts) =>
                (Severity.Warning, observation.Message + " The forced-TLS policy may name the MX hosts (Postfix secure match=, Exchange TlsDomain): export it again."),
            _ => (Severity.Info, observation.Message),
        };
        return new DomainTlsChange(after.Domain, observation.Kind, severity, message)
        {
            Property = observation.Property,
            Before = observation.Before,
            After = observation.After,
        };
    }

    private static string Bounce(string domain, string detail) =>
        $"Mail to {domain} will now bounce or defer under the forced-TLS policy; {Lower(detail)}";

    private static IEnumerable<Observation> Observations(DomainTlsState before, DomainTlsState after)
    {
        var domain = after.Domain;
        if (Compare(before.ForcedTls, after.ForcedTls, (b, a) => $"{domain} now bears only ForcedTls {a}, down from {b}.{Reason(after)}", (b, a) => $"{domain} now bears ForcedTls {a}, up from {b}.") is { } level)
        {
            yield return level with { Property = nameof(DomainTlsState.ForcedTls) };
        }

        if (before.Verdict is { } verdictBefore && after.Verdict is { } verdictAfter && verdictBefore != verdictAfter)
        {
            var kind = Rank(verdictAfter).CompareTo(Rank(verdictBefore)) switch
            {
                > 0 => DomainTlsChangeKind.Degraded,
                < 0 => DomainTlsChangeKind.Improved,
                _ => DomainTlsChangeKind.Changed,
            };
            yield return new Observation(nameof(DomainTlsState.Verdict), kind, verdictBefore.ToString(), verdictAfter.ToString(),
                $"The verdict on {domain} went from {verdictBefore} to {verdictAfter}.{(kind == DomainTlsChangeKind.Degraded ? Reason(after) : string.Empty)}");
        }

        if (!SameSet(before.MxHosts, after.MxHosts))
        {
            var added = after.MxHosts.Except(before.MxHosts).ToArray();
            var gone = before.MxHosts.Except(after.MxHosts).ToArray();
            yield return new Observation(nameof(DomainTlsState.MxHosts), DomainTlsChangeKind.Changed, before.MxHosts.ToString(), after.MxHosts.ToString(),
                $"The MX hosts of {domain} changed ({Delta(added, gone)}).");
        }

        var clearBefore = before.MxWithoutStartTls ?? 0;
        var clearAfter = after.MxWithoutStartTls ?? 0;
        if (clearBefore != clearAfter)
        {
            yield return new Observation(nameof(DomainTlsState.MxWithoutStartTls),
                clearAfter > clearBefore ? DomainTlsChangeKind.Degraded : DomainTlsChangeKind.Improved, Text(before.MxWithoutStartTls), Text(after.MxWithoutStartTls),
                clearAfter > clearBefore
                    ? $"{clearAfter - clearBefore} more MX address(es) of {domain} no longer offer STARTTLS: mail to them travels in clear text, and forced TLS defers it."
                    : $"{clearBefore - clearAfter} MX address(es) of {domain} offer STARTTLS again.");
        }

        if (before.LowestProtocol != after.LowestProtocol)
        {
            var kind = before.LowestProtocol is { } b && after.LowestProtocol is { } a
                ? (a < b ? DomainTlsChangeKind.Degraded : DomainTlsChangeKind.Improved)
                : DomainTlsChangeKind.Changed;
            yield return new Observation(nameof(DomainTlsState.LowestProtocol), kind, Text(before.LowestProtocol), Text(after.LowestProtocol), kind switch
            {
                DomainTlsChangeKind.Degraded => $"An MX host of {domain} now negotiates {after.LowestProtocol!.Value.DisplayName()}, older than the {before.LowestProtocol!.Value.DisplayName()} of the earlier run.",
                DomainTlsChangeKind.Improved => $"The oldest TLS version an MX host of {domain} negotiates is now {after.LowestProtocol!.Value.DisplayName()}, up from {before.LowestProtocol!.Value.DisplayName()}.",
                _ => after.LowestProtocol is null ? $"No MX host of {domain} negotiated TLS in this run." : $"The MX hosts of {domain} negotiate TLS again, {after.LowestProtocol.Value.DisplayName()} at the oldest.",
            });
        }

        if (Flag(before.CertificatesValid, after.CertificatesValid, nameof(DomainTlsState.CertificatesValid),
            $"A certificate of the MX hosts of {domain} is no longer valid ({After(after.CertificateProblems)}): verifying senders refuse it.",
            $"The certificates of the MX hosts of {domain} are valid again.",
            $"The MX hosts of {domain} {(after.CertificatesValid is null ? "presented no certificate in this run" : "present certificates again")}.") is { } certificates)
        {
            yield return certificates;
        }

        if (Expiry(before, after) is { } expiry)
        {
            yield return expiry;
        }

        var daneBefore = before.Dane ?? DomainDane.None;
        var daneAfter = after.Dane ?? DomainDane.None;
        if (daneBefore != daneAfter)
        {
            var kind = daneBefore == DomainDane.Valid ? DomainTlsChangeKind.Degraded : daneAfter == DomainDane.Valid ? DomainTlsChangeKind.Improved : DomainTlsChangeKind.Changed;
            yield return new Observation(nameof(DomainTlsState.Dane), kind, Text(before.Dane), Text(after.Dane), kind switch
            {
                DomainTlsChangeKind.Degraded => $"DANE no longer holds for {domain} (Dane {daneAfter}): DANE senders defer mail to an MX host that does not match its TLSA records.",
                DomainTlsChangeKind.Improved => $"Every MX host of {domain} now matches its TLSA records in a signed zone.",
                _ => $"DANE for {domain} went from {daneBefore} to {daneAfter}.",
            });
        }

        if (Compare(StsRank(before.MtaStsMode), StsRank(after.MtaStsMode),
            (_, _) => after.MtaStsMode is null
                ? $"{domain} no longer publishes a usable MTA-STS policy (it was in mode {Mode(before.MtaStsMode)})."
                : $"The MTA-STS policy of {domain} dropped from mode {Mode(before.MtaStsMode)} to {Mode(after.MtaStsMode)}: senders no longer enforce it.",
            (_, _) => $"The MTA-STS policy of {domain} is now in mode {Mode(after.MtaStsMode)}, up from {(before.MtaStsMode is null ? "none published" : Mode(before.MtaStsMode))}.") is { } mode)
        {
            yield return mode with { Property = nameof(DomainTlsState.MtaStsMode), Before = Text(before.MtaStsMode), After = Text(after.MtaStsMode) };
        }

        if (Flag(before.MtaStsValid, after.MtaStsValid, nameof(DomainTlsState.MtaStsValid),
            $"The MTA-STS record or policy of {domain} broke: senders keep a cached policy until it expires, then ignore MTA-STS.",
            $"The MTA-STS record and policy of {domain} are valid again.",
            after.MtaStsValid is null ? $"{domain} no longer publishes an MTA-STS record." : $"{domain} now publishes an MTA-STS record.") is { } sts)
        {
            yield return sts;
        }

        if (before.DnssecSigned != after.DnssecSigned)
        {
            yield return new Observation(nameof(DomainTlsState.DnssecSigned), DomainTlsChangeKind.Changed, Text(before.DnssecSigned), Text(after.DnssecSigned),
                after.DnssecSigned switch
                {
                    true => $"The MX records of {domain} are now DNSSEC-signed.",
                    false => $"The MX records of {domain} are no longer DNSSEC-signed: DANE cannot hold without it.",
                    _ => $"Whether the MX records of {domain} are DNSSEC-signed was not known in this run (the resolver did not validate).",
                });
        }

        if (before.TlsRpt != after.TlsRpt)
        {
            yield return new Observation(nameof(DomainTlsState.TlsRpt), DomainTlsChangeKind.Changed, Text(before.TlsRpt), Text(after.TlsRpt),
                $"The TLS-RPT record of {domain} went from {Unknown(before.TlsRpt)} to {Unknown(after.TlsRpt)}.");
        }

        if (!SameSet(before.Findings, after.Findings))
        {
            var added = after.Findings.Except(before.Findings).ToArray();
            var gone = before.Findings.Except(after.Findings).ToArray();
            yield return new Observation(nameof(DomainTlsState.Findings), DomainTlsChangeKind.Changed, before.Findings.ToString(), after.Findings.ToString(),
                $"The findings for {domain} changed ({Delta(added, gone)}).");
        }
    }

    // Crossing a mark on the way down is news; counting down between marks is not. A later expiry means a new certificate.
    private static Observation? Expiry(DomainTlsState before, DomainTlsState after)
    {
        if (before.DaysUntilEarliestExpiry is not { } was || after.DaysUntilEarliestExpiry is not { } now)
        {
            return before.DaysUntilEarliestExpiry == after.DaysUntilEarliestExpiry
                ? null
                : new Observation(nameof(DomainTlsState.DaysUntilEarliestExpiry), DomainTlsChangeKind.Changed, Text(before.DaysUntilEarliestExpiry), Text(after.DaysUntilEarliestExpiry),
                    after.DaysUntilEarliestExpiry is { } left ? $"The first MX certificate of {after.Domain} expires in {left} day(s)." : $"No MX certificate of {after.Domain} was seen in this run.");
        }

        if (now > was)
        {
            return new Observation(nameof(DomainTlsState.DaysUntilEarliestExpiry), DomainTlsChangeKind.Improved, Text(was), Text(now),
                $"The first MX certificate of {after.Domain} now expires in {now} day(s), up from {was}: a certificate was renewed.");
        }

        var expiry = after.EarliestCertificateExpiry.Length > 0 ? $" ({after.EarliestCertificateExpiry})" : string.Empty;
        if (now < 0 && was >= 0)
        {
            return new Observation(nameof(DomainTlsState.DaysUntilEarliestExpiry), DomainTlsChangeKind.Degraded, Text(was), Text(now),
                $"A certificate of the MX hosts of {after.Domain} has expired{expiry}: verifying senders refuse it. Renew it.");
        }

        var crossed = ExpiryMarks.Where(mark => was >= mark && now < mark).Select(mark => (int?)mark).LastOrDefault();
        return crossed is { } mark && now >= 0
            ? new Observation(nameof(DomainTlsState.DaysUntilEarliestExpiry), DomainTlsChangeKind.Degraded, Text(was), Text(now),
                $"The first MX certificate of {after.Domain} expires in {now} day(s){expiry}, less than {mark} days away: renew it.")
            : null;
    }

    private static Observation? Compare<T>(T before, T after, Func<T, T, string> worse, Func<T, T, string> better)
    {
        var order = Comparer<T>.Default.Compare(after, before);
        return order == 0
            ? null
            : new Observation(string.Empty, order < 0 ? DomainTlsChangeKind.Degraded : DomainTlsChangeKind.Improved, Text(before), Text(after),
                order < 0 ? worse(before, after) : better(before, after));
    }

    private static Observation? Flag(bool? before, bool? after, string property, string broke, string mended, string otherwise)
    {
        if (before == after)
        {
            return null;
        }

        var kind = (before, after) switch
        {
            (true, false) => DomainTlsChangeKind.Degraded,
            (false, true) => DomainTlsChangeKind.Improved,
            _ => DomainTlsChangeKind.Changed,
        };
        return new Observation(property, kind, Text(before), Text(after), kind switch
        {
            DomainTlsChangeKind.Degraded => broke,
            DomainTlsChangeKind.Improved => mended,
            _ => otherwise,
        });
    }

    // Error is as bad as Fail: the domain could not be checked, which a nightly run reports but does not rank.
    private static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Pass => 0,
        Verdict.Warn => 1,
        _ => 2,
    };

    private static int StsRank(MtaStsMode? mode) => mode switch
    {
        MtaStsMode.Enforce => 3,
        MtaStsMode.Testing => 2,
        MtaStsMode.None => 1,
        _ => 0,
    };

    private static string Mode(MtaStsMode? mode) => mode?.PolicyWord() ?? "(none published)";

    private static bool SameSet(IEnumerable<string> before, IEnumerable<string> after) =>
        new HashSet<string>(before, StringComparer.OrdinalIgnoreCase).SetEquals(after);

    private static string Delta(IReadOnlyCollection<string> added, IReadOnlyCollection<string> gone) =>
        string.Join("; ", new[]
        {
            added.Count > 0 ? "new: " + string.Join(", ", added) : null,
            gone.Count > 0 ? "gone: " + string.Join(", ", gone) : null,
        }.Where(part => part is not null));

    private static string Reason(DomainTlsState state) => state.Summary.Length > 0 ? " " + state.Summary : string.Empty;

    private static string After(string problems) => problems.Length > 0 ? problems : "see its findings";

    private static string Unknown(RecordStatus? status) => status?.ToString() ?? "not known";

    private static string Lower(string sentence) =>
        sentence.Length > 1 && char.IsUpper(sentence[0]) && !char.IsUpper(sentence[1]) ? char.ToLowerInvariant(sentence[0]) + sentence.Substring(1) : sentence;

    private static string Text<T>(T value) => value switch
    {
        null => string.Empty,
        bool flag => flag ? "True" : "False",
        IFormattable number and not Enum => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed record Observation(string Property, DomainTlsChangeKind Kind, string Before, string After, string Message);
}
