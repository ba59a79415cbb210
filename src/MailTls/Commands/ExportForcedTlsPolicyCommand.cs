using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using MailTls.Commands.Infrastructure;

namespace MailTls.Commands;

/// <summary>
/// Export-ForcedTlsPolicy: the forced-TLS configuration of a mail server (Postfix, Exchange, Exchange Online,
/// Exim, Sendmail) for the domains of a roll-up, each at the level it bears today.
/// </summary>
[Cmdlet(VerbsData.Export, "ForcedTlsPolicy", DefaultParameterSetName = InputSet, SupportsShouldProcess = true, HelpUri = HelpLinks.ExportForcedTlsPolicy)]
[OutputType("MailTls.ForcedTlsPolicy")]
public sealed class ExportForcedTlsPolicyCommand : MailTlsCmdlet
{
    private const string InputSet = "InputObject";
    private const string DomainSet = "DomainName";

    private readonly RunRows _rows = new("the input");
    private int _inputs;
    private string? _file;

    // Text, not the core's enums: PowerShell reads parameter types before the module's loader can resolve the core.
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet(nameof(ForcedTlsFormat.Postfix), nameof(ForcedTlsFormat.Exchange), nameof(ForcedTlsFormat.ExchangeOnline), nameof(ForcedTlsFormat.Exim), nameof(ForcedTlsFormat.Sendmail))]
    public string Format { get; set; } = string.Empty;

    /// <summary>Test-MailDomainTls rows: its objects, or what Import-Csv or ConvertFrom-Json read back.</summary>
    [Parameter(ParameterSetName = InputSet, Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject?[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Domains to force TLS to at -Level, without a roll-up.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true)]
    [DomainNameTransformation]
    [ValidateNotNullOrEmpty]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = DomainSet, Mandatory = true)]
    [ValidateSet(nameof(ForcedTlsLevel.Encrypt), nameof(ForcedTlsLevel.Verify), nameof(ForcedTlsLevel.Dane))]
    public string Level { get; set; } = string.Empty;

    /// <summary>Domains that bear less are left out, each named in a warning with the reason.</summary>
    [Parameter]
    [ValidateSet(nameof(ForcedTlsLevel.Encrypt), nameof(ForcedTlsLevel.Verify), nameof(ForcedTlsLevel.Dane))]
    public string MinimumLevel { get; set; } = nameof(ForcedTlsLevel.Encrypt);

    /// <summary>The file to write the policy to (its lines then name this path).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Path is not null)
        {
            _file = OutputFile.Resolve(this, Path, ErrorRecords.PolicyFileNotWritten);
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == DomainSet)
        {
            foreach (var name in DomainName)
            {
                _inputs++;
                if (!Dns.DomainName.TryNormalize(name, out var domain, out var reason))
                {
                    WriteError(ErrorRecords.InvalidDomainName(name, reason));
                    continue;
                }

                _rows.Add(DomainTlsState.ForLevel(domain, ParseLevel(Level)), string.Empty, WriteError, WriteWarning);
            }

            return;
        }

        // $null is no row: nothing piped must end as NoInput, not as a policy for nobody.
        foreach (var row in InputObject ?? Array.Empty<PSObject?>())
        {
            if (row is null)
            {
                continue;
            }

            _inputs++;
            _rows.Add(row, string.Empty, WriteError, WriteWarning);
        }
    }

    protected override void EndProcessing()
    {
        if (_inputs == 0)
        {
            WriteError(ErrorRecords.NoInput("roll-up rows or domains"));
            return;
        }

        if (_rows.States.Count == 0)
        {
            // Every row was an error, already written: an empty policy would read as "force TLS to nobody".
            return;
        }

        var file = _file;
        var format = (ForcedTlsFormat)Enum.Parse(typeof(ForcedTlsFormat), Format, ignoreCase: true);
        var policy = ForcedTlsPolicyAuthor.Create(_rows.States, format, ParseLevel(MinimumLevel), file);
        foreach (var sentence in policy.GetLeftOut())
        {
            WriteWarning(sentence);
        }

        WriteVerbose($"{format} policy: {policy.Domains} domain(s) in it, {policy.LeftOut} left out (below {MinimumLevel}).");
        if (file is null)
        {
            WriteObject(policy);
            return;
        }

        if (!ShouldProcess(file, $"Write the {format} forced-TLS policy for {policy.Domains} domain(s)"))
        {
            return;
        }

        try
        {
            File.WriteAllText(file, policy.Policy, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            WriteError(ErrorRecords.PolicyFileNotWritten(file, ex));
            return;
        }

        WriteObject(ForcedTlsPolicyAuthor.WithPath(policy, file));
    }

    // ValidateSet has already admitted only the level names.
    private static ForcedTlsLevel ParseLevel(string level) => (ForcedTlsLevel)Enum.Parse(typeof(ForcedTlsLevel), level, ignoreCase: true);
}
