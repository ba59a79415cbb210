using System;
using System.IO;
using System.Management.Automation;
using MailTls.Dns;

namespace MailTls.Commands.Infrastructure;

/// <summary>Builds the error records MailTls writes, with consistent ids and categories (STYLE.md §5).</summary>
internal static class ErrorRecords
{
    public static ErrorRecord InvalidDomainName(string input, string reason) =>
        Create(reason, ErrorIds.InvalidDomainName, ErrorCategory.InvalidArgument, input,
            "Pass a domain name such as contoso.com (internationalized names are converted to A-labels).");

    public static ErrorRecord InvalidDnsServer(string input, string reason) =>
        Create(reason, ErrorIds.InvalidDnsServer, ErrorCategory.InvalidArgument, input,
            "Pass resolver IP addresses, optionally with a port: -DnsServer 192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53.");

    /// <summary>A parameter value that must not reach the wire as it is.</summary>
    public static ErrorRecord InvalidParameter(string parameter, string value, string reason) =>
        Create($"-{parameter}: {reason}", ErrorIds.InvalidParameter + parameter, ErrorCategory.InvalidArgument, value, recommendedAction: null);

    public static ErrorRecord InvalidComputerName(string input, string reason) =>
        Create(reason, ErrorIds.InvalidComputerName, ErrorCategory.InvalidArgument, input,
            "Pass a host name such as mx1.contoso.com or an IP address.");

    public static ErrorRecord InvalidTrustedRoot(object input, string reason) =>
        Create(reason, ErrorIds.InvalidTrustedRoot, ErrorCategory.InvalidArgument, input,
            "Pass X509Certificate2 objects or the paths of PEM or DER certificate files.");

    public static ErrorRecord InvalidPolicy(string target, string reason) =>
        Create(reason, ErrorIds.InvalidPolicy, ErrorCategory.InvalidArgument, target,
            "Give -Mode enforce, testing or none, -Mx host names or *. patterns (required unless the mode is none), and -MaxAge from 0 to 31557600 seconds.");

    public static ErrorRecord MissingMx() =>
        Create("New-MtaStsPolicy needs the MX host names: pass -Mx, or -DomainName to take the domain's current MX hosts.",
            ErrorIds.MissingMx, ErrorCategory.InvalidArgument, string.Empty, recommendedAction: null);

    public static ErrorRecord InvalidRua(string target, string reason) =>
        Create(reason, ErrorIds.InvalidRua, ErrorCategory.InvalidArgument, target,
            "Pass mailto: addresses (or plain e-mail addresses) and https: URLs, e.g. -Rua tlsrpt@contoso.com, https://reports.contoso.com/tlsrpt.");

    public static ErrorRecord DomainFileNotRead(string path, Exception error) =>
        new(new MailTlsException($"The domain list {path} could not be read: {error.Message}", error), ErrorIds.DomainFileNotRead, ErrorCategory.ReadError, path);

    public static ErrorRecord ReportFormatUnknown(string path) =>
        Create($"The report format cannot be told from the name {path}: name the file .html, .md or .json, or pass -Format Html, Markdown or Json.",
            ErrorIds.ReportFormatUnknown, ErrorCategory.InvalidArgument, path, recommendedAction: null);

    public static ErrorRecord ReportFileExists(string path) =>
        Create($"{path} already exists and was left as it is. Pass -Force to replace it, or choose another name.",
            ErrorIds.ReportFileExists, ErrorCategory.ResourceExists, path, recommendedAction: null);

    public static ErrorRecord ReportFileNotWritten(string path, Exception error) =>
        new(new MailTlsException($"The report could not be written to {path}: {error.Message}", error), ErrorIds.ReportFileNotWritten, ErrorCategory.WriteError, path);

    public static ErrorRecord PolicyPathReused(string path, string domain) =>
        Create($"The policy for {domain} was not written: {path} already holds another domain's policy from this run, and writing it again would leave only the last one. Give -Path a folder to get one file per domain (mta-sts.<domain>.txt).",
            ErrorIds.PolicyPathReused, ErrorCategory.ResourceExists, path, recommendedAction: null);

    public static ErrorRecord PolicyFileNotWritten(string path, Exception error) =>
        new(new MailTlsException($"The policy could not be written to {path}: {error.Message}", error), ErrorIds.PolicyFileNotWritten, ErrorCategory.WriteError, path);

    public static ErrorRecord InvalidReportRow(object row, string reason) =>
        Create(reason, ErrorIds.InvalidReportRow, ErrorCategory.InvalidData, row,
            "Pass Test-MailDomainTls output: its objects, or the CSV or JSON it was exported to (Domain and ForcedTls are required; the other columns as Test-MailDomainTls writes them).");

    public static ErrorRecord ReportFileNotRead(string path, Exception error) =>
        new(new MailTlsException($"The roll-up {path} could not be read: {error.Message}", error), ErrorIds.ReportFileNotRead,
            error is InvalidDataException ? ErrorCategory.InvalidData : ErrorCategory.ReadError, path);

