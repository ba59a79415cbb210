using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace MailTls.Tls;

/// <summary>
/// The probe plan for one endpoint. Every version's first probe starts at once and also records
/// the certificate; each accepted version then searches its suites (<see cref="ProbeChain"/>),
/// while the TLS 1.3 groups and the older versions' curves are searched alongside.
/// </summary>
internal sealed class EndpointEnumeration
{
    private readonly EndpointSession _session;
    private readonly TlsClassification _table;
    private readonly int _parallelChains;

    public EndpointEnumeration(EndpointSession session, TlsClassification table, int parallelChains)
    {
        _session = session;
        _table = table;
        _parallelChains = parallelChains;
    }

    private TlsEndpoint Endpoint => _session.Endpoint;

    public async Task<TlsProtocolScan> ScanAsync()
    {
        var probes = TlsVersionCodes.All.ToDictionary(v => v, v => VersionProbeAsync(v, ProbeDepth.ServerHello));
        await Task.WhenAll(probes.Values).ConfigureAwait(false);
        var support = new Dictionary<TlsVersion, TlsSupport>();
        var suites = new Dictionary<TlsVersion, string>();
        foreach (var pair in probes)
        {
            var outcome = pair.Value.Result;
            support[pair.Key] = Support(outcome, pair.Key, out _);
            if (support[pair.Key] == TlsSupport.Accepted && outcome.CipherSuite is { } code)
            {
                suites[pair.Key] = _table.Suite(code)?.Name ?? $"0x{code:X4}";
            }
        }

        return new TlsProtocolScan(Endpoint, support, suites, _session.Unusable ?? string.Empty, _session.Connections, _session.Elapsed);
    }

    public async Task<TlsEnumeration> EnumerateAsync()
    {
        var first = TlsVersionCodes.All.ToDictionary(v => v, v => VersionProbeAsync(v, ProbeDepth.Certificate));
        var versions = TlsVersionCodes.All.Select(v => VersionAsync(v, first[v])).ToArray();
        var groups = Tls13GroupsAsync(first[TlsVersion.Tls13]);
        var curves = CurvesAsync(first, versions);
        await Task.WhenAll(versions.Cast<Task>().Concat(new Task[] { groups, curves })).ConfigureAwait(false);

        var (groupList, groupOrder, groupsComplete) = groups.Result;
        var (curveList, curvesComplete) = curves.Result;
        return new TlsEnumeration(
            Endpoint.Domain,
            Endpoint.Host,
            Endpoint.Address.ToString(),
            Endpoint.Port,
            Endpoint.Preamble.Name,
            versions.Select(v => v.Result).ToArray(),
            groupList,
            groupOrder,
            groupsComplete,
            curveList,
            curvesComplete,
            _session.Unusable ?? string.Empty,
            _session.Connections,
            _session.Elapsed);
    }

    private Task<ProbeOutcome> VersionProbeAsync(TlsVersion version, ProbeDepth depth) =>
        _session.ProbeAsync(Request($"{version.DisplayName()} version probe", version, OfferLists.Suites(_table, version), OfferLists.Groups(_table, version), depth));

    private ProbeRequest Request(string purpose, TlsVersion version, IReadOnlyList<int> suites, IReadOnlyList<int> groups, ProbeDepth depth, IReadOnlyList<int>? keyShares = null) =>
        new(purpose, version, suites, groups, version == TlsVersion.Tls13 ? keyShares ?? OfferLists.Tls13KeyShares : null, depth);

    private static TlsSupport Support(ProbeOutcome outcome, TlsVersion version, out string note)
    {
        note = string.Empty;
        switch (outcome.Kind)
        {
            case ProbeOutcomeKind.Answered when outcome.ServerVersion == version.WireCode():
                return TlsSupport.Accepted;
            case ProbeOutcomeKind.Answered:
                note = $"The server answered a {version.DisplayName()}-only offer with version 0x{outcome.ServerVersion:X4}.";
                return TlsSupport.NotAccepted;
            case ProbeOutcomeKind.Rejected:
                return TlsSupport.NotAccepted;
            default:
                note = outcome.Detail;
                return TlsSupport.Unknown;
        }
    }

