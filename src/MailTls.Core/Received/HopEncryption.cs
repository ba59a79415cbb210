namespace MailTls;

/// <summary>What a Received header proves about TLS on its hop.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum: ConvertTo-Json writes it by name.</remarks>
public enum HopEncryption : long
{
    /// <summary>The header does not say: an unrecognised format, or software that writes no TLS marker.</summary>
    Unknown = 1,

    /// <summary>The header names TLS: a cipher, a TLS version, or an RFC 3848 protocol word such as ESMTPS.</summary>
    True,

    /// <summary>Software that always marks TLS sessions wrote this header without a mark: the hop was clear text.</summary>
    False,
}
