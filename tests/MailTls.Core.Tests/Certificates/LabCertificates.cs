using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using MailTls.Certificates;
using MailTls.Tests.Lab;

namespace MailTls.Tests.Certificates;

/// <summary>The lab's certificates, and what openssl says about them (the independent opinion tests compare with).</summary>
internal static class LabCertificates
{
    /// <summary>Every lab SMTP case that serves a certificate.</summary>
    public static IEnumerable<string> CaseNames =>
        LabInfo.Instance.SmtpCaseNames.Where(n => LabInfo.Instance.Smtp(n).CertificatePath is not null);

    public static LabInfo.SmtpCase Case(string name) => LabInfo.Instance.Smtp(name);

    public static X509Certificate2 Leaf(string name) => LabInfo.LoadPem(Case(name).CertificatePath!).Single();

    /// <summary>Exactly what the server sends, leaf first.</summary>
    public static IReadOnlyList<X509Certificate2> Sent(string name) => LabInfo.LoadPem(Case(name).ChainPath!).ToList();

    /// <summary>The lab root CA as the only extra root, read with the code under test.</summary>
    public static CertificateTrust LabTrust() => new(CertificateTrust.LoadFile(LabInfo.Instance.CaCertificatePath).Cast<X509Certificate2>());

    public static OpensslFacts Openssl(string pemPath) => OpensslFacts.Read(pemPath);

    /// <summary>Runs openssl and returns its standard output; fails the test when openssl fails.</summary>
    public static string RunOpenssl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(" ", arguments)} failed ({process.ExitCode}): {error}");
        }

        return output;
    }
}

/// <summary>What `openssl x509 -noout -enddate -ext subjectAltName -text` prints for one certificate.</summary>
internal sealed class OpensslFacts
{
    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public required IReadOnlyList<string> DnsNames { get; init; }

    /// <summary>The "(N bit)" openssl prints; null when it prints none (Ed25519).</summary>
    public required int? KeyBits { get; init; }

    /// <summary>openssl's name, e.g. id-ecPublicKey, rsaEncryption.</summary>
    public required string KeyAlgorithm { get; init; }

    /// <summary>openssl's name, e.g. ecdsa-with-SHA256, sha1WithRSAEncryption.</summary>
    public required string SignatureAlgorithm { get; init; }

    public required string SubjectCommonName { get; init; }

    public required string IssuerCommonName { get; init; }

    public static OpensslFacts Read(string pemPath)
    {
        var text = LabCertificates.RunOpenssl("x509", "-in", pemPath, "-noout", "-enddate", "-ext", "subjectAltName", "-text");
        var names = LabCertificates.RunOpenssl("x509", "-in", pemPath, "-noout", "-subject", "-issuer", "-nameopt", "RFC2253");

        var sanLine = Regex.Match(text, @"X509v3 Subject Alternative Name:[^\n]*\n\s*([^\n]*)");
        return new OpensslFacts
        {
            NotBefore = ParseDate(Regex.Match(text, @"Not Before\s*:\s*([^\n]+)").Groups[1].Value),
            NotAfter = ParseDate(Regex.Match(text, @"notAfter=([^\n]+)").Groups[1].Value),
            DnsNames = sanLine.Success
                ? Regex.Matches(sanLine.Groups[1].Value, @"DNS:([^,\s]+)").Select(m => m.Groups[1].Value).ToArray()
                : Array.Empty<string>(),
            KeyBits = Regex.Match(text, @"Public-Key: \((\d+) bit\)") is { Success: true } bits
                ? int.Parse(bits.Groups[1].Value, CultureInfo.InvariantCulture)
                : null,
            KeyAlgorithm = Regex.Match(text, @"Public Key Algorithm: (\S+)").Groups[1].Value,
            SignatureAlgorithm = Regex.Match(text, @"Signature Algorithm: (\S+)").Groups[1].Value,
            SubjectCommonName = Regex.Match(names, @"subject=(?:.*,)?CN=([^,\n]+)").Groups[1].Value,
            IssuerCommonName = Regex.Match(names, @"issuer=(?:.*,)?CN=([^,\n]+)").Groups[1].Value,
        };
    }

    /// <summary>The Windows-style name of openssl's signature algorithm: ecdsa-with-SHA256 → sha256ECDSA, sha1WithRSAEncryption → sha1RSA.</summary>
    public string SignatureAlgorithmWindowsName
    {
        get
        {
            var ecdsa = Regex.Match(SignatureAlgorithm, @"^ecdsa-with-(SHA\d+)$");
            if (ecdsa.Success)
            {
                return ecdsa.Groups[1].Value.ToLowerInvariant() + "ECDSA";
            }

            var rsa = Regex.Match(SignatureAlgorithm, @"^(sha\d+)WithRSAEncryption$");
            if (rsa.Success)
            {
                return rsa.Groups[1].Value + "RSA";
            }

            throw new InvalidOperationException($"No mapping for openssl signature algorithm '{SignatureAlgorithm}'.");
        }
    }

    /// <summary>RSA, ECDSA, … for openssl's key algorithm name.</summary>
    public string KeyAlgorithmName => KeyAlgorithm switch
    {
        "rsaEncryption" => "RSA",
        "id-ecPublicKey" => "ECDSA",
        "ED25519" => "Ed25519",
        "dsaEncryption" => "DSA",
        _ => throw new InvalidOperationException($"No mapping for openssl key algorithm '{KeyAlgorithm}'."),
    };

    // "Nov 25 00:59:16 2027 GMT" (day padded with a space when < 10).
    private static DateTimeOffset ParseDate(string text)
    {
        var collapsed = Regex.Replace(text.Trim(), @"\s+", " ");
        return DateTimeOffset.ParseExact(collapsed, "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
