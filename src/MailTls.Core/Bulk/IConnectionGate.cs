using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>
/// Admits outgoing connections: a run holds at most so many in total and so many per destination
/// address, because hosted mail providers answer 421 to bursts from one client. Every probe that
/// opens a socket enters the gate first and disposes the returned slot when the socket is closed.
/// </summary>
public interface IConnectionGate
{
    /// <summary>Waits for a free slot towards <paramref name="address"/>; dispose the result to free it.</summary>
    Task<IDisposable> EnterAsync(IPAddress address, CancellationToken cancellationToken);

    /// <summary>
    /// The server at <paramref name="address"/> answered 421, 454 or refused a connection that worked
    /// before: fewer connections to it should be open at once for a while.
    /// </summary>
    void ReportBusy(IPAddress address);
}
