using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MailTls.Tests.Tls;

/// <summary>
/// An implicit-TLS server on BouncyCastle's TLS server, for what no lab listener can serve:
/// Debian 12's OpenSSL 3.0 is built without SSL 3.0 and without 3DES, so Postfix cannot offer
/// them. It answers handshakes with the versions and suites it is given, then closes.
/// </summary>
internal sealed class LegacyTlsServer : IDisposable
{
    private readonly Socket _listener;
    private readonly ProtocolVersion[] _versions;
    private readonly int[] _suites;
    private readonly bool _serverOrder;
    private readonly AsymmetricKeyParameter _key;
    private readonly byte[] _certificate;
    private volatile bool _stopped;

    public LegacyTlsServer(ProtocolVersion[] versions, int[] suites, bool serverOrder)
    {
        _versions = versions;
        _suites = suites;
        _serverOrder = serverOrder;
        using var rsa = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=legacy-bc.example.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _certificate = certificate.RawData;
        _key = DotNetUtilities.GetRsaKeyPair(rsa).Private;

        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.97"), 0));
        _listener.Listen(64);
        new Thread(Serve) { IsBackground = true, Name = "LegacyTlsServer" }.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
    }

    private void Serve()
    {
        while (!_stopped)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            new Thread(() => Handshake(connection)) { IsBackground = true }.Start();
        }
    }

    private void Handshake(Socket connection)
    {
        using (connection)
        {
            connection.ReceiveTimeout = 5000;
            try
            {
                using var stream = new NetworkStream(connection);
                new TlsServerProtocol(stream).Accept(new Server(this));
            }
            catch (Exception ex) when (ex is System.IO.IOException or SocketException or ObjectDisposedException)
            {
                // Probes abort every handshake on purpose.
            }
        }
    }

    private sealed class Server : DefaultTlsServer
    {
        private readonly LegacyTlsServer _owner;

        public Server(LegacyTlsServer owner)
            : base(new BcTlsCrypto(new SecureRandom())) => _owner = owner;

        protected override ProtocolVersion[] GetSupportedVersions() => _owner._versions;

        protected override int[] GetSupportedCipherSuites() => _owner._suites;

        protected override bool PreferLocalCipherSuites() => _owner._serverOrder;

        protected override TlsCredentialedDecryptor GetRsaEncryptionCredentials() =>
            new BcDefaultTlsCredentialedDecryptor((BcTlsCrypto)Crypto, Chain(), _owner._key);

        protected override TlsCredentialedSigner GetRsaSignerCredentials()
        {
            var algorithms = m_context.SecurityParameters.ClientSigAlgs;
            var chosen = algorithms is null ? null : new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.rsa);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto, _owner._key, Chain(), chosen);
        }

        private Certificate Chain() => new(new TlsCertificate[] { Crypto.CreateCertificate(_owner._certificate) });
    }
}
