namespace MailTls;

/// <summary>The security levels of the NCSC-NL IT Security Guidelines for TLS (edition 2025-05), best first.</summary>
public enum NcscClass
{
    Good,
    Sufficient,

    /// <summary>Still acceptable for interoperability, but to be removed ("Uitfaseren" in the Dutch edition).</summary>
    PhaseOut,

    Insufficient,
}
