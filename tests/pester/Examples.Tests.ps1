# Every Get-Help example must do what its text says. Each one runs here against the lab: the
# documentation's names (contoso.com, mail.contoso.com, 192.0.2.53, ...) are replaced by the lab's,
# -DnsServer and -TrustedRootCertificate default to the lab's resolver and CA, and the commands an
# admin would have on Exchange or Windows (Get-AcceptedDomain, Add-DnsServerResourceRecord, the
# Cert: drive) are stood in for by functions that answer like them.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot ../../MailTls.psd1) -Force
    $examples = foreach ($command in Get-Command -Module MailTls -CommandType Cmdlet) {
        $number = 0
        foreach ($example in @((Get-Help $command.Name -Full).examples.example)) {
            $number++
            @{ Name = $command.Name; Number = $number; Title = ($example.title -replace '^-+\s*|\s*-+$', ''); Code = $example.code }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:names = [ordered]@{
        'C:\inetpub\mta-sts\.well-known\mta-sts.txt' = (Join-Path $TestDrive 'mta-sts.txt')
        # Only New-DaneTlsa's -ComputerName set has -DnsServer, so no default can carry it.
        'New-DaneTlsa -ComputerName mail.contoso.com' = "New-DaneTlsa -ComputerName mx1.example.test -DnsServer $($lab.resolver)"
        'mail.corp.example'                          = 'tls12.example.test'
        'smtp.contoso.com'                           = $lab.smtp.good.address
        'mail.northwindtraders.com'                  = "mail.$($lab.clientSrvDomain)"
        'northwindtraders.com'                       = $lab.clientSrvDomain
        'wingtiptoys.com'                            = $lab.clientUsualDomain
        '10.0.0.25'                                  = '127.0.0.17'
        'mx1.contoso.com'                            = 'mx1.mail.company-y.example'
        'mail.contoso.com'                           = 'mx1.example.test'
        'contoso.com'                                = 'example.test'
        'contoso.test'                               = 'example.test'
        'fabrikam.com'                               = 'example2.test'
        '8.8.8.8, 1.1.1.1'                           = "$($lab.resolver), $($lab.authoritative)"
        '192.0.2.53'                                 = $lab.resolver
        '10.0.0.53'                                  = $lab.resolver
    }

    # The files the examples name, made once for the whole file.
    Push-Location $TestDrive
    'example.test', 'example2.test', 'tls12.example.test', 'noaddr.example.test' | Set-Content domains.txt
    Copy-Item $lab.caCertificate lab-root.pem
    Copy-Item $lab.caCertificate corp-root.pem
    Copy-Item $lab.smtp.good.chain mail-2027.pem
    # Delivered mail and TLS-RPT reports as an admin keeps them: a message, a folder of messages,
    # a folder of reports (JSON and gzip) and a mailbox of report e-mails.
    $relayed = Join-Path $PSScriptRoot '../corpus/received/relayed.eml'
    Copy-Item $relayed message.eml
    $null = New-Item -ItemType Directory samples, tlsrpt, Inbox
    Copy-Item $relayed samples/one.eml
    Copy-Item $relayed samples/two.eml
    $corpus = Join-Path $TestDrive 'corpus'
    & (Join-Path $PSScriptRoot '../corpus/tlsrpt/New-TlsRptCorpus.ps1') -Path $corpus
    foreach ($report in Microsoft.PowerShell.Management\Get-ChildItem $corpus -Filter '*.json' | Where-Object Name -notlike 'broken-*') {
        $gzip = [System.IO.Compression.GZipStream]::new([System.IO.File]::Create((Join-Path $TestDrive "tlsrpt/$($report.BaseName).json.gz")), [System.IO.Compression.CompressionLevel]::Optimal)
        $bytes = [System.IO.File]::ReadAllBytes($report.FullName)
        $gzip.Write($bytes, 0, $bytes.Length)
        $gzip.Dispose()
    }
    Copy-Item (Join-Path $corpus 'report-*.eml') Inbox
    Copy-Item (Join-Path $corpus 'rfc8460-example.json') report.json
    Remove-Item -Recurse $corpus
    # Two nightly runs as an admin keeps them: last night's, from a sender that trusts the lab CA, and
    # tonight's, from one that does not; and the forced-TLS policy exported from last night's.
    $partners = 'example.test', 'example2.test', 'tls12.example.test', 'expired.example.test'
    $partners | Test-MailDomainTls -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate | Export-Csv yesterday.csv -NoTypeInformation
    $partners | Test-MailDomainTls -DnsServer $lab.resolver | Export-Csv today.csv -NoTypeInformation
    Copy-Item today.csv last-night.csv
    $null = Import-Csv yesterday.csv | Export-ForcedTlsPolicy Postfix -Path tls_policy -WarningAction SilentlyContinue
    Pop-Location

    function Get-AcceptedDomain { New-AcceptedDomain example.test; New-AcceptedDomain example2.test -Deserialized }

    function Add-DnsServerResourceRecord {
        param([string] $ZoneName, [string] $Name, [switch] $Txt, [string] $DescriptiveText, [switch] $WhatIf)
        "What if: adding $Name.$ZoneName TXT `"$DescriptiveText`""
    }

    # Headers pasted from a mail client's "show original".
    function Get-Clipboard { param([switch] $Raw) Get-Content -Raw (Join-Path $PSScriptRoot '../corpus/received/relayed.eml') }

    # The Windows certificate store holds the lab's mx1 certificate here.
    function Get-ChildItem {
        if ("$args" -like 'Cert:*') { [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($lab.smtp.good.certificate); return }
        Microsoft.PowerShell.Management\Get-ChildItem @args
    }
}

Describe 'Get-Help example <Number> of <Name>: <Title>' -ForEach $examples -Tag CI {
    BeforeAll {
        Push-Location $TestDrive
        $script:PSDefaultParameterValues = @{
            '*-MailExchanger:DnsServer' = $lab.resolver
            '*-SmtpTls:DnsServer' = $lab.resolver
            '*-MtaSts*:DnsServer' = $lab.resolver
            '*-TlsRpt*:DnsServer' = $lab.resolver
            'Get-DaneTlsa:DnsServer' = $lab.resolver
            'Test-MailDomainTls:DnsServer' = $lab.resolver
            'Get-MailTlsCipherSuite:DnsServer' = $lab.resolver
            'Test-MailClientTls:DnsServer' = $lab.resolver
            '*:TrustedRootCertificate' = $lab.caCertificate
        }
    }

    AfterAll {
        $script:PSDefaultParameterValues = @{}
        Pop-Location
    }

    It 'runs against the lab without an error, and gives output or writes its file' {
        $code = $Code
        foreach ($name in $names.Keys) { $code = $code.Replace($name, $names[$name]) }
        $before = @(Microsoft.PowerShell.Management\Get-ChildItem $TestDrive -Recurse -File | ForEach-Object FullName)

        # Warnings count as output: a cmdlet that found nothing must say so.
        $all = & ([scriptblock]::Create($code)) 2>&1 3>&1 4>$null 6>$null
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $written = @(Microsoft.PowerShell.Management\Get-ChildItem $TestDrive -Recurse -File | Where-Object FullName -NotIn $before)

        $errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty -Because $code
        ($output.Count + $written.Count) | Should -BeGreaterThan 0 -Because $code
    }
}
