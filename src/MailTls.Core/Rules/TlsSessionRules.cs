using System.Collections.Generic;
using System.Linq;

namespace MailTls.Rules;

/// <summary>The rules of one negotiated TLS session that every probe shares, whoever connects: the version, and certificates as a validating peer sees them.</summary>
internal static class TlsSessionRules
{
    /// <summary>TLS_LEGACY_PROTOCOL when the session ran below TLS 1.2; null otherwise.</summary>
    public static Finding? LegacyProtocol(bool established, TlsVersion? protocol) =>
        established && protocol is { } version && version.IsLegacy()
            ? new Finding(FindingCodes.TlsLegacyProtocol, Severity.Warning,
                $"The server negotiated {version.DisplayName()}, which RFC 8996 deprecates; enable TLS 1.2 and 1.3 on it.")
            : null;

    /// <summary>
    /// A failed handshake that the version findings explain: TLS_LEGACY_ONLY says the same with the
    /// versions the server does speak, so the bare TLS_HANDSHAKE_FAILED goes.
    /// </summary>
    public static bool ExplainedByVersions(Finding failure, IEnumerable<Finding> versions) =>
        failure.Code == FindingCodes.TlsHandshakeFailed && versions.Any(f => f.Code == FindingCodes.TlsLegacyOnly);

    /// <summary>
    /// Certificate findings for a peer that validates before it goes on, as mail clients do (RFC 8314
    /// §4.1, RFC 7817): what only warns an opportunistic sender stops them, so it is an Error. A
    /// certificate that merely expires soon still works today and keeps its severity.
    /// </summary>
    public static IEnumerable<Finding> ForValidatingPeer(IEnumerable<Finding> certificateFindings) =>
        certificateFindings.Select(f => f.Code == FindingCodes.CertExpiringSoon || f.Severity == Severity.Error
            ? f
            : new Finding(f.Code, Severity.Error, f.Message + " Mail clients validate certificates, so they refuse this server or warn the user, who learns to click warnings away."));
}