    private async Task<TlsVersionResult> VersionAsync(TlsVersion version, Task<ProbeOutcome> firstProbe)
    {
        var first = await firstProbe.ConfigureAwait(false);
        var support = Support(first, version, out var note);
        if (support != TlsSupport.Accepted)
        {
            return TlsVersionResult.Undecided(version, support, note);
        }

        var candidates = OfferLists.Suites(_table, version);
        var groups = OfferLists.Groups(_table, version);
        var depth = version == TlsVersion.Tls13 ? ProbeDepth.ServerHello : ProbeDepth.Certificate;
        async Task<ChainStep> Ask(IReadOnlyList<int> offer, string purpose)
        {
            var outcome = await _session.ProbeAsync(Request($"{version.DisplayName()} suites, {purpose}", version, offer, groups, depth)).ConfigureAwait(false);
            return SuiteStep(outcome, version);
        }

        var chain = await ProbeChain.RunAsync(candidates, Ask, _parallelChains, SuiteStep(first, version)).ConfigureAwait(false);
        var order = candidates.Select((code, index) => (code, index)).ToDictionary(p => p.code, p => p.index);
        var found = chain.ServerOrder == true ? chain.Found : chain.Found.OrderBy(f => order[f.Item]).ToList();
        var suites = found.Select((f, index) => new TlsAcceptedSuite(
            _table.Suite(f.Item)!,
            chain.ServerOrder == true ? index + 1 : null,
            version == TlsVersion.Tls13 || f.Outcome.Group is null ? null : _table.Group(f.Outcome.Group.Value),
            f.Outcome.DhPrimeBits)).ToArray();
        var certificate = new[] { first }.Concat(chain.Found.Select(f => f.Outcome)).FirstOrDefault(o => o.Certificates.Count > 0)?.Certificates[0];
        var why = chain.Complete ? string.Empty : $"The suite search stopped early: {chain.IncompleteReason}";
        return new TlsVersionResult(version, TlsSupport.Accepted, suites, chain.ServerOrder, chain.Complete, why, Certificate(certificate));
    }

    private static ChainStep SuiteStep(ProbeOutcome outcome, TlsVersion version) => outcome.Kind switch
    {
        ProbeOutcomeKind.Answered when outcome.ServerVersion == version.WireCode() && outcome.CipherSuite is { } suite => ChainStep.Chosen(suite, outcome),
        ProbeOutcomeKind.Answered => ChainStep.Unknown($"the server switched to version 0x{outcome.ServerVersion:X4}"),
        ProbeOutcomeKind.Rejected => ChainStep.Refused(outcome.Detail),
        _ => ChainStep.Unknown(outcome.Detail),
    };

    // TLS 1.3: an empty key_share makes the server name its group in a HelloRetryRequest, so no key is ever computed.
    private async Task<(IReadOnlyList<TlsAcceptedGroup>, bool?, bool)> Tls13GroupsAsync(Task<ProbeOutcome> firstProbe)
    {
        var support = Support(await firstProbe.ConfigureAwait(false), TlsVersion.Tls13, out _);
        if (support != TlsSupport.Accepted)
        {
            return (Array.Empty<TlsAcceptedGroup>(), null, support == TlsSupport.NotAccepted);
        }

        var suites = OfferLists.Suites(_table, TlsVersion.Tls13);
        async Task<ChainStep> Ask(IReadOnlyList<int> offer, string purpose)
        {
            var outcome = await _session.ProbeAsync(Request($"TLS 1.3 groups, {purpose}", TlsVersion.Tls13, suites, offer, ProbeDepth.ServerHello, Array.Empty<int>())).ConfigureAwait(false);
            return outcome.Kind switch
            {
                ProbeOutcomeKind.Answered when outcome.HelloRetry && outcome.Group is { } group => ChainStep.Chosen(group, outcome),
                ProbeOutcomeKind.Answered => ChainStep.Unknown("the server answered an empty key share without a HelloRetryRequest"),
                ProbeOutcomeKind.Rejected => ChainStep.Refused(outcome.Detail),
                _ => ChainStep.Unknown(outcome.Detail),
            };
        }

        var chain = await ProbeChain.RunAsync(OfferLists.Tls13Groups(_table), Ask, _parallelChains).ConfigureAwait(false);
        return (Groups(chain), chain.ServerOrder, chain.Complete);
    }

