using System;

namespace MailTls;

/// <summary>
/// One Received header of a message: one hop, numbered from the oldest (the first server the message
/// reached) to the newest, with the TLS evidence the receiving server wrote.
/// </summary>
public sealed class ReceivedHop
{
    internal ReceivedHop()
    {
    }

    /// <summary>1 for the oldest hop (the bottom Received header), n for the newest (the top one).</summary>
    public int Hop { get; internal set; }

    /// <summary>The sending host as the receiving server wrote it (its HELO name or reverse DNS name).</summary>
    public string? From { get; internal set; }

    /// <summary>The sending host's IP address, when the header gives one.</summary>
    public string? FromAddress { get; internal set; }

    /// <summary>The receiving host, which wrote this header.</summary>
    public string? By { get; internal set; }

    /// <summary>The with clause: SMTP, ESMTP, ESMTPS, ESMTPSA, LMTP, UTF8SMTPS, ... (RFC 3848, RFC 6531), or what the software wrote.</summary>
    public string? With { get; internal set; }

    public TlsVersion? TlsProtocol { get; internal set; }

    /// <summary>The cipher suite as written (IANA, OpenSSL or GnuTLS spelling, depending on the software).</summary>
    public string? CipherSuite { get; internal set; }

    public int? CipherBits { get; internal set; }

    /// <summary>Whether the sender's certificate was verified, where the header says so (Sendmail verify=, Postfix client-certificate text, OpenSMTPD).</summary>
    public bool? PeerVerified { get; internal set; }

    public HopEncryption Encrypted { get; internal set; }

    /// <summary>The hop never crossed a network: loopback, or a local submission (Postfix pickup, qmail-queue, Exim local, Sendmail Submit).</summary>
    public bool IsLocal { get; internal set; }

    /// <summary>What in the header decided Encrypted, in words.</summary>
    public string Evidence { get; internal set; } = string.Empty;

    /// <summary>When the receiving server took the message, in UTC.</summary>
    public DateTimeOffset? Timestamp { get; internal set; }

    /// <summary>Seconds since the previous hop's timestamp; negative when the two servers' clocks disagree.</summary>
    public double? DelaySeconds { get; internal set; }

    /// <summary>Postfix, Exim, Sendmail, Exchange, Exchange Online, Gmail, OpenSMTPD, Haraka, qmail, qpsmtpd, Mimecast, where recognisable.</summary>
    public string? Software { get; internal set; }

    /// <summary>The message's Message-ID, so rows from many messages stay apart.</summary>
    public string? MessageId { get; internal set; }

    /// <summary>The .eml file the message came from, or empty for text input.</summary>
    public string SourceFile { get; internal set; } = string.Empty;

    /// <summary>The header value as written, unfolded.</summary>
    public string Raw { get; internal set; } = string.Empty;

    public override string ToString() => $"{Hop}: {From} -> {By} {With} {Encrypted}";
}
