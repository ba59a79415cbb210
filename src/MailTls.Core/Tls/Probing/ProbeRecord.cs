using System.Collections.Generic;
using Org.BouncyCastle.Tls;

namespace MailTls.Tls;

/// <summary>
/// What the handshake callbacks saw, written on the probe thread while BouncyCastle runs and read
/// after it returns or throws. The ServerHello is recorded before BouncyCastle validates it, so
/// choices BouncyCastle would refuse (RC4, export, a version not offered) are still seen.
/// </summary>
internal sealed class ProbeRecord
{
    public ProbeRecord(ProbeRequest request) => Request = request;

    public ProbeRequest Request { get; }

    public bool ServerHelloSeen { get; private set; }

    public int? ServerVersion { get; private set; }

    public int? CipherSuite { get; private set; }

    public bool HelloRetry { get; private set; }

    public int? Group { get; set; }

    public int? DhPrimeBits { get; set; }

    public IReadOnlyList<byte[]>? Certificates { get; set; }

    /// <summary>The alert the server sent, if any.</summary>
    public short? AlertReceived { get; set; }

    public void ServerHello(ServerHello hello)
    {
        if (ServerHelloSeen && !HelloRetry)
        {
            return;
        }

        ServerHelloSeen = true;
        CipherSuite = hello.CipherSuite;
        var extensions = hello.Extensions;
        var selected = extensions is null ? null : TlsExtensionsUtilities.GetSupportedVersionsExtensionServer(extensions);
        ServerVersion = (selected ?? hello.Version).FullVersion;
        HelloRetry = hello.IsHelloRetryRequest();
        if (extensions is null)
        {
            return;
        }

        if (HelloRetry)
        {
            var retryGroup = TlsExtensionsUtilities.GetKeyShareHelloRetryRequest(extensions);
            Group = retryGroup >= 0 ? retryGroup : null;
        }
        else if (selected is not null && TlsExtensionsUtilities.GetKeyShareServerHello(extensions) is { } share)
        {
            Group = share.NamedGroup;
        }
    }
}
