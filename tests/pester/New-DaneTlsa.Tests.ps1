BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
}

Describe 'New-DaneTlsa' -Tag CI {
    It 'makes the 3 1 1 record the lab publishes for mx1, from its certificate file' {
        $draft = New-DaneTlsa $lab.smtp.good.certificate
        $draft.PSObject.TypeNames[0] | Should -Be 'MailTls.TlsaRecordDraft'
        $draft.Name | Should -Be '_25._tcp.mx1.example.test'
        $draft.Record | Should -Be $lab.dane.mx1.tlsa[0].ToUpperInvariant()
        $draft.ZoneLine | Should -Be "_25._tcp.mx1.example.test. IN TLSA $($draft.Record)"
        $draft.CertificateNotAfter | Should -BeGreaterThan (Get-Date)
    }

    It 'makes the 2 1 1 issuer record the lab publishes for mx2, from the live server' {
        $drafts = New-DaneTlsa -ComputerName mx2.example.test -DnsServer $lab.resolver -IncludeIssuer
        $drafts.Count | Should -Be 2
        $drafts[0].Usage | Should -Be 3
        $drafts[1].Record | Should -Be $lab.dane.mx2.tlsa[0].ToUpperInvariant()
        $drafts[1].Certificate | Should -BeLike 'CN=MailTls Lab Intermediate CA*'
    }

    It 'takes certificate objects from the pipeline and uses -HostName for the owner name' {
        $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($lab.smtp.good.certificate)
        ($certificate | New-DaneTlsa -HostName mail.contoso.com -Port 465).Name | Should -Be '_465._tcp.mail.contoso.com'
    }

    It 'warns when there is no issuer to pin' {
        $null = New-DaneTlsa $lab.smtp.good.certificate -IncludeIssuer -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
    }

    It 'stops with InvalidCertificate for a file that is not a certificate, and reports a server it cannot read' {
        { New-DaneTlsa (Join-Path $TestDrive 'missing.pem') -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCertificate,MailTls.Commands.NewDaneTlsaCommand'
        New-DaneTlsa -ComputerName 127.0.0.11 -Port 2525 -Timeout 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NoCertificateFromServer,MailTls.Commands.NewDaneTlsaCommand'
    }

    It 'makes a record that, published in the signed zone, makes the server''s Dane Valid' {
        $server = $lab.dane.publish.host
        (Test-SmtpTls $server @labArgs).Dane | Should -Be 'None'
        $draft = New-DaneTlsa -ComputerName $server -DnsServer $lab.resolver
        $owner = $draft.Name
        & bash $lab.publishRecordScript example.test $owner 300 TLSA $draft.Usage $draft.Selector $draft.MatchingType $draft.Data
        $LASTEXITCODE | Should -Be 0
        try {
            $result = Test-SmtpTls $server @labArgs
            $result.Dane | Should -Be 'Valid'
            $result.DaneRecord | Should -Be $draft.Record
            $result.Verdict | Should -Be 'Pass'
        }
        finally {
            & bash $lab.unpublishRecordScript example.test $owner TLSA
        }
    }

    It 'takes PEM text as the certificate, not as a file name' {
        $pem = Get-Content -Raw $lab.smtp.good.certificate
        $draft = New-DaneTlsa $pem -HostName mx1.example.test
        $draft.Record | Should -Be $lab.dane.mx1.tlsa[0].ToUpperInvariant()
    }
}
