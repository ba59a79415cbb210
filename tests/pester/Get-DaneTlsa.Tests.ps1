BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:dns = $lab.resolver
}

Describe 'Get-DaneTlsa against the lab zones' -Tag CI {
    It 'returns the records of every MX host, DNSSEC-validated and usable, as published' {
        $records = Get-DaneTlsa example.test -DnsServer $dns
        $records[0].PSObject.TypeNames[0] | Should -Be 'MailTls.TlsaRecord'
        $records.Name | Should -Be @('_25._tcp.mx1.example.test', '_25._tcp.mx2.example.test')
        $records.Domain | Should -Be @('example.test', 'example.test')
        "$($records[0].Usage) $($records[0].Selector) $($records[0].MatchingType) $($records[0].Data)" | Should -Be $lab.dane.mx1.tlsa[0].ToUpperInvariant()
        "$($records[1].Usage) $($records[1].Selector) $($records[1].MatchingType) $($records[1].Data)" | Should -Be $lab.dane.mx2.tlsa[0].ToUpperInvariant()
        $records.DnssecAuthenticated | Should -Be @($true, $true)
        $records.Usable | Should -Be @($true, $true)
    }

    It 'marks records in an unsigned zone as unusable, and says why' {
        $record = Get-DaneTlsa example2.test -DnsServer $dns
        $record.DnssecAuthenticated | Should -BeFalse
        $record.Usable | Should -BeFalse
        $record.Note | Should -BeLike '*DNSSEC*ignore*'
    }

    It 'marks usage 1 (PKIX-EE) as unusable for SMTP' {
        $record = Get-DaneTlsa -ComputerName dane-pkix.example.test -DnsServer $dns
        $record.Usage | Should -Be 1
        $record.DnssecAuthenticated | Should -BeTrue
        $record.Usable | Should -BeFalse
        $record.Note | Should -BeLike '*RFC 7672*'
    }

    It 'reads <Case> records with their parameters' -TestCases @(
        @{ Case = 'full'; Parameters = '3 0 1' }, @{ Case = 'sha512'; Parameters = '3 1 2' }, @{ Case = 'ta-root'; Parameters = '2 0 1' }
    ) {
        $record = Get-DaneTlsa -ComputerName $lab.dane.$Case.host -DnsServer $dns
        "$($record.Usage) $($record.Selector) $($record.MatchingType)" | Should -Be $Parameters
        $record.Usable | Should -BeTrue
    }

    It 'returns no record for a host without records, and says so in a warning' {
        $out = Get-DaneTlsa -ComputerName tls12.example.test -DnsServer $dns -WarningVariable warned -WarningAction SilentlyContinue
        @($out).Count | Should -Be 0
        $warned[0].Message | Should -Match '_25\._tcp\.tls12\.example\.test has no TLSA records'
    }

    It 'says a null-MX domain has no mail servers, instead of returning nothing' {
        $out = Get-DaneTlsa nullmx.example.test -DnsServer $dns -WarningVariable warned -WarningAction SilentlyContinue
        @($out).Count | Should -Be 0
        $warned[0].Message | Should -Match 'null MX'
    }

    It 'writes DnsServerFailure for a zone whose signatures do not validate' {
        Get-DaneTlsa -ComputerName mx.bogus.test -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DnsServerFailure,MailTls.Commands.GetDaneTlsaCommand'
        $err[0].TargetObject | Should -Be 'mx.bogus.test'
    }

    It 'uses the port for the owner name' {
        $verbose = Get-DaneTlsa -ComputerName mx1.example.test -Port 465 -DnsServer $dns -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -match 'DNS TLSA _465\._tcp\.mx1\.example\.test').Count | Should -Be 1
    }

    It 'shows a table and exports readable CSV' {
        $records = 'example.test', 'example2.test' | Get-DaneTlsa -DnsServer $dns
        $text = $records | Out-String -Width 250
        $text | Should -Match '_25\._tcp\.mx1\.example\.test\s+3 1 1\s+signed\s+True'
        $text | Should -Match '_25\._tcp\.mx\.example2\.test\s+3 1 1\s+unsigned\s+False'
        $csv = Join-Path $TestDrive 'tlsa.csv'
        $records | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv)[0].Data | Should -Be $lab.dane.mx1.tlsa[0].Split(' ')[3].ToUpperInvariant()
    }
}
