namespace MailTls;

/// <summary>How much a finding matters to whether mail travels encrypted.</summary>
public enum Severity
{
    /// <summary>Worth knowing; nothing to fix.</summary>
    Info,

    /// <summary>Senders still encrypt, but something should be fixed (or would fail under enforced TLS).</summary>
    Warning,

    /// <summary>Mail to this server is not protected, or cannot be delivered with TLS.</summary>
    Error,
}
