using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailTls.Certificates;

/// <summary>
/// What a chain may end at besides the system's trusted roots: nothing (<see cref="System"/>),
/// or the private CAs an admin passes with -TrustedRootCertificate. Immutable.
/// </summary>
public sealed class CertificateTrust
{
    private const int ChainCapacity = 10_000;

    private readonly ConcurrentDictionary<string, ChainOutcome> _chains = new(StringComparer.Ordinal);

    private const string PemBegin = "-----BEGIN CERTIFICATE-----";
    private const string PemEnd = "-----END CERTIFICATE-----";

    /// <summary>Trust the system store only.</summary>
    public static CertificateTrust System { get; } = new(Array.Empty<X509Certificate2>());

    /// <summary>Trust the system store and <paramref name="extraRoots"/> (duplicates are dropped).</summary>
    public CertificateTrust(IEnumerable<X509Certificate2> extraRoots)
    {
        if (extraRoots is null)
        {
            throw new ArgumentNullException(nameof(extraRoots));
        }

        var roots = new List<X509Certificate2>();
        foreach (var root in extraRoots)
        {
            if (root is null)
            {
                throw new ArgumentException("The list of trusted root certificates contains a null entry.", nameof(extraRoots));
            }

            if (!roots.Any(r => CertificateFields.ByteArrayEquals(r.RawData, root.RawData)))
            {
                roots.Add(root);
            }
        }

        ExtraRoots = new ReadOnlyCollection<X509Certificate2>(roots);
    }

    /// <summary>The roots trusted in addition to the system store; empty for <see cref="System"/>.</summary>
    public IReadOnlyList<X509Certificate2> ExtraRoots { get; }

    public bool HasExtraRoots => ExtraRoots.Count > 0;

    /// <summary>
    /// A chain built earlier for the same certificates under this trust, or <paramref name="build"/>'s:
    /// a hosted provider's many MX hosts present one certificate, and building its chain is the costliest
    /// step of checking it. Bounded; past the bound chains are simply built again.
    /// </summary>
    internal ChainOutcome Chain(string key, Func<ChainOutcome> build)
    {
        if (_chains.TryGetValue(key, out var known))
        {
            return known;
        }

        var built = build();
        if (_chains.Count < ChainCapacity)
        {
            _chains.TryAdd(key, built);
        }

        return built;
    }

    /// <summary>How many chains this trust holds built.</summary>
    internal int ChainsBuilt => _chains.Count;

    internal bool IsExtraRoot(X509Certificate2 certificate) =>
        ExtraRoots.Any(r => CertificateFields.ByteArrayEquals(r.RawData, certificate.RawData));

    /// <summary>
    /// Reads every certificate in a PEM file (one or more BEGIN CERTIFICATE blocks; other blocks
    /// such as keys are skipped) or a DER file. Throws ArgumentException naming the file and what is wrong.
    /// </summary>
    public static X509Certificate2Collection LoadFile(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (path.Trim().Length == 0)
        {
            throw new ArgumentException("The certificate file path is empty.", nameof(path));
        }

        if (Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory, not a certificate file.", nameof(path));
        }

        if (!File.Exists(path))
        {
            throw new ArgumentException($"The certificate file '{path}' does not exist.", nameof(path));
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ArgumentException($"The certificate file '{path}' cannot be read: {e.Message}", nameof(path), e);
        }

        var collection = new X509Certificate2Collection();
        foreach (var der in DecodeFile(path, content))
        {
            collection.Add(new X509Certificate2(der));
        }

        return collection;
    }

    /// <summary>The certificates in PEM text (pasted, or read with Get-Content -Raw), in order.</summary>
    /// <exception cref="ArgumentException">The text holds no certificate block, or a broken one.</exception>
    public static IReadOnlyList<X509Certificate2> ParsePem(string text)
    {
        if (text is null || text.IndexOf(PemBegin, StringComparison.Ordinal) < 0)
        {
            throw new ArgumentException("The PEM text holds no 'BEGIN CERTIFICATE' block.", nameof(text));
        }

        return DecodePem("The PEM text", text).Select(der => new X509Certificate2(der)).ToArray();
    }

    private static IEnumerable<byte[]> DecodeFile(string path, byte[] content)
    {
        // PEM is ASCII; Latin-1 keeps every byte as one char so a DER file cannot fake a header by accident.
        var text = Encoding.GetEncoding("iso-8859-1").GetString(content);
        if (text.IndexOf(PemBegin, StringComparison.Ordinal) >= 0)
        {
            return DecodePem($"The file '{path}'", text);
        }

        if (IsDerCertificate(content))
        {
            return new[] { content };
        }

        if (text.IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException(
                $"The file '{path}' is PEM but holds no 'BEGIN CERTIFICATE' block (a key or a request is not a certificate).",
                nameof(path));
        }

        throw new ArgumentException(
            $"The file '{path}' is not a certificate: it is neither PEM with a 'BEGIN CERTIFICATE' block nor a DER-encoded X.509 certificate.",
            nameof(path));
    }

    private static List<byte[]> DecodePem(string source, string text)
    {
        var blocks = new List<byte[]>();
        var position = 0;
        while (true)
        {
            var begin = text.IndexOf(PemBegin, position, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var bodyStart = begin + PemBegin.Length;
            var end = text.IndexOf(PemEnd, bodyStart, StringComparison.Ordinal);
            var number = blocks.Count + 1;
            if (end < 0)
            {
                throw new ArgumentException(
                    $"{source} has a certificate block (#{number}) without its '{PemEnd}' line.", "path");
            }

            var body = new string(text.Substring(bodyStart, end - bodyStart).Where(c => !char.IsWhiteSpace(c)).ToArray());
            byte[] der;
            try
            {
                der = Convert.FromBase64String(body);
            }
            catch (FormatException)
            {
                throw new ArgumentException(
                    $"{source} has a certificate block (#{number}) that is not valid base64.", "path");
            }

            if (!IsDerCertificate(der))
            {
                throw new ArgumentException(
                    $"{source} has a certificate block (#{number}) whose content is not an X.509 certificate.", "path");
            }

            blocks.Add(der);
            position = end + PemEnd.Length;
        }

        return blocks;
    }

    /// <summary>
    /// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signature BIT STRING },
    /// and the platform can load it. A PKCS#12 or PKCS#7 file is not taken for a certificate.
    /// </summary>
    private static bool IsDerCertificate(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var certificate = reader.ReadSequence();
            if (reader.HasData)
            {
                return false;
            }

            certificate.ReadSequence();
            certificate.ReadSequence();
            certificate.ReadBitString(out _);
            if (certificate.HasData)
            {
                return false;
            }

            using var loaded = new X509Certificate2(der);
            return true;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }
}
