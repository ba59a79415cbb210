namespace MailTls.Tls;

internal enum ProbeOutcomeKind
{
    /// <summary>The server answered with a ServerHello or HelloRetryRequest.</summary>
    Answered,

    /// <summary>The server rejected the offer: an alert, or it closed the connection after the ClientHello.</summary>
    Rejected,

    /// <summary>The server limits this client (421, 454, or a refused connection after earlier ones worked): back off, try again.</summary>
    Busy,

    /// <summary>The probe broke (timeout, network error): it says nothing about the offer.</summary>
    Failed,

    /// <summary>The server will not do TLS here at all (no STARTTLS, connection refused from the start): stop.</summary>
    Unusable,
}
