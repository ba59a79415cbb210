using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace MailTls.Tests.Changes;

/// <summary>FsCheck generators of roll-up rows: every column any value Test-MailDomainTls can write, as text.</summary>
internal static class StateGenerators
{
    private static readonly string[] Hosts = { "mx1.a.test", "mx2.a.test", "mx.hoster.test", "smtp.b.test" };
    private static readonly string[] Codes = { "CERT_EXPIRED", "STARTTLS_NOT_OFFERED", "MTASTS_TESTING", "DANE_NO_MATCH" };

    public static Gen<Dictionary<string, string>> Columns() =>
        from domain in Gen.Elements("a.test", "b.test", "partner.example")
        from forced in Names<ForcedTlsLevel>(optional: false)
        from verdict in Names<Verdict>(optional: false)
        from hosts in Gen.SubListOf(Hosts)
        from codes in Gen.SubListOf(Codes)
        from clear in Gen.Choose(0, 3)
        from lowest in Names<TlsVersion>(optional: true)
        from valid in Flag()
        from days in Gen.OneOf(Gen.Choose(-30, 400).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Constant(string.Empty))
        from dnssec in Flag()
        from dane in Names<DomainDane>(optional: false)
        from mode in Names<MtaStsMode>(optional: true)
        from stsValid in Flag()
        from tlsRpt in Names<RecordStatus>(optional: true)
        select new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Domain"] = domain,
            ["ForcedTls"] = forced,
            ["Verdict"] = verdict,
            ["MxHosts"] = string.Join("; ", hosts),
            ["Findings"] = string.Join("; ", codes),
            ["MxWithoutStartTls"] = clear.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LowestProtocol"] = lowest,
            ["CertificatesValid"] = valid,
            ["DaysUntilEarliestExpiry"] = days,
            ["DnssecSigned"] = dnssec,
            ["Dane"] = dane,
            ["MtaStsMode"] = mode,
            ["MtaStsValid"] = stsValid,
            ["TlsRpt"] = tlsRpt,
        };

    private static Gen<string> Flag() => Gen.Elements("True", "False", string.Empty);

    private static Gen<string> Names<T>(bool optional)
        where T : struct, Enum =>
        Gen.Elements(Enum.GetNames(typeof(T)).Concat(optional ? new[] { string.Empty } : Array.Empty<string>()).ToArray());
}
