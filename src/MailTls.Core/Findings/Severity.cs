namespace MailTls;

/// <summary>How much a finding matters to whether mail travels encrypted.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum Severity : long
{
    /// <summary>Worth knowing; nothing to fix.</summary>
    Info = 1,

    /// <summary>Senders still encrypt, but something should be fixed (or would fail under enforced TLS).</summary>
    Warning,

    /// <summary>Mail to this server is not protected, or cannot be delivered with TLS.</summary>
    Error,
}