    // Before TLS 1.3 the curve shows only in the ServerKeyExchange. Anonymous ECDH (which opportunistic SMTP servers
    // often accept) or ECDHE_RSA test any curve; with only an ECDSA certificate the certificate's own curve must be in
    // every offer, or the server refuses the suite, so it is pinned at the end of each offer.
    private async Task<(IReadOnlyList<TlsAcceptedGroup>, bool)> CurvesAsync(Dictionary<TlsVersion, Task<ProbeOutcome>> first, Task<TlsVersionResult>[] versions)
    {
        TlsVersion? version = null;
        var undecided = false;
        foreach (var candidate in new[] { TlsVersion.Tls12, TlsVersion.Tls11, TlsVersion.Tls10, TlsVersion.Ssl3 })
        {
            var support = Support(await first[candidate].ConfigureAwait(false), candidate, out _);
            undecided |= support == TlsSupport.Unknown;
            if (support == TlsSupport.Accepted)
            {
                version = candidate;
                break;
            }
        }

        if (version is not { } v)
        {
            return (Array.Empty<TlsAcceptedGroup>(), !undecided);
        }

        var curves = OfferLists.Curves(_table);
        foreach (var family in CurveFamilies(v))
        {
            var pick = await _session.ProbeAsync(Request($"{v.DisplayName()} curves, suite family check", v, family.Suites, curves, ProbeDepth.Certificate)).ConfigureAwait(false);
            if (pick.Kind == ProbeOutcomeKind.Rejected)
            {
                continue;
            }

            if (pick.Kind != ProbeOutcomeKind.Answered || pick.Group is null)
            {
                return (Array.Empty<TlsAcceptedGroup>(), false);
            }

            int? pin = null;
            if (family.NeedsCertificateCurve)
            {
                var certificate = pick.Certificates.FirstOrDefault() ?? Der((await versions[TlsVersionCodes.All.ToList().IndexOf(v)].ConfigureAwait(false)).Certificate);
                pin = certificate is null ? null : CertificateCurve.Of(certificate);
                if (pin is null)
                {
                    return (Array.Empty<TlsAcceptedGroup>(), false);
                }
            }

            async Task<ChainStep> Ask(IReadOnlyList<int> offer, string purpose)
            {
                var groups = pin is { } p ? offer.Where(c => c != p).Concat(new[] { p }).ToArray() : offer;
                var outcome = await _session.ProbeAsync(Request($"{v.DisplayName()} curves, {purpose}", v, family.Suites, groups, ProbeDepth.Certificate)).ConfigureAwait(false);
                return outcome.Kind switch
                {
                    ProbeOutcomeKind.Answered when outcome.Group is { } group && group == pin => ChainStep.Pinned(group, outcome),
                    ProbeOutcomeKind.Answered when outcome.Group is { } group => ChainStep.Chosen(group, outcome),
                    ProbeOutcomeKind.Answered => ChainStep.Unknown("the server sent no ServerKeyExchange curve"),
                    ProbeOutcomeKind.Rejected => ChainStep.Refused(outcome.Detail),
                    _ => ChainStep.Unknown(outcome.Detail),
                };
            }

            var chain = await ProbeChain.RunAsync(curves.Where(c => c != pin).ToArray(), Ask, _parallelChains).ConfigureAwait(false);
            return (Groups(chain), chain.Complete);
        }

        return (Array.Empty<TlsAcceptedGroup>(), true);
    }

    private IEnumerable<(IReadOnlyList<int> Suites, bool NeedsCertificateCurve)> CurveFamilies(TlsVersion version)
    {
        var suites = OfferLists.Suites(_table, version).Select(c => _table.Suite(c)!).ToArray();
        var anonymous = suites.Where(s => s.KeyExchange == "ECDH" && s.IsAnonymous).Select(s => s.Code).ToArray();
        var rsa = suites.Where(s => s.KeyExchange == "ECDHE" && s.Authentication == "RSA").Select(s => s.Code).ToArray();
        var ecdsa = suites.Where(s => s.KeyExchange == "ECDHE" && s.Authentication == "ECDSA").Select(s => s.Code).ToArray();
        return new[] { ((IReadOnlyList<int>)anonymous, false), (rsa, false), (ecdsa, true) }.Where(f => f.Item1.Count > 0);
    }

    private IReadOnlyList<TlsAcceptedGroup> Groups(ChainResult chain) =>
        chain.Found.Select((f, index) => new TlsAcceptedGroup(_table.Group(f.Item) ?? new GroupInfo(f.Item, GroupInfo.Unknown(f.Item), "Unknown", 0, true, true, new TlsRating(NcscClass.Insufficient, MozillaProfile.None)), chain.ServerOrder == true ? index + 1 : null))
            .ToArray();

    private static byte[]? Der(ServerCertificate? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        using var copy = certificate.ToX509Certificate2();
        return copy.RawData;
    }

    private static ServerCertificate? Certificate(byte[]? der)
    {
        if (der is null)
        {
            return null;
        }

        try
        {
            using var certificate = new X509Certificate2(der);
            return new ServerCertificate(certificate);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
