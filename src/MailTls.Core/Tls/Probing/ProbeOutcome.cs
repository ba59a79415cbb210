using System;
using System.Collections.Generic;

namespace MailTls.Tls;

/// <summary>What one probe saw: the server's choices, or why there were none.</summary>
internal sealed class ProbeOutcome
{
    public ProbeOutcome(ProbeOutcomeKind kind, string detail)
    {
        Kind = kind;
        Detail = detail;
    }

    public ProbeOutcomeKind Kind { get; }

    /// <summary>The alert, error or reply that explains the outcome.</summary>
    public string Detail { get; }

    /// <summary>The version the server chose (its supported_versions answer for TLS 1.3).</summary>
    public int? ServerVersion { get; set; }

    public int? CipherSuite { get; set; }

    /// <summary>The server asked for another key share (TLS 1.3 HelloRetryRequest).</summary>
    public bool HelloRetry { get; set; }

    /// <summary>The group the server chose: from the HelloRetryRequest or ServerHello key share (TLS 1.3) or the ServerKeyExchange curve (older).</summary>
    public int? Group { get; set; }

    /// <summary>The finite-field DH prime's size from the ServerKeyExchange (DHE and anonymous DH before TLS 1.3).</summary>
    public int? DhPrimeBits { get; set; }

    /// <summary>The server's certificates as sent, leaf first, DER.</summary>
    public IReadOnlyList<byte[]> Certificates { get; set; } = Array.Empty<byte[]>();

    public TimeSpan Elapsed { get; set; }

    /// <summary>The TCP connection itself was refused (Busy once a connection has worked, else nothing listens).</summary>
    public bool ConnectionRefused { get; set; }

    public override string ToString() => Kind == ProbeOutcomeKind.Answered
        ? $"version 0x{ServerVersion:X4}, suite 0x{CipherSuite:X4}{(Group is null ? string.Empty : $", group {Group}")}{(DhPrimeBits is null ? string.Empty : $", DH {DhPrimeBits} bits")}"
        : $"{Kind}: {Detail}";
}
