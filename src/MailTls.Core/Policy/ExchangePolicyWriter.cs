using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MailTls.Policy;

/// <summary>
/// A PowerShell script with one connector per domain, created or updated: Send connectors for Exchange
/// Server, Outbound connectors for Exchange Online. It runs with -WhatIf until it is run with -Apply.
/// </summary>
internal static class ExchangePolicyWriter
{
    // Exchange Online's limit for a connector name.
    private const int MaxNameLength = 64;
    private const string NamePrefix = "Forced TLS ";
    private const string Newline = "\r\n";

    public const string DefaultPath = "forced-tls.ps1";

    public static PolicyParts Write(IReadOnlyList<DomainTlsState> domains, bool online, string path)
    {
        var run = ".\\" + System.IO.Path.GetFileName(path);
        var script = new StringBuilder();
        Header(script, domains.Count, online, run);
        var entries = new List<ForcedTlsPolicyEntry>();
        foreach (var domain in domains)
        {
            var tls = ExchangeTls.For(domain);
            entries.Add(new ForcedTlsPolicyEntry(domain.Domain, tls.Enforced));
            script.Append(Newline).Append("# ").Append(domain.Domain).Append(" bears ").Append(domain.ForcedTls).Append(": ").Append(tls.AuthLevel).Append(", ").Append(tls.Why).Append(Newline)
                .Append("$name = ").Append(Quote(ConnectorName(domain.Domain))).Append(Newline);
            Settings(script, domain, tls, online);
            var (get, set, create, extra) = online
                ? ("Get-OutboundConnector", "Set-OutboundConnector", "New-OutboundConnector", string.Empty)
                : ("Get-SendConnector", "Set-SendConnector", "New-SendConnector", " -SourceTransportServers $SourceTransportServers");
            // An update away from DomainValidation clears the TlsDomain an earlier run set.
            var clear = tls.TlsDomain.Length == 0 ? " -TlsDomain $null" : string.Empty;
            script.Append("if (").Append(get).Append(" -Identity $name -ErrorAction SilentlyContinue) {").Append(Newline)
                .Append("    ").Append(set).Append(" -Identity $name @tls").Append(clear).Append(" -WhatIf:(-not $Apply)").Append(Newline)
                .Append("}").Append(Newline)
                .Append("else {").Append(Newline)
                .Append("    ").Append(create).Append(" -Name $name @tls").Append(extra).Append(" -WhatIf:(-not $Apply)").Append(Newline)
                .Append("}").Append(Newline);
        }

        var apply = online
            ? $"Connect-ExchangeOnline{Newline}{run}            # review: every command runs with -WhatIf{Newline}{run} -Apply     # create or update the connectors{Newline}"
            : $"# in the Exchange Management Shell{Newline}{run}            # review: every command runs with -WhatIf{Newline}{run} -Apply -SourceTransportServers EX01, EX02     # create or update the connectors{Newline}";
        return new PolicyParts(script.ToString(), string.Empty, apply, entries);
    }

    private static void Header(StringBuilder script, int count, bool online, string run)
    {
        var (cmdlet, what, docs) = online
            ? ("New-OutboundConnector", "Outbound connector", "https://learn.microsoft.com/powershell/module/exchangepowershell/new-outboundconnector")
            : ("New-SendConnector", "Send connector", "https://learn.microsoft.com/powershell/module/exchangepowershell/new-sendconnector");
        script.Append("<#").Append(Newline)
            .Append($"Forced TLS to {count} domain(s): one {what} each, written by MailTls Export-ForcedTlsPolicy from").Append(Newline)
            .Append("Test-MailDomainTls results. Mail to these domains goes over TLS at the level shown, or not at all.").Append(Newline)
            .Append(Newline)
            .Append(online ? "Run it after Connect-ExchangeOnline. " : "Run it in the Exchange Management Shell. ")
            .Append("It only shows what it would do (-WhatIf) until you").Append(Newline)
            .Append("run it with -Apply:").Append(Newline)
            .Append("    ").Append(run).Append("            # review").Append(Newline)
            .Append("    ").Append(run).Append(" -Apply     # create or update the connectors").Append(Newline)
            .Append(Newline)
            .Append(online ? "TlsSettings" : "TlsAuthLevel").Append($" ({cmdlet}, {docs}):").Append(Newline)
            .Append("    DomainValidation       a valid certificate issued to the TlsDomain").Append(Newline)
            .Append("    CertificateValidation  a valid certificate chain").Append(Newline)
            .Append("    EncryptionOnly         TLS required; the certificate is not checked").Append(Newline)
            .Append("#>").Append(Newline)
            .Append("param(").Append(Newline);
        if (!online)
        {
            script.Append("    # The Mailbox servers that send through the connectors (this one by default).").Append(Newline)
                .Append("    [string[]] $SourceTransportServers = @($env:COMPUTERNAME),").Append(Newline).Append(Newline);
        }

        script.Append("    # Without it, every New- and Set- command runs with -WhatIf.").Append(Newline)
            .Append("    [switch] $Apply").Append(Newline)
            .Append(")").Append(Newline);
    }

    private static void Settings(StringBuilder script, DomainTlsState domain, ExchangeTls tls, bool online)
    {
        var settings = new List<(string Name, string Value)>();
        if (online)
        {
            settings.Add(("ConnectorType", "'Partner'"));
            settings.Add(("RecipientDomains", Quote(domain.Domain)));
            settings.Add(("UseMXRecord", "$true"));
            settings.Add(("TlsSettings", Quote(tls.AuthLevel)));
        }
        else
        {
            settings.Add(("AddressSpaces", Quote("SMTP:" + domain.Domain + ";1")));
            settings.Add(("DNSRoutingEnabled", "$true"));
            settings.Add(("RequireTLS", "$true"));
            settings.Add(("TlsAuthLevel", Quote(tls.AuthLevel)));
        }

        if (tls.TlsDomain.Length > 0)
        {
            settings.Add(("TlsDomain", Quote(tls.TlsDomain)));
        }

        settings.Add(("Comment", Quote(Comment(domain, tls))));
        var width = settings.Max(s => s.Name.Length);
        script.Append("$tls = @{").Append(Newline);
        foreach (var (name, value) in settings)
        {
            script.Append("    ").Append(name.PadRight(width)).Append(" = ").Append(value).Append(Newline);
        }

        script.Append("}").Append(Newline);
    }

    private static string Comment(DomainTlsState domain, ExchangeTls tls) =>
        $"Forced TLS by MailTls Export-ForcedTlsPolicy: ForcedTls {domain.ForcedTls}, {tls.AuthLevel}";

    // Long names keep their end (the registered domain) and a hash of the whole, so two never collide.
    private static string ConnectorName(string domain)
    {
        var name = NamePrefix + domain;
        if (name.Length <= MaxNameLength)
        {
            return name;
        }

        using var sha = SHA256.Create();
        var hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(domain)).Take(4).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        var room = MaxNameLength - NamePrefix.Length - hash.Length - 2;
        return $"{NamePrefix}{hash} ~{domain.Substring(domain.Length - room)}";
    }

    // Domain names and the texts above hold no quote, but a single-quoted string is safe whatever they hold.
    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
