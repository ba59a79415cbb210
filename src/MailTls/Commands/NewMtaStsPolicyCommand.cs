using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using MailTls.Commands.Infrastructure;
using MailTls.Dns;
using MailTls.MtaSts;

namespace MailTls.Commands;

/// <summary>New-MtaStsPolicy: a policy file and the TXT record to publish with it, validated before they are returned.</summary>
[Cmdlet(VerbsCommon.New, "MtaStsPolicy", SupportsShouldProcess = true)]
[OutputType("MailTls.MtaStsPolicyDraft")]
public sealed class NewMtaStsPolicyCommand : MailTlsCmdlet
{
    /// <summary>The mail domain; with no -Mx, its current MX hosts become the patterns.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [ValidateNotNullOrEmpty]
    public string? DomainName { get; set; }

    [Parameter]
    [ValidateSet("enforce", "testing", "none")]
    public string Mode { get; set; } = "testing";

    /// <summary>Host names or "*." patterns of the hosts allowed to receive the domain's mail.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Mx { get; set; }

    /// <summary>Seconds senders keep the policy: 0 to 31557600 (one year).</summary>
    [Parameter]
    [ValidateRange(0, MtaStsPolicyParser.MaxAgeLimitSeconds)]
    public long MaxAge { get; set; } = 604800;

    /// <summary>Writes the policy file (CRLF lines, no BOM) here.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 5;

    protected override void ProcessRecord()
    {
        if (DomainName is not null && !Dns.DomainName.TryNormalize(DomainName, out _, out var reason))
        {
            WriteError(ErrorRecords.InvalidDomainName(DomainName, reason));
            return;
        }

        var patterns = Mx ?? (DomainName is null && Mode == "none" ? Array.Empty<string>() : CurrentMxHosts());
        if (patterns is null)
        {
            return;
        }

        MailTls.MtaStsPolicyDraft draft;
        try
        {
            draft = MtaStsPolicyAuthor.Create(DomainName, Mode, patterns, MaxAge, DateTimeOffset.UtcNow);
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorRecords.InvalidPolicy(DomainName ?? string.Join(", ", patterns), ErrorRecords.Reason(ex)));
            return;
        }

        if (Path is not null)
        {
            var file = GetUnresolvedProviderPathFromPSPath(Path);
            if (ShouldProcess(file, "Write MTA-STS policy"))
            {
                try
                {
                    File.WriteAllText(file, draft.Policy, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    WriteError(ErrorRecords.PolicyFileNotWritten(file, ex));
                    return;
                }

                draft = MtaStsPolicyAuthor.WithPath(draft, file);
            }
        }

        WriteObject(draft);
    }

    // No -Mx: the policy covers exactly the MX hosts the domain has now.
    private string[]? CurrentMxHosts()
    {
        if (DomainName is null)
        {
            ThrowTerminatingError(ErrorRecords.MissingMx());
        }

        var resolver = new MailExchangerResolver(ParameterParsing.Resolver(this, DnsServer, Timeout));
        var lookup = RunSync(token => resolver.ResolveAsync(DomainName!, null, token));
        if (lookup.Failure is not null)
        {
            WriteError(ErrorRecords.FromDnsFailure(lookup.Failure, DomainName!));
            return null;
        }

        var hosts = lookup.Exchangers.Where(e => !e.IsNullMx && !e.IsImplicit).Select(e => e.Exchange).Distinct().ToArray();
        if (hosts.Length == 0 && Mode != "none")
        {
            WriteError(ErrorRecords.InvalidPolicy(DomainName!, $"{DomainName} has no MX records to put in the policy; pass the hosts with -Mx."));
            return null;
        }

        WriteVerbose($"Policy patterns from the current MX hosts of {DomainName}: {string.Join(", ", hosts)}.");
        return hosts;
    }
}
