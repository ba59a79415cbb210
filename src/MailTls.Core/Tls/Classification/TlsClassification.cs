using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailTls.Tls;

/// <summary>
/// The classification table shipped with the module (tls-classification.json): every IANA cipher
/// suite with its parts, and the NCSC-NL class and Mozilla profile of each suite, version, group,
/// DH prime size and certificate key. Data, not code: changing a rating means editing the file.
/// </summary>
public sealed class TlsClassification
{
    private const string ResourceName = "MailTls.Tls.Classification.tls-classification.json";

    private static readonly Lazy<TlsClassification> Embedded = new(LoadEmbedded);

    private readonly Dictionary<int, CipherSuiteInfo> _suites;
    private readonly Dictionary<int, GroupInfo> _groups;
    private readonly Dictionary<TlsVersion, TlsRating> _versions;
    private readonly IReadOnlyList<(int MinBits, TlsRating Rating)> _dhPrimes;
    private readonly IReadOnlyList<(string Algorithm, int MinBits, TlsRating Rating)> _keys;

    private TlsClassification(
        IReadOnlyList<CipherSuiteInfo> suites,
        IReadOnlyList<GroupInfo> groups,
        Dictionary<TlsVersion, TlsRating> versions,
        IReadOnlyList<(int, TlsRating)> dhPrimes,
        IReadOnlyList<(string, int, TlsRating)> keys)
    {
        CipherSuites = suites;
        Groups = groups;
        _suites = suites.ToDictionary(s => s.Code);
        _groups = groups.ToDictionary(g => g.Code);
        _versions = versions;
        _dhPrimes = dhPrimes;
        _keys = keys;
    }

    /// <summary>The table shipped with MailTls.</summary>
    public static TlsClassification Default => Embedded.Value;

    /// <summary>Every cipher suite in the table, in the table's order.</summary>
    public IReadOnlyList<CipherSuiteInfo> CipherSuites { get; }

    /// <summary>Every named group in the table.</summary>
    public IReadOnlyList<GroupInfo> Groups { get; }

    public CipherSuiteInfo? Suite(int code) => _suites.TryGetValue(code, out var suite) ? suite : null;

    public GroupInfo? Group(int code) => _groups.TryGetValue(code, out var group) ? group : null;

    public TlsRating Version(TlsVersion version) => _versions[version];

    /// <summary>The rating of a finite-field DH prime of this many bits (TLS 1.2 and older DHE).</summary>
    public TlsRating DhPrime(int bits) => _dhPrimes.First(t => bits >= t.MinBits).Rating;

    /// <summary>The rating of a certificate key ("RSA", "ECDSA", "Ed25519", "DSA"…), or null for an algorithm the table does not rate.</summary>
    public TlsRating? CertificateKey(string algorithm, int bits)
    {
        var name = algorithm == "RSASSA-PSS" ? "RSA" : algorithm;
        return _keys.Where(k => string.Equals(k.Algorithm, name, StringComparison.OrdinalIgnoreCase) && bits >= k.MinBits)
            .Select(k => k.Rating)
            .FirstOrDefault();
    }

    /// <summary>Reads a table in the tls-classification.json format.</summary>
    /// <exception cref="InvalidDataException">The table is malformed or inconsistent (the message says where).</exception>
    public static TlsClassification Load(Stream json)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        ClassificationData? data;
        try
        {
            var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
            options.Converters.Add(new JsonStringEnumConverter());
            data = JsonSerializer.Deserialize<ClassificationData>(json, options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The TLS classification table is not valid JSON: {ex.Message}", ex);
        }

        if (data is null)
        {
            throw new InvalidDataException("The TLS classification table is empty.");
        }

        return new TlsClassification(Suites(data), Groups_(data), Versions(data), DhPrimes(data), Keys(data));
    }

    private static TlsClassification LoadEmbedded()
    {
        using var stream = typeof(TlsClassification).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from MailTls.Core.");
        return Load(stream);
    }

