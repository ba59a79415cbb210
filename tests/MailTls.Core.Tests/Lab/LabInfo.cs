using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace MailTls.Tests.Lab;

/// <summary>
/// The running loopback lab, as tests/lab/start.sh describes it in lab.json. Tests read nothing
/// else about the lab: every address, name and certificate comes from here.
/// </summary>
public sealed class LabInfo
{
    private static readonly Lazy<LabInfo> Current = new(Load);
    private readonly JsonElement _root;

    private LabInfo(JsonElement root) => _root = root;

    /// <summary>The lab described by ${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}/lab.json; throws if it is not running.</summary>
    public static LabInfo Instance => Current.Value;

    public IPEndPoint Resolver => new(IPAddress.Parse(Text("resolver")), _root.GetProperty("resolverPort").GetInt32());

    public string CaCertificatePath => Text("caCertificate");

    public string IntermediateCertificatePath => Text("intermediateCertificate");

    public X509Certificate2 CaCertificate => LoadPem(CaCertificatePath).Single();

    public string PostfixLog => Text("postfixLog");

    public IPEndPoint Authoritative => new(IPAddress.Parse(Text("authoritative")), _root.GetProperty("authoritativePort").GetInt32());

    public string UnboundConfig => Text("unboundConfig");

    public SmtpCase Smtp(string name) => new(_root.GetProperty("smtp").GetProperty(name));

    public string DovecotLog => Text("dovecotLog");

    /// <summary>A client-endpoint case (Dovecot and Postfix submission listeners): its host name and address.</summary>
    public (string Host, IPAddress Address) Client(string name)
    {
        var entry = _root.GetProperty("client").GetProperty(name);
        var address = entry.GetProperty("listeners").EnumerateArray().First().GetProperty("address").GetString()!;
        return (entry.GetProperty("host").GetString()!, IPAddress.Parse(address));
    }

    public PolicyHostCase MtaSts(string name) => new(_root.GetProperty("mtaSts").GetProperty(name));

    public IEnumerable<string> SmtpCaseNames => _root.GetProperty("smtp").EnumerateObject().Select(p => p.Name);

    public static X509Certificate2Collection LoadPem(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private string Text(string name) => _root.GetProperty(name).GetString()!;

    private static LabInfo Load()
    {
        var dir = Environment.GetEnvironmentVariable("MAILTLS_LAB_DIR") ?? "/tmp/mailtls-lab";
        var file = Path.Combine(dir, "lab.json");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The loopback lab is not running ({file} is missing). Start it with: bash tests/lab/start.sh");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return new LabInfo(document.RootElement.Clone());
    }

    /// <summary>One MTA-STS policy host case (good, redirect, notfound…).</summary>
    public sealed class PolicyHostCase
    {
        private readonly JsonElement _element;

        internal PolicyHostCase(JsonElement element) => _element = element;

        public string Host => _element.GetProperty("host").GetString()!;

        public Uri PolicyUrl => new(_element.GetProperty("policyUrl").GetString()!);
    }

    /// <summary>One Postfix listener case (good, expired, wrongname…).</summary>
    public sealed class SmtpCase
    {
        private readonly JsonElement _element;

        internal SmtpCase(JsonElement element) => _element = element;

        public string Host => _element.GetProperty("host").GetString()!;

        public string Domain => _element.GetProperty("domain").GetString()!;

        public IPAddress Address => IPAddress.Parse(_element.GetProperty("address").GetString()!);

        public IReadOnlyList<int> Ports => _element.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()).ToArray();

        /// <summary>The leaf certificate's PEM file, or null for a listener without TLS.</summary>
        public string? CertificatePath => _element.GetProperty("certificate").GetString();

        /// <summary>The PEM file of what the server sends (leaf, and the intermediate unless the case omits it).</summary>
        public string? ChainPath => _element.GetProperty("chain").GetString();
    }
}
