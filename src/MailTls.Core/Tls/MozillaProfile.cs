namespace MailTls;

/// <summary>The most restrictive Mozilla server-side TLS profile (guidelines 5.8) that includes an item.</summary>
/// <remarks>64-bit, like every MailTls enum: ConvertTo-Json writes such enums by name.</remarks>
public enum MozillaProfile : long
{
    /// <summary>Modern: TLS 1.3 only.</summary>
    Modern = 1,

    /// <summary>Intermediate: TLS 1.2 and 1.3 with forward-secret AEAD suites; the recommended general-purpose profile.</summary>
    Intermediate,

    /// <summary>Old: back to TLS 1.0 and 3DES, for clients that nothing else serves.</summary>
    Old,

    /// <summary>No Mozilla profile includes it.</summary>
    None,
}
