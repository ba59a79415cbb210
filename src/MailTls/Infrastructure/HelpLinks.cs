namespace MailTls.Commands.Infrastructure;

/// <summary>Get-Help -Online targets: each cmdlet's own page in docs/.</summary>
internal static class HelpLinks
{
    private const string Docs = "https://github.com/mailtls/MailTls/blob/main/docs/";

    public const string ResolveMailExchanger = Docs + "Resolve-MailExchanger.md";
    public const string TestSmtpTls = Docs + "Test-SmtpTls.md";
    public const string GetMtaStsRecord = Docs + "Get-MtaStsRecord.md";
    public const string GetMtaStsPolicy = Docs + "Get-MtaStsPolicy.md";
    public const string TestMtaSts = Docs + "Test-MtaSts.md";
    public const string NewMtaStsPolicy = Docs + "New-MtaStsPolicy.md";
    public const string GetTlsRptRecord = Docs + "Get-TlsRptRecord.md";
    public const string NewTlsRptRecord = Docs + "New-TlsRptRecord.md";
    public const string GetDaneTlsa = Docs + "Get-DaneTlsa.md";
    public const string NewDaneTlsa = Docs + "New-DaneTlsa.md";
    public const string ImportTlsRptReport = Docs + "Import-TlsRptReport.md";
    public const string GetReceivedTls = Docs + "Get-ReceivedTls.md";
    public const string TestMailDomainTls = Docs + "Test-MailDomainTls.md";
    public const string GetMailTlsCipherSuite = Docs + "Get-MailTlsCipherSuite.md";
    public const string ExportForcedTlsPolicy = Docs + "Export-ForcedTlsPolicy.md";
    public const string CompareMailTlsReport = Docs + "Compare-MailTlsReport.md";
    public const string ExportMailTlsReport = Docs + "Export-MailTlsReport.md";
    public const string TestMailClientTls = Docs + "Test-MailClientTls.md";
}
