using System.IO;
using System.Threading;
using MailTls.Diagnostics;

namespace MailTls.Tls;

/// <summary>Implicit TLS (SMTP on 465, IMAPS, POP3S): the ClientHello is the first thing sent.</summary>
public sealed class ImplicitTlsPreamble : ITlsPreamble
{
    public static ImplicitTlsPreamble Instance { get; } = new();

    private ImplicitTlsPreamble()
    {
    }

    public string Name => "Implicit";

    public TlsPreambleResult Run(Stream connection, TlsEndpoint endpoint, OperationLog log, CancellationToken cancellationToken) => TlsPreambleResult.Ready();
}
