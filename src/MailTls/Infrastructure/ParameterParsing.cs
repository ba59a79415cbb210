using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;
using MailTls.Dns;
using MailTls.Https;
using MailTls.MtaSts;

namespace MailTls.Commands.Infrastructure;

/// <summary>Turns parameters shared by several cmdlets into core types; bad values stop the cmdlet before any work.</summary>
internal static class ParameterParsing
{
    public static IReadOnlyList<IPEndPoint> DnsServers(PSCmdlet cmdlet, string[]? values)
    {
        var servers = new List<IPEndPoint>();
        foreach (var text in values ?? Array.Empty<string>())
        {
            if (!DnsServerEndpoint.TryParse(text, out var endpoint, out var reason))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidDnsServer(text, reason));
            }

            servers.Add(endpoint);
        }

        return servers;
    }

    /// <summary>The run's resolver: the -DnsServer list (or the system's), waiting -Timeout seconds per server.</summary>
    public static DnsResolver Resolver(PSCmdlet cmdlet, string[]? dnsServers, int timeoutSeconds) =>
        new(new DnsResolverOptions(DnsServers(cmdlet, dnsServers), TimeSpan.FromSeconds(timeoutSeconds)));

    /// <summary>
    /// The client for MTA-STS policy fetches: strict HTTPS, the user's extra roots, and, when the user
    /// named resolvers, those resolvers for the policy host's address too.
    /// </summary>
    public static StrictHttpsClient PolicyClient(PSCmdlet cmdlet, string[]? dnsServers, int timeoutSeconds, object[]? trustedRoots)
    {
        var resolver = dnsServers is { Length: > 0 } ? new MailExchangerResolver(Resolver(cmdlet, dnsServers, timeoutSeconds)) : null;
        var trust = new CertificateTrust(TrustedRoots(cmdlet, trustedRoots));
        return new StrictHttpsClient(new StrictHttpsOptions(MtaStsPolicyFetcher.MaxPolicyBytes, TimeSpan.FromSeconds(timeoutSeconds), trust, resolver));
    }

    /// <summary>Certificates as objects, or PEM/DER files relative to the current PowerShell location.</summary>
    public static IReadOnlyList<X509Certificate2> TrustedRoots(PSCmdlet cmdlet, object[]? values) =>
        Certificates(cmdlet, values, ErrorRecords.InvalidTrustedRoot);

    /// <summary>Certificates from objects or files; a bad value stops the cmdlet with the error <paramref name="invalid"/> makes.</summary>
    public static IReadOnlyList<X509Certificate2> Certificates(PSCmdlet cmdlet, object[]? values, Func<object, string, ErrorRecord> invalid)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var value in values ?? Array.Empty<object>())
        {
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case X509Certificate2 certificate:
                    certificates.Add(certificate);
                    break;
                case X509Certificate certificate:
                    certificates.Add(new X509Certificate2(certificate));
                    break;
                case string or FileInfo:
                    var path = cmdlet.GetUnresolvedProviderPathFromPSPath(value.ToString());
                    try
                    {
                        certificates.AddRange(CertificateTrust.LoadFile(path).Cast<X509Certificate2>());
                    }
                    catch (ArgumentException ex)
                    {
                        cmdlet.ThrowTerminatingError(invalid(value, ErrorRecords.Reason(ex)));
                    }

                    break;
                default:
                    cmdlet.ThrowTerminatingError(invalid(value!, $"Expected a certificate (X509Certificate2) or the path of a PEM or DER file, not {value?.GetType().Name ?? "null"}."));
                    break;
            }
        }

        return certificates;
    }
}
