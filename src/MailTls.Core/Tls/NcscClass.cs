namespace MailTls;

/// <summary>The security levels of the NCSC-NL IT Security Guidelines for TLS (edition 2025-05), best first.</summary>
/// <remarks>64-bit, like every MailTls enum: ConvertTo-Json writes such enums by name.</remarks>
public enum NcscClass : long
{
    Good = 1,
    Sufficient,

    /// <summary>Still acceptable for interoperability, but to be removed ("Uitfaseren" in the Dutch edition).</summary>
    PhaseOut,

    Insufficient,
}
