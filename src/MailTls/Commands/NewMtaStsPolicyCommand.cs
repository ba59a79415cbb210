using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.MtaSts;
using MailTls.Session;

namespace MailTls.Commands;

/// <summary>New-MtaStsPolicy: a policy file and the TXT record to publish with it, validated before they are returned.</summary>
[Cmdlet(VerbsCommon.New, "MtaStsPolicy", SupportsShouldProcess = true, HelpUri = HelpLinks.NewMtaStsPolicy)]
[OutputType("MailTls.MtaStsPolicyDraft")]
public sealed class NewMtaStsPolicyCommand : MailTlsCmdlet
{
    private readonly HashSet<string> _written = new(StringComparer.OrdinalIgnoreCase);
    private RunSession? _session;

    /// <summary>The mail domain; with no -Mx, its current MX hosts become the patterns.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [ValidateNotNullOrEmpty]
    [DomainNameTransformation]
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

    /// <summary>A file to write the policy to (CRLF lines, no BOM); a folder gets one file per domain, mta-sts.&lt;domain&gt;.txt.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 5;

    private MtaStsMode PolicyMode => MtaStsModes.FromPolicyWord(Mode.ToLowerInvariant()) ?? MtaStsMode.Testing;

    protected override void ProcessRecord()
    {
        if (DomainName is not null && !Dns.DomainName.TryNormalize(DomainName, out _, out var reason))
        {
            WriteError(ErrorRecords.InvalidDomainName(DomainName, reason));
            return;
        }

        var patterns = Mx ?? (DomainName is null && PolicyMode == MtaStsMode.None ? Array.Empty<string>() : CurrentMxHosts());
        if (patterns is null)
        {
            return;
        }

        MailTls.MtaStsPolicyDraft draft;
        try
        {
            draft = MtaStsPolicyAuthor.Create(DomainName, PolicyMode, patterns, MaxAge, DateTimeOffset.UtcNow);
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorRecords.InvalidPolicy(DomainName ?? string.Join(", ", patterns), ErrorRecords.Reason(ex)));
            return;
        }

        if (Path is not null)
        {
            if (WriteFile(draft) is not { } written)
            {
                return;
            }

            draft = MtaStsPolicyAuthor.WithPath(draft, written);
        }

        WriteObject(draft);
    }

    // The written path, or null when nothing was written (error, -WhatIf, a path already used in this run).
    private string? WriteFile(MailTls.MtaStsPolicyDraft draft)
    {
        var target = GetUnresolvedProviderPathFromPSPath(Path);
        var file = Directory.Exists(target) && draft.Domain.Length > 0
            ? System.IO.Path.Combine(target, $"mta-sts.{draft.Domain}.txt")
            : target;
        if (!_written.Add(file))
        {
            // Several domains through one -Path would leave only the last policy behind.
            WriteError(ErrorRecords.PolicyPathReused(file, draft.Domain));
            return null;
        }

        if (!ShouldProcess(file, "Write MTA-STS policy"))
        {
            return null;
        }

        try
        {
            File.WriteAllText(file, draft.Policy, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            WriteError(ErrorRecords.PolicyFileNotWritten(file, ex));
            return null;
        }
    }

    // No -Mx: the policy covers exactly the MX hosts the domain has now.
    private string[]? CurrentMxHosts()
    {
        if (DomainName is null)
        {
            ThrowTerminatingError(ErrorRecords.MissingMx());
        }

        _session ??= new RunSession(new RunSessionOptions(ParameterParsing.DnsServers(this, DnsServer), TimeSpan.FromSeconds(Timeout)), StopToken);
        var log = VerboseWanted ? new OperationLog() : OperationLog.None;
        var (hosts, failure, problem) = RunSync(token => MtaStsPolicyAuthor.CurrentMxHostsAsync(_session.MailExchangers, DomainName!, log, token));
        foreach (var line in log.Lines)
        {
            WriteVerbose(line);
        }

        if (failure is not null)
        {
            WriteError(ErrorRecords.FromDnsFailure(failure, DomainName!));
            return null;
        }

        if (hosts.Count == 0 && PolicyMode != MtaStsMode.None)
        {
            WriteError(ErrorRecords.InvalidPolicy(DomainName!, problem));
            return null;
        }

        WriteVerbose($"Policy patterns from the current MX hosts of {DomainName}: {string.Join(", ", hosts)}.");
        return [.. hosts];
    }
}
