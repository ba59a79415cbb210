using System;
using MailTls.Certificates;
using MailTls.Dns;

namespace MailTls.Https;

/// <summary>How a strict fetch behaves: the limits, the trust, and which resolver finds the host.</summary>
public sealed class StrictHttpsOptions
{
    /// <param name="maxBytes">The largest body read; beyond it the body is reported as too large.</param>
    /// <param name="timeout">The whole fetch: connect, handshake, headers and body.</param>
    /// <param name="trust">Roots trusted besides the system's.</param>
    /// <param name="resolver">Resolves the host when the user named resolvers (-DnsServer); null means the system's DNS.</param>
    public StrictHttpsOptions(int maxBytes, TimeSpan timeout, CertificateTrust trust, MailExchangerResolver? resolver)
    {
        if (maxBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), "The size limit must be positive.");
        }

        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        }

        MaxBytes = maxBytes;
        Timeout = timeout;
        Trust = trust ?? throw new ArgumentNullException(nameof(trust));
        Resolver = resolver;
    }

    public int MaxBytes { get; }

    public TimeSpan Timeout { get; }

    public CertificateTrust Trust { get; }

    public MailExchangerResolver? Resolver { get; }

    /// <summary>Sent with every request, so server operators can tell what fetched their policy.</summary>
    public static string UserAgent { get; } = $"MailTls/{typeof(StrictHttpsOptions).Assembly.GetName().Version?.ToString(3)} (+https://github.com/mailtls/MailTls)";
}
