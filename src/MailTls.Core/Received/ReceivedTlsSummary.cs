
namespace MailTls;

/// <summary>
/// One message's Received headers summed up: how many hops proved TLS, and the first hop that did
/// not. Local hops (loopback, local submission) never crossed a network and are not counted against it.
/// </summary>
public sealed class ReceivedTlsSummary
{
    internal ReceivedTlsSummary()
    {
    }

    public string? MessageId { get; internal set; }

    public string? Subject { get; internal set; }

    public int Hops { get; internal set; }

    public int EncryptedHops { get; internal set; }

    public int UnencryptedHops { get; internal set; }

    public int UnknownHops { get; internal set; }

    public int LocalHops { get; internal set; }

    /// <summary>True when every hop that crossed a network shows TLS.</summary>
    public bool AllEncrypted { get; internal set; }

    /// <summary>The number of the oldest network hop whose TLS is not proven, or null when all are.</summary>
    public int? FirstUnprovenHop { get; internal set; }

    /// <summary>That hop's receiving host.</summary>
    public string? FirstUnprovenBy { get; internal set; }

    /// <summary>That hop's state: False (clear text) or Unknown (not stated).</summary>
    public HopEncryption? FirstUnprovenState { get; internal set; }

    /// <summary>The oldest TLS version any hop names.</summary>
    public TlsVersion? LowestTlsProtocol { get; internal set; }

    public string SourceFile { get; internal set; } = string.Empty;

    public override string ToString() => $"{MessageId}: {EncryptedHops}/{Hops} encrypted";
}
