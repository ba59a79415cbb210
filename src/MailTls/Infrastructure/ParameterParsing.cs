using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;
using MailTls.Client;
using MailTls.Dns;
using MailTls.Smtp;

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

    /// <summary>
    /// How to probe; a -ServerName or -HeloName that is not a host name (or, for HELO, an address
    /// literal) stops the cmdlet before anything reaches the wire.
    /// </summary>
    public static SmtpProbeOptions SmtpOptions(PSCmdlet cmdlet, int port, SmtpTlsMode mode, string? serverName, string? heloName, int timeoutSeconds, CertificateTrust trust)
    {
        try
        {
            return new SmtpProbeOptions(port, mode, serverName, heloName, TimeSpan.FromSeconds(timeoutSeconds), trust);
        }
        catch (ArgumentException ex)
        {
            var parameter = ex.ParamName == "heloName" ? "HeloName" : "ServerName";
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidParameter(parameter, ex.ParamName == "heloName" ? heloName! : serverName!, ErrorRecords.Reason(ex)));
            throw;
        }
    }

    /// <summary>
    /// Which client endpoints to probe and how; -Port with several protocols, or a -ServerName or -HeloName
    /// that is not a host name, stops the cmdlet before anything reaches the wire.
    /// </summary>
    public static MailClientProbeOptions ClientOptions(PSCmdlet cmdlet, string[]? protocols, int[]? ports, string mode, string? serverName, string? heloName, int timeoutSeconds, CertificateTrust trust)
    {
        var chosen = (protocols ?? Array.Empty<string>()).Select(p => (MailClientProtocol)Enum.Parse(typeof(MailClientProtocol), p, ignoreCase: true));
        try
        {
            return new MailClientProbeOptions(chosen, ports, (SmtpTlsMode)Enum.Parse(typeof(SmtpTlsMode), mode, ignoreCase: true), serverName, heloName, TimeSpan.FromSeconds(timeoutSeconds), trust);
        }
        catch (ArgumentException ex)
        {
            var (parameter, value) = ex.ParamName switch
            {
                "heloName" => ("HeloName", heloName!),
                "serverName" => ("ServerName", serverName!),
                _ => ("Port", string.Join(", ", ports ?? Array.Empty<int>())),
            };
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidParameter(parameter, value, ErrorRecords.Reason(ex)));
            throw;
        }
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
