BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
}

Describe 'New-TlsRptRecord' -Tag CI {
    It 'builds the record, turning a bare address into mailto:' {
        $draft = New-TlsRptRecord tlsrpt@contoso.com, https://reports.contoso.com/tlsrpt -DomainName contoso.com
        $draft.PSObject.TypeNames[0] | Should -Be 'MailTls.TlsRptRecordDraft'
        $draft.Name | Should -Be '_smtp._tls.contoso.com'
        $draft.Record | Should -Be 'v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com,https://reports.contoso.com/tlsrpt'
        @($draft.Rua) | Should -Be @('mailto:tlsrpt@contoso.com', 'https://reports.contoso.com/tlsrpt')
    }

    It 'takes domains from the pipeline' {
        ('contoso.com', 'fabrikam.com' | New-TlsRptRecord -Rua tlsrpt@contoso.com).Name | Should -Be @('_smtp._tls.contoso.com', '_smtp._tls.fabrikam.com')
    }

    It 'writes InvalidTlsRptRua for an address senders cannot use' {
        New-TlsRptRecord ftp://reports.contoso.com/x -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTlsRptRua,MailTls.Commands.NewTlsRptRecordCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*ftp:*'
    }

    It 'makes a record that Get-TlsRptRecord''s parser reads back as valid' {
        $draft = New-TlsRptRecord 'tls.reports@example.test'
        $draft.Record | Should -Match '^v=TLSRPTv1; rua=mailto:tls\.reports@example\.test$'
    }

    It 'writes an address at an internationalized domain with the A-label' {
        (New-TlsRptRecord tlsrpt@bücher.example).Record | Should -Be 'v=TLSRPTv1; rua=mailto:tlsrpt@xn--bcher-kva.example'
    }

    It 'warns when the record is over 255 bytes and shows it split into strings of one TXT record' {
        $rua = 1..8 | ForEach-Object { "https://reports$_.tlsrpt-collector.example.net/v1/report/contoso" }
        $draft = New-TlsRptRecord $rua -DomainName contoso.com -WarningVariable warned -WarningAction SilentlyContinue
        $draft.Strings.Count | Should -BeGreaterThan 1
        ($draft.Strings -join '') | Should -Be $draft.Record
        $warned[0].Message | Should -Match 'more than the 255'
        $warned[0].Message | Should -Match ([regex]::Escape($draft.ZoneLine))
        $draft.ZoneLine | Should -Match '^_smtp\._tls\.contoso\.com\. IN TXT "v=TLSRPTv1; rua=[^"]+" "'
    }
}
