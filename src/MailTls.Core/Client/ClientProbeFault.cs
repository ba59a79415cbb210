using System;

namespace MailTls.Client;

/// <summary>A client probe that MailTls could not finish because of a fault of its own (a bug), not the server's.</summary>
public sealed class ClientProbeFault
{
    internal ClientProbeFault(ClientEndpoint endpoint, string address, Exception error)
    {
        Endpoint = endpoint;
        Address = address;
        Error = error;
    }

    public ClientEndpoint Endpoint { get; }

    public string Address { get; }

    public Exception Error { get; }

    /// <summary>"imap.contoso.com [192.0.2.1]:993", for the error record's target.</summary>
    public string Target => $"{Endpoint.HostName} [{Address}]:{Endpoint.Port}";

    public string Message => $"MailTls failed while probing {Endpoint.Protocol} on {Target}: {Error.Message}";
}
