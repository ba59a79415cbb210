using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MailTls.Tests.Tls;

/// <summary>
/// The independent opinions: sslscan, testssl.sh and openssl s_client (Debian packages, see
/// tests/lab/install-packages.sh) run against the same lab listener, their answers parsed.
/// </summary>
internal static class PeerScanners
{
    private static readonly TimeSpan SslscanTimeout = TimeSpan.FromSeconds(60);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<SslscanResult>> SslscanRuns = new(StringComparer.Ordinal);

    /// <summary>sslscan's accepted (version, suite code) pairs, DH prime bits per pair, and TLS 1.3 groups; one scan per listener and test run.</summary>
    public static SslscanResult Sslscan(IPAddress address, int port, string host, bool startTls) =>
        Sslscan(address, port, host, startTls ? "smtp" : null);

    /// <param name="startTls">smtp, imap or pop3 (sslscan's --starttls-… options); null for implicit TLS.</param>
    public static SslscanResult Sslscan(IPAddress address, int port, string host, string? startTls) =>
        SslscanRuns.GetOrAdd($"{address}:{port}:{startTls}", _ => new Lazy<SslscanResult>(() => RunSslscan(address, port, host, startTls))).Value;

    private static SslscanResult RunSslscan(IPAddress address, int port, string host, string? startTls)
    {
        var arguments = new List<string> { "--no-colour", "--show-cipher-ids", "--xml=-", $"--sni-name={host}" };
        if (startTls is not null)
        {
            arguments.Add("--starttls-" + startTls);
        }

        arguments.Add($"{address}:{port}");
        var xml = XDocument.Parse(Run("sslscan", arguments, SslscanTimeout, environment: null));
        var suites = new Dictionary<(TlsVersion, int), int?>();
        foreach (var cipher in xml.Descendants("cipher").Where(c => (string?)c.Attribute("status") is "accepted" or "preferred"))
        {
            var version = Version((string)cipher.Attribute("sslversion")!);
            var code = int.Parse(((string)cipher.Attribute("id")!).Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            suites[(version, code)] = (string?)cipher.Attribute("dhebits") is { } bits ? int.Parse(bits, CultureInfo.InvariantCulture) : null;
        }

        var groups = xml.Descendants("group")
            .Select(g => (Version: Version((string)g.Attribute("sslversion")!), Code: int.Parse(((string)g.Attribute("id")!).Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)))
            .ToArray();
        return new SslscanResult(suites, groups.Where(g => g.Version == TlsVersion.Tls13).Select(g => g.Code).ToHashSet(),
            groups.Where(g => g.Version != TlsVersion.Tls13).Select(g => g.Code).ToHashSet());
    }

    /// <summary>testssl.sh -E (every suite, per version): the accepted (version, suite code) pairs.</summary>
    public static HashSet<(TlsVersion, int)> Testssl(IPAddress address, int port, bool startTls)
    {
        using var dir = new Certificates.TestPki.TempDirectory();
        var config = dir.File("seclevel0.cnf");
        // testssl.sh cannot even connect to a TLS 1.0-only server through OpenSSL 3's default security level.
        File.WriteAllText(config, "openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = defaults\n[defaults]\nCipherString = ALL:@SECLEVEL=0\nMinProtocol = None\n");
        var json = dir.File("result.json");
        var arguments = new List<string> { "--quiet", "--color", "0", "--warnings", "off", "-E", "--jsonfile", json };
        if (startTls)
        {
            arguments.AddRange(new[] { "--starttls", "smtp" });
        }

        arguments.Add($"{address}:{port}");
        Run("testssl", arguments, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["OPENSSL_CONF"] = config }, allowFailure: true);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var accepted = new HashSet<(TlsVersion, int)>();
        var finding = new Regex(@"^(SSLv3|TLS 1(?:\.[123])?)\s+x([0-9a-f]+)\s", RegexOptions.CultureInvariant);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (!entry.GetProperty("id").GetString()!.StartsWith("cipher-", StringComparison.Ordinal))
            {
                continue;
            }

            var match = finding.Match(entry.GetProperty("finding").GetString()!);
            if (match.Success)
            {
                var version = match.Groups[1].Value switch
                {
                    "SSLv3" => TlsVersion.Ssl3,
                    "TLS 1" => TlsVersion.Tls10,
                    "TLS 1.1" => TlsVersion.Tls11,
                    "TLS 1.2" => TlsVersion.Tls12,
                    _ => TlsVersion.Tls13,
                };
                accepted.Add((version, int.Parse(match.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }

        return accepted;
    }

    /// <summary>
    /// The curve of the ServerKeyExchange when openssl s_client offers <paramref name="groups"/>
    /// (colon-separated OpenSSL names) and <paramref name="cipher"/> (an OpenSSL cipher string) at one version (-tls1_2, -tls1); null when the handshake failed.
    /// </summary>
    public static string? OpensslCurve(IPAddress address, int port, string groups, string cipher, string versionFlag)
    {
        var output = Run("openssl", new[] { "s_client", "-starttls", "smtp", "-connect", $"{address}:{port}", versionFlag, "-groups", groups, "-cipher", cipher + ":@SECLEVEL=0", "-brief" },
            TimeSpan.FromSeconds(20), environment: null, allowFailure: true, input: "QUIT\r\n");
        var match = Regex.Match(output, @"(?:Server Temp Key|Peer Temp Key): (?:ECDH, )?([A-Za-z0-9-]+)", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The suite (OpenSSL name) the server chose from openssl s_client's offer, in that order; null when none.</summary>
    public static string? OpensslCipher(IPAddress address, int port, string versionFlag, string ciphers)
    {
        var output = Run("openssl", new[] { "s_client", "-starttls", "smtp", "-connect", $"{address}:{port}", versionFlag, "-cipher", ciphers + ":@SECLEVEL=0", "-brief" },
            TimeSpan.FromSeconds(20), environment: null, allowFailure: true, input: "QUIT\r\n");
        var match = Regex.Match(output, @"Ciphersuite: (\S+)", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static TlsVersion Version(string name) => name switch
    {
        "SSLv3" => TlsVersion.Ssl3,
        "TLSv1.0" => TlsVersion.Tls10,
        "TLSv1.1" => TlsVersion.Tls11,
        "TLSv1.2" => TlsVersion.Tls12,
        "TLSv1.3" => TlsVersion.Tls13,
        _ => throw new InvalidDataException($"unknown version {name}"),
    };

    private static string Run(string file, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment, bool allowFailure = false, string? input = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result + stderr.Result;
    }
}

internal sealed record SslscanResult(
    IReadOnlyDictionary<(TlsVersion Version, int Code), int?> Suites,
    IReadOnlySet<int> Tls13Groups,
    IReadOnlySet<int> OlderGroups);
