using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.Commands;

/// <summary>Resolve-MailExchanger: where does mail for a domain go, as a sending MTA sees it in DNS.</summary>
[Cmdlet(VerbsDiagnostic.Resolve, "MailExchanger")]
[OutputType("MailTls.MailExchanger")]
public sealed class ResolveMailExchangerCommand : DomainCmdlet
{
    private MailExchangerResolver? _resolver;

    public ResolveMailExchangerCommand()
        : base(defaultTimeoutSeconds: 5)
    {
    }

    protected override string ProgressActivity => "Resolving mail exchangers";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var dns = ParameterParsing.Resolver(this, DnsServer, Timeout);
        WriteVerbose($"Resolving through {dns.ServerList}; waiting up to {Timeout} s per server for each answer ({dns.Options.Attempts} attempts).");
        _resolver = new MailExchangerResolver(dns);
    }

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await _resolver!.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
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
