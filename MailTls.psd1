@{
    RootModule             = 'MailTls.psm1'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0c7f2e-2f7d-4a51-9c8e-3d6a1e4b7c90'
    Author                 = 'MailTls contributors'
    CompanyName            = 'MailTls'
    Copyright              = '(c) 2026 MailTls contributors. MIT License.'
    Description            = 'Mail transport TLS administration: MX resolution, STARTTLS and implicit-TLS probes, certificates, DANE, MTA-STS, TLS-RPT and per-hop evidence in Received headers. Answers "does mail to and from this domain travel encrypted, and could I require it?"'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    FormatsToProcess       = @('module/MailTls.format.ps1xml')
    CmdletsToExport        = @(
        'Resolve-MailExchanger'
        'Test-MailDomainTls'
        'Export-MailTlsReport'
        'Test-SmtpTls'
        'Get-MtaStsRecord'
        'Get-MtaStsPolicy'
        'Test-MtaSts'
        'New-MtaStsPolicy'
        'Get-TlsRptRecord'
        'New-TlsRptRecord'
        'Get-DaneTlsa'
        'New-DaneTlsa'
        'Import-TlsRptReport'
        'Get-ReceivedTls'
        'Get-MailTlsCipherSuite'
        'Export-ForcedTlsPolicy'
        'Compare-MailTlsReport'
        'Test-MailClientTls'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('SMTP', 'TLS', 'STARTTLS', 'MTA-STS', 'DANE', 'TLS-RPT', 'DNS', 'MX', 'Email', 'Exchange', 'Security', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/mailtls/MailTls'
            LicenseUri   = 'https://github.com/mailtls/MailTls/blob/main/LICENSE'
            ReleaseNotes = 'Resolve-MailExchanger, Test-SmtpTls, and MTA-STS / TLS-RPT: Get-MtaStsRecord, Get-MtaStsPolicy, Test-MtaSts, New-MtaStsPolicy, Get-TlsRptRecord, New-TlsRptRecord; DANE: Get-DaneTlsa, New-DaneTlsa and DANE checks in Test-SmtpTls.'
        }
    }
}