    public static ErrorRecord FileNotFound(string path, string message) =>
        new(new MailTlsException(message), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord ForcedTlsPolicyNotRead(object target, string reason) =>
        Create(reason, ErrorIds.ForcedTlsPolicyNotRead, ErrorCategory.InvalidData, target,
            "Pass the file Export-ForcedTlsPolicy wrote (or its output), or name the policy's domains with -PolicyDomain.");

    /// <summary>An ArgumentException's sentence without the "(Parameter 'x')" .NET appends.</summary>
    public static string Reason(ArgumentException error) =>
        error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", string.Empty);

    public static ErrorRecord InvalidCertificate(object input, string reason) =>
        Create(reason, ErrorIds.InvalidCertificate, ErrorCategory.InvalidArgument, input,
            "Pass an X509Certificate2 or the path of a PEM or DER certificate file (for a chain, leaf first).");

    public static ErrorRecord NoCertificate(string host, string reason) =>
        Create(reason, ErrorIds.NoCertificate, ErrorCategory.ConnectionError, host, recommendedAction: null);

    public static ErrorRecord FileReadError(string path, Exception error) =>
        new(new MailTlsException($"{path} could not be read: {error.Message}", error), ErrorIds.FileReadError, ErrorCategory.ReadError, path);

    public static ErrorRecord InvalidInputObject(object input, string reason) =>
        Create(reason, ErrorIds.InvalidInputObject, ErrorCategory.InvalidArgument, input, recommendedAction: null);

    /// <summary>The input held nothing to work on: an empty list, $null, an empty file.</summary>
    public static ErrorRecord NoInput(string what) =>
        Create($"No {what} were given: the input was empty or $null. Check the variable, file or command that feeds this one; a scheduled report must not pass for a clean run.",
            ErrorIds.NoInput, ErrorCategory.InvalidArgument, string.Empty, recommendedAction: null);

    /// <summary>
    /// One item could not be finished: a time limit cancelled it (not Ctrl+C), or MailTls itself failed.
    /// Never a finding: the server is not to blame.
    /// </summary>
    public static ErrorRecord ItemFailed(Exception error, object target) => error is OperationCanceledException
        ? new ErrorRecord(new MailTlsException($"The work on {target} was cancelled before it finished ({error.Message}); a time limit ran out, not Ctrl+C. Try a longer -Timeout.", error),
            ErrorIds.ItemCancelled, ErrorCategory.OperationTimeout, target)
        : Internal(error, target, $"MailTls failed on {target}: {error.Message}");

    /// <summary>A fault of MailTls's own, kept apart from findings about servers.</summary>
    public static ErrorRecord Internal(Exception error, object target, string message) =>
        new(new MailTlsException($"{message.TrimEnd('.')}. This is a fault in MailTls, not a problem of the server; please report it with the -Verbose output.", error),
            ErrorIds.Unexpected, ErrorCategory.NotSpecified, target);
    public static ErrorRecord TlsNotAvailable(string target, string reason) =>
        Create(reason, ErrorIds.TlsNotAvailable, ErrorCategory.ConnectionError, target,
            "Check the port and -TlsMode (465 is implicit TLS, 25 and 587 use STARTTLS), and that the server offers TLS there; Test-SmtpTls shows the SMTP dialogue.");

    public static ErrorRecord NothingToProbe(string target, string reason) =>
        Create(reason, ErrorIds.NothingToProbe, ErrorCategory.ObjectNotFound, target, recommendedAction: null);

    /// <summary>A domain with no SRV record and no usual name for the protocols asked about.</summary>
    public static ErrorRecord ClientEndpointNotFound(string domain, string reason) =>
        Create(reason, ErrorIds.ClientEndpointNotFound, ErrorCategory.ObjectNotFound, domain, recommendedAction: null);

    public static ErrorRecord FromDnsFailure(DnsFailure failure, object target)
    {
        var (id, category) = failure.Kind switch
        {
            DnsFailureKind.NameNotFound => (ErrorIds.DnsNameNotFound, ErrorCategory.ObjectNotFound),
            DnsFailureKind.NoRecords => (ErrorIds.DnsNoRecords, ErrorCategory.ObjectNotFound),
            DnsFailureKind.ServerFailure => (ErrorIds.DnsServerFailure, ErrorCategory.ResourceUnavailable),
            DnsFailureKind.Refused => (ErrorIds.DnsRefused, ErrorCategory.PermissionDenied),
            DnsFailureKind.Timeout => (ErrorIds.DnsTimeout, ErrorCategory.OperationTimeout),
            DnsFailureKind.ServerUnreachable => (ErrorIds.DnsServerUnreachable, ErrorCategory.ConnectionError),
            _ => (ErrorIds.DnsQueryFailed, ErrorCategory.InvalidResult),
        };
        return Create(failure.Message, id, category, target, recommendedAction: null);
    }

    private static ErrorRecord Create(string message, string id, ErrorCategory category, object target, string? recommendedAction)
    {
        var record = new ErrorRecord(new MailTlsException(message), id, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
        }

        return record;
    }
}
