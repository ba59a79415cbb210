using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailTls.Tls;

namespace MailTls.Tests.Tls;

/// <summary>Builds enumeration facts by hand, for rule tests that need no server.</summary>
internal static class TlsFacts
{
    private static readonly TlsClassification Table = TlsClassification.Default;

    /// <summary>A version with these suites ("NAME" or "NAME@1024" for a DH prime of 1024 bits); Accepted when any are given.</summary>
    public static TlsVersionResult Version(TlsVersion version, TlsSupport support, params string[] suites) =>
        Version(version, support, null, true, suites);

    public static TlsVersionResult Version(TlsVersion version, TlsSupport support, ServerCertificate? certificate, bool? serverOrder, params string[] suites)
    {
        var accepted = suites.Select((text, index) =>
        {
            var parts = text.Split('@');
            var suite = Table.CipherSuites.Single(s => s.Name == parts[0]);
            return new TlsAcceptedSuite(suite, serverOrder == true && suites.Length > 1 ? index + 1 : null, null, parts.Length > 1 ? int.Parse(parts[1]) : null);
        }).ToArray();
        return new TlsVersionResult(version, support, accepted, accepted.Length > 1 ? serverOrder : null, support != TlsSupport.Unknown, support == TlsSupport.Unknown ? "421 too many connections" : string.Empty, certificate);
    }

    /// <summary>An enumeration of the given versions; the ones not given were not accepted.</summary>
    public static TlsEnumeration Enumeration(params TlsVersionResult[] versions)
    {
        var all = TlsVersionCodes.All.Select(v => versions.FirstOrDefault(x => x.Version == v) ?? Version(v, TlsSupport.NotAccepted)).ToArray();
        return new TlsEnumeration("example.test", "mx.example.test", "192.0.2.25", 25, "StartTls", all,
            Array.Empty<TlsAcceptedGroup>(), null, true, Array.Empty<TlsAcceptedGroup>(), true, string.Empty, 12, TimeSpan.FromMilliseconds(120));
    }

    public static TlsEnumeration Failed(string failure) =>
        new("example.test", "mx.example.test", "192.0.2.25", 25, "StartTls", TlsVersionCodes.All.Select(v => Version(v, TlsSupport.Unknown)).ToArray(),
            Array.Empty<TlsAcceptedGroup>(), null, true, Array.Empty<TlsAcceptedGroup>(), true, failure, 1, TimeSpan.FromMilliseconds(5));

    public static TlsProtocolScan Scan(params (TlsVersion Version, TlsSupport Support)[] versions)
    {
        var endpoint = new TlsEndpoint(IPAddress.Parse("192.0.2.25"), 25, ImplicitTlsPreamble.Instance, "mx.example.test", "example.test");
        var support = versions.ToDictionary(v => v.Version, v => v.Support);
        return new TlsProtocolScan(endpoint, support, new Dictionary<TlsVersion, string>(), string.Empty, 5, TimeSpan.FromMilliseconds(50));
    }

    public static ServerCertificate RsaCertificate(int bits)
    {
        using var key = RSA.Create(bits);
        var request = new CertificateRequest("CN=mx.example.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return new ServerCertificate(certificate);
    }
}
