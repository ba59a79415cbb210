using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MailTls.Tls;

/// <summary>
/// BouncyCastle's TLS client, told to offer exactly what the probe asks for (no filtering of
/// suites or groups), to tolerate what a scanner must tolerate (no RFC 5746, weak DH, any
/// signature algorithm), and to record what the server sends.
/// </summary>
internal sealed class ProbeClient : AbstractTlsClient
{
    private readonly ProbeRecord _record;
    private readonly string? _serverName;

    public ProbeClient(TlsCrypto crypto, ProbeRecord record, string? serverName)
        : base(crypto)
    {
        _record = record;
        _serverName = serverName;
    }

    private ProbeRequest Request => _record.Request;

    public override TlsAuthentication GetAuthentication() => new RecordingAuthentication(_record);

    public override TlsKeyExchangeFactory GetKeyExchangeFactory() => new ProbeKeyExchangeFactory(_record);

    public override TlsDHGroupVerifier GetDHGroupVerifier() => new AcceptingDHGroupVerifier();

    public override IList<int> GetEarlyKeyShareGroups() => Request.KeyShares?.ToList() ?? new List<int>();

    // A scanner must reach servers that predate RFC 5746; BouncyCastle would otherwise abort.
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    public override bool ShouldCheckSigAlgOfPeerCerts() => false;

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        _record.AlertReceived ??= alertDescription;
        base.NotifyAlertReceived(alertLevel, alertDescription);
    }

    protected override ProtocolVersion[] GetSupportedVersions() => new[] { Map(Request.Version) };

    protected override int[] GetSupportedCipherSuites() => Request.CipherSuites.ToArray();

    protected override IList<int>? GetSupportedGroups(IList<int> namedGroupRoles) => Request.Groups?.ToList();

    protected override CertificateStatusRequest? GetCertificateStatusRequest() => null;

    protected override IList<ServerName>? GetSniServerNames() =>
        _serverName is null ? null : new List<ServerName> { new(NameType.host_name, Encoding.ASCII.GetBytes(_serverName)) };

    private static ProtocolVersion Map(TlsVersion version) => version switch
    {
        TlsVersion.Ssl3 => ProtocolVersion.SSLv3,
        TlsVersion.Tls10 => ProtocolVersion.TLSv10,
        TlsVersion.Tls11 => ProtocolVersion.TLSv11,
        TlsVersion.Tls12 => ProtocolVersion.TLSv12,
        TlsVersion.Tls13 => ProtocolVersion.TLSv13,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    // Records the chain; never judges it (that is the caller's business, with the whole chain at hand).
    private sealed class RecordingAuthentication : TlsAuthentication
    {
        private readonly ProbeRecord _record;

        public RecordingAuthentication(ProbeRecord record) => _record = record;

        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            _record.Certificates = serverCertificate.Certificate.GetCertificateList().Select(c => c.GetEncoded()).ToArray();
            var suite = _record.CipherSuite is { } code ? TlsClassification.Default.Suite(code) : null;
            var tls13 = _record.ServerVersion == TlsVersion.Tls13.WireCode();
            if (tls13 || suite is null || !suite.HasServerKeyExchange)
            {
                throw new ProbeStopException();
            }
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => null;
    }

    private sealed class AcceptingDHGroupVerifier : TlsDHGroupVerifier
    {
        public bool Accept(Org.BouncyCastle.Tls.Crypto.DHGroup dhGroup) => true;
    }
}
