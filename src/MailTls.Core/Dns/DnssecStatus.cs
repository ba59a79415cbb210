namespace MailTls.Dns;

/// <summary>
/// What DNSSEC says about an answer, as far as the resolver lets anyone know. Resolvers report
/// validation only through the AD bit, so "not signed" can be told apart from "not checked" only
/// by a resolver known to validate.
/// </summary>
/// <remarks>64-bit, like every MailTls enum: ConvertTo-Json writes such enums by name.</remarks>
public enum DnssecStatus : long
{
    /// <summary>The resolver validated the answer (it set the AD bit).</summary>
    Signed = 1,

    /// <summary>A validating resolver answered without AD: the zone's insecurity is proven, it is not signed.</summary>
    Unsigned,

    /// <summary>The resolver does not validate DNSSEC (it never sets AD), so it cannot say whether the zone is signed.</summary>
    NotValidated,
}
