namespace MailTls;

/// <summary>An MTA-STS policy's mode (RFC 8461 §5).</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum MtaStsMode : long
{
    /// <summary>Senders deliver only to covered MX hosts over TLS 1.2+ with a valid certificate.</summary>
    Enforce = 1,

    /// <summary>Senders report failures (TLS-RPT) but deliver anyway.</summary>
    Testing,

    /// <summary>Senders treat the domain as having no policy (used to withdraw MTA-STS).</summary>
    None,
}

/// <summary>The policy-file words for <see cref="MtaStsMode"/>.</summary>
public static class MtaStsModes
{
    /// <summary>enforce, testing, none: as the policy file writes them.</summary>
    public static string PolicyWord(this MtaStsMode mode) => mode switch
    {
        MtaStsMode.Enforce => "enforce",
        MtaStsMode.Testing => "testing",
        _ => "none",
    };

    /// <summary>The mode a policy file's word names; null for any other word.</summary>
    public static MtaStsMode? FromPolicyWord(string? word) => word switch
    {
        "enforce" => MtaStsMode.Enforce,
        "testing" => MtaStsMode.Testing,
        "none" => MtaStsMode.None,
        _ => null,
    };
}
