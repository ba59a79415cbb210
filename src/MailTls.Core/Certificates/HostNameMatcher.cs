using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Certificates;

/// <summary>
/// Does a certificate name the host a sender connected to? RFC 6125 §6.4 as RFC 9525 tightens
/// it, which is what current MTAs apply: ASCII case-insensitive, a wildcard only as the whole
/// left-most label covering exactly one label, the subject CN only when there is no DNS SAN.
/// </summary>
public static class HostNameMatcher
{
    /// <summary>
    /// True when the presented name <paramref name="pattern"/> (a DNS-ID from the certificate)
    /// matches the reference <paramref name="hostName"/>. Never throws; null or malformed input does not match.
    /// </summary>
    public static bool Matches(string? pattern, string? hostName)
    {
        if (pattern is null || hostName is null)
        {
            return false;
        }

        var presented = WithoutTrailingDot(pattern);
        var reference = WithoutTrailingDot(hostName);
        if (presented.Length == 0 || reference.Length == 0 || reference.IndexOf('*') >= 0)
        {
            return false;
        }

        var referenceLabels = reference.Split('.');
        var presentedLabels = presented.Split('.');
        if (referenceLabels.Any(l => l.Length == 0)
            || presentedLabels.Any(l => l.Length == 0)
            || referenceLabels.Length != presentedLabels.Length)
        {
            return false;
        }

        var first = 0;
        if (presented.IndexOf('*') >= 0)
        {
            // Only "*.<at least two labels>": no partial-label wildcard, none further right, none over a TLD.
            if (presentedLabels[0] != "*"
                || presentedLabels.Length < 3
                || presentedLabels.Skip(1).Any(l => l.IndexOf('*') >= 0))
            {
                return false;
            }

            first = 1; // the wildcard covers exactly the one, non-empty, left-most label
        }

        for (var i = first; i < presentedLabels.Length; i++)
        {
            if (!AsciiEqualsIgnoreCase(presentedLabels[i], referenceLabels[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The dNSName entries of the subjectAltName extension (2.5.29.17), in certificate order.</summary>
    public static IReadOnlyList<string> GetDnsNames(X509Certificate2 certificate)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var names = new List<string>();
        CertificateFields.ReadSubjectAltNames(certificate, names, new List<IPAddress>());
        return names.AsReadOnly();
    }

    /// <summary>The iPAddress entries of the subjectAltName extension, in certificate order.</summary>
    public static IReadOnlyList<IPAddress> GetIPAddresses(X509Certificate2 certificate)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var addresses = new List<IPAddress>();
        CertificateFields.ReadSubjectAltNames(certificate, new List<string>(), addresses);
        return addresses.AsReadOnly();
    }

    /// <summary>
    /// True when <paramref name="certificate"/> is valid for <paramref name="hostName"/>: a DNS SAN
    /// matches; or, only when there is no DNS SAN at all, the subject CN does; or, for an IP address,
    /// an iPAddress SAN equals it. <paramref name="presentedNames"/> gets the names that were compared.
    /// </summary>
    public static bool CertificateMatches(X509Certificate2 certificate, string hostName, out IReadOnlyList<string> presentedNames)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        if (hostName is null)
        {
            throw new ArgumentNullException(nameof(hostName));
        }

        var dnsNames = new List<string>();
        var addresses = new List<IPAddress>();
        CertificateFields.ReadSubjectAltNames(certificate, dnsNames, addresses);

        if (TryParseAddress(hostName, out var address))
        {
            presentedNames = addresses.Select(a => a.ToString()).ToList().AsReadOnly();
            var wanted = address.GetAddressBytes();
            return addresses.Any(a => CertificateFields.ByteArrayEquals(a.GetAddressBytes(), wanted));
        }

        if (dnsNames.Count == 0)
        {
            var commonName = CertificateFields.GetCommonName(certificate.SubjectName);
            if (commonName is not null)
            {
                dnsNames.Add(commonName);
            }
        }

        presentedNames = dnsNames.AsReadOnly();
        return dnsNames.Any(n => Matches(n, hostName));
    }

    /// <summary>An IPv4 dotted quad or an IPv6 address (brackets allowed); a host name is never taken for one.</summary>
    internal static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var candidate = text.Trim();
        if (candidate.Length > 2 && candidate[0] == '[' && candidate[candidate.Length - 1] == ']')
        {
            candidate = candidate.Substring(1, candidate.Length - 2);
        }

        if (!Dns.AddressText.LooksLikeAddress(candidate) || !IPAddress.TryParse(candidate, out var parsed) || parsed is null)
        {
            return false;
        }

        address = parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    private static string WithoutTrailingDot(string name) =>
        name.Length > 0 && name[name.Length - 1] == '.' ? name.Substring(0, name.Length - 1) : name;

    private static bool AsciiEqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (ToLowerAscii(a[i]) != ToLowerAscii(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char ToLowerAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