    private static IReadOnlyList<CipherSuiteInfo> Suites(ClassificationData data)
    {
        var list = new List<CipherSuiteInfo>();
        foreach (var entry in Required(data.CipherSuites, "cipherSuites"))
        {
            var where = $"cipher suite {entry.Name ?? entry.Code ?? "?"}";
            var code = ParseCode(entry.Code, where);
            if (string.IsNullOrEmpty(entry.Name) || !entry.Name!.StartsWith("TLS_", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The {where} has no IANA name (TLS_…).");
            }

            var minimum = TlsVersionCodes.FromDisplayName(entry.MinVersion) ?? throw new InvalidDataException($"The {where} has an unknown minVersion '{entry.MinVersion}'.");
            list.Add(new CipherSuiteInfo(
                code,
                entry.Name,
                Text(entry.KeyExchange, where, "keyExchange"),
                Text(entry.Authentication, where, "authentication"),
                Text(entry.Encryption, where, "encryption"),
                entry.Bits,
                entry.Mac,
                entry.Export,
                minimum,
                Rating(entry.Ncsc, entry.Mozilla, where)));
        }

        Unique(list.Select(s => s.Code), "cipher suite code");
        Unique(list.Select(s => s.Name), "cipher suite name");
        return list;
    }

    private static IReadOnlyList<GroupInfo> Groups_(ClassificationData data)
    {
        var list = Required(data.Groups, "groups").Select(entry =>
        {
            var where = $"group {entry.Name ?? entry.Code.ToString(CultureInfo.InvariantCulture)}";
            return new GroupInfo(entry.Code, Text(entry.Name, where, "name"), Text(entry.Kind, where, "kind"), entry.Bits, entry.Tls13, entry.Tls12, Rating(entry.Ncsc, entry.Mozilla, where));
        }).ToList();
        Unique(list.Select(g => g.Code), "group code");
        return list;
    }

    private static Dictionary<TlsVersion, TlsRating> Versions(ClassificationData data)
    {
        var versions = new Dictionary<TlsVersion, TlsRating>();
        foreach (var entry in Required(data.Versions, "versions"))
        {
            var version = TlsVersionCodes.FromDisplayName(entry.Name) ?? throw new InvalidDataException($"Unknown version '{entry.Name}' in the TLS classification table.");
            if (ParseCode(entry.Code, entry.Name!) != version.WireCode())
            {
                throw new InvalidDataException($"{entry.Name} has the wrong code {entry.Code} in the TLS classification table.");
            }

            versions[version] = Rating(entry.Ncsc, entry.Mozilla, entry.Name!);
        }

        var missing = TlsVersionCodes.All.Where(v => !versions.ContainsKey(v)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"The TLS classification table does not rate {string.Join(", ", missing.Select(v => v.DisplayName()))}.");
        }

        return versions;
    }

    private static IReadOnlyList<(int, TlsRating)> DhPrimes(ClassificationData data)
    {
        var list = Required(data.DhPrimeBits, "dhPrimeBits").Select(t => (t.MinBits, Rating(t.Ncsc, t.Mozilla, $"DH primes of {t.MinBits} bits"))).ToList();
        if (!list.Select(t => t.MinBits).SequenceEqual(list.Select(t => t.MinBits).OrderByDescending(b => b)) || list[list.Count - 1].MinBits != 0)
        {
            throw new InvalidDataException("dhPrimeBits must run from the largest minBits down to 0.");
        }

        return list;
    }

    private static IReadOnlyList<(string, int, TlsRating)> Keys(ClassificationData data)
    {
        var list = Required(data.CertificateKeys, "certificateKeys")
            .Select(t => (Text(t.Algorithm, "a certificate key", "algorithm"), t.MinBits, Rating(t.Ncsc, t.Mozilla, $"{t.Algorithm} keys of {t.MinBits} bits")))
            .ToList();
        foreach (var algorithm in list.GroupBy(k => k.Item1))
        {
            var bits = algorithm.Select(k => k.Item2).ToList();
            if (!bits.SequenceEqual(bits.OrderByDescending(b => b)) || bits[bits.Count - 1] != 0)
            {
                throw new InvalidDataException($"certificateKeys for {algorithm.Key} must run from the largest minBits down to 0.");
            }
        }

        return list;
    }

    private static List<T> Required<T>(List<T>? list, string name) =>
        list is { Count: > 0 } ? list : throw new InvalidDataException($"The TLS classification table has no '{name}'.");

    private static string Text(string? value, string where, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"The {where} has no {field}.") : value!;

    private static TlsRating Rating(NcscClass? ncsc, MozillaProfile? mozilla, string where) =>
        new(ncsc ?? throw new InvalidDataException($"The {where} has no ncsc class."),
            mozilla ?? throw new InvalidDataException($"The {where} has no mozilla profile."));

    private static int ParseCode(string? text, string where)
    {
        if (text is not null && text.StartsWith("0x", StringComparison.Ordinal)
            && int.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) && text.Length == 6)
        {
            return code;
        }

        throw new InvalidDataException($"The {where} has an invalid code '{text}' (want 0xHHHH).");
    }

    private static void Unique<T>(IEnumerable<T> values, string what)
    {
        var duplicate = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"The TLS classification table lists the {what} {duplicate.Key} twice.");
        }
    }
}
