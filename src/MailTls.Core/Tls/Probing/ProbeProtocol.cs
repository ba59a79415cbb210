using System.IO;
using Org.BouncyCastle.Tls;

namespace MailTls.Tls;

/// <summary>BouncyCastle's client protocol with one hook: the ServerHello is recorded before it is validated.</summary>
internal sealed class ProbeProtocol : TlsClientProtocol
{
    private readonly ProbeRecord _record;

    public ProbeProtocol(Stream stream, ProbeRecord record)
        : base(stream)
    {
        _record = record;
    }

    protected override ServerHello ReceiveServerHelloMessage(MemoryStream buf)
    {
        var hello = base.ReceiveServerHelloMessage(buf);
        _record.ServerHello(hello);
        if (_record.Request.Depth == ProbeDepth.ServerHello || (hello.IsHelloRetryRequest() && _record.Request.KeyShares is { Count: 0 }))
        {
            throw new ProbeStopException();
        }

        return hello;
    }
}
