using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;

namespace MailTls.Commands;

/// <summary>Resolve-MailExchanger: where does mail for a domain go, as a sending MTA sees it in DNS.</summary>
[Cmdlet(VerbsDiagnostic.Resolve, "MailExchanger", HelpUri = HelpLinks.ResolveMailExchanger)]
[OutputType("MailTls.MailExchanger")]
public sealed class ResolveMailExchangerCommand : DomainCmdlet
{
    public ResolveMailExchangerCommand()
        : base(defaultTimeoutSeconds: 5)
    {
    }

    protected override string ProgressActivity => "Resolving mail exchangers";

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await Session.MailExchangers.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        var output = new ItemOutput();
        foreach (var warning in lookup.Warnings)
        {
            output.Warning(warning);
        }

        foreach (var exchanger in lookup.Exchangers)
        {
            output.Object(exchanger);
        }

        if (lookup.Failure is not null)
        {
            output.Error(ErrorRecords.FromDnsFailure(lookup.Failure, target));
        }

        return output;
    }
}
