BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:dns = (Get-Lab).resolver
}

Describe 'Get-TlsRptRecord against the lab zones' -Tag CI {
    It 'reads a valid record with mailto and https reporting addresses' {
        $record = Get-TlsRptRecord rpt-both.example.test -DnsServer $dns
        $record.PSObject.TypeNames[0] | Should -Be 'MailTls.TlsRptRecord'
        $record.Status | Should -Be 'Valid'
        $record.Name | Should -Be '_smtp._tls.rpt-both.example.test'
        @($record.Rua) | Should -Be @('mailto:tlsrpt@example.test', 'https://reports.example.test/tlsrpt')
    }

    It 'calls <Domain> invalid and says why' -TestCases @(
        @{ Domain = 'rpt-two.example.test'; Says = '*2 records*' }
        @{ Domain = 'rpt-baduri.example.test'; Says = "*mailto: or https:*ftp:*" }
        @{ Domain = 'rpt-badmail.example.test'; Says = "*not-an-address*" }
        @{ Domain = 'rpt-norua.example.test'; Says = '*no rua*' }
    ) {
        $record = Get-TlsRptRecord $Domain -DnsServer $dns
        $record.Status | Should -Be 'Invalid'
        $record.IsValid | Should -BeFalse
        $record.Errors[0] | Should -BeLike "RFC 8460*$Says"
    }

    It 'answers NotPublished when there is no record, and points out one at the pre-standard name' {
        $none, $legacy = Get-TlsRptRecord rpt-none.example.test, rpt-legacy.example.test -DnsServer $dns
        $none.Status | Should -Be 'NotPublished'
        $none.Errors.Count | Should -Be 0
        $legacy.Status | Should -Be 'NotPublished'
        $legacy.Errors[0] | Should -BeLike '*_smtp-tlsrpt.rpt-legacy.example.test*publish it at _smtp._tls.rpt-legacy.example.test*'
    }

    It 'writes DnsServerFailure for a zone that does not validate' {
        Get-TlsRptRecord bogus.test -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DnsServerFailure,MailTls.Commands.GetTlsRptRecordCommand'
    }

    It 'shows a table and exports readable CSV' {
        $records = 'example.test', 'rpt-both.example.test', 'rpt-baduri.example.test' | Get-TlsRptRecord -DnsServer $dns
        ($records | Out-String -Width 200) | Should -Match 'rpt-both\.example\.test\s+Valid\s+mailto:tlsrpt@example\.test, https://reports\.example\.test/tlsrpt'
        $csv = Join-Path $TestDrive 'rpt.csv'
        $records | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv)[1].Rua | Should -Be 'mailto:tlsrpt@example.test; https://reports.example.test/tlsrpt'
    }
}
