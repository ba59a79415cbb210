using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.MtaSts;
using MailTls.Smtp;

namespace MailTls.Commands;

/// <summary>Test-MtaSts: will senders honour the domain's MTA-STS policy, and would enforcing it bounce mail?</summary>
[Cmdlet(VerbsDiagnostic.Test, "MtaSts", HelpUri = HelpLinks.TestMtaSts)]
[OutputType("MailTls.MtaStsAssessment")]
public sealed class TestMtaStsCommand : DomainCmdlet
{
    private MtaStsChecker? _checker;

    public TestMtaStsCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>Judge record, policy and MX coverage only, without SMTP probes (for networks that block port 25).</summary>
    [Parameter]
    public SwitchParameter SkipSmtpProbe { get; set; }

    protected override string ProgressActivity => "Testing MTA-STS";

    private protected override IReadOnlyList<X509Certificate2> TrustedRoots => ParameterParsing.TrustedRoots(this, TrustedRootCertificate);

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var probe = ParameterParsing.SmtpOptions(this, SmtpProbeOptions.SmtpPort, SmtpTlsMode.StartTls, serverName: null, HeloName, Timeout, Session.Trust);
        _checker = new MtaStsChecker(Session, SkipSmtpProbe ? null : Session.SmtpChecker(probe));
    }

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var assessment = await _checker!.CheckAsync(domain, log, cancellationToken).ConfigureAwait(false);
        var output = ItemOutput.FromObject(assessment);
        foreach (var fault in assessment.GetProbeFaults())
        {
            output.Error(ErrorRecords.Internal(fault.Error, fault.Target.Exchange, fault.Message));
        }

        return output;
    }
}
