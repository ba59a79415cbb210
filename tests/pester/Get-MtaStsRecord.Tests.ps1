BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:dns = $lab.resolver
}

Describe 'Get-MtaStsRecord against the lab zones' -Tag CI {
    It 'reads a valid record with its id, DNSSEC-signed' {
        $record = Get-MtaStsRecord example.test -DnsServer $dns
        $record.PSObject.TypeNames[0] | Should -Be 'MailTls.MtaStsRecord'
        $record.Status | Should -Be 'Valid'
        $record.IsValid | Should -BeTrue
        $record.Id | Should -Be $lab.mtaStsId
        $record.Version | Should -Be 'STSv1'
        $record.Name | Should -Be '_mta-sts.example.test'
        $record.DnssecAuthenticated | Should -BeTrue
        $record.Errors.Count | Should -Be 0
    }

    It 'calls two v=STSv1 records invalid, as senders treat them' {
        $record = Get-MtaStsRecord sts-tworecords.example.test -DnsServer $dns
        $record.Status | Should -Be 'Invalid'
        $record.IsPublished | Should -BeTrue
        $record.Record | Should -BeLike 'v=STSv1*|*v=STSv1*'
        $record.Errors[0] | Should -BeLike 'RFC 8461 §3.1*2 records*'
    }

    It 'names the rule a malformed id breaks' {
        $record = Get-MtaStsRecord sts-badid.example.test -DnsServer $dns
        $record.Status | Should -Be 'Invalid'
        $record.Errors[0] | Should -BeLike "*1 to 32 letters and digits*not-valid-id!*"
    }

    It 'answers NotPublished, not an error, when there is no record' {
        $record = Get-MtaStsRecord sts-norecord.example.test, no-such.example.test -DnsServer $dns -ErrorVariable err
        $err.Count | Should -Be 0
        $record.Status | Should -Be @('NotPublished', 'NotPublished')
        $record.IsPublished | Should -Be @($false, $false)
    }

    It 'writes DnsServerFailure when DNS cannot answer, and InvalidDomainName for a bad name' {
        $out = 'bogus.test', 'bad..name', 'example.test' | Get-MtaStsRecord -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Domain | Should -Be 'example.test'
        $err.FullyQualifiedErrorId | Should -Be @('DnsServerFailure,MailTls.Commands.GetMtaStsRecordCommand', 'InvalidDomainName,MailTls.Commands.GetMtaStsRecordCommand')
        $err[0].TargetObject | Should -Be 'bogus.test'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
    }

    It 'shows a table and exports readable CSV' {
        $records = 'example.test', 'sts-badid.example.test', 'sts-norecord.example.test' | Get-MtaStsRecord -DnsServer $dns
        $text = $records | Out-String -Width 200
        $text | Should -Match 'Domain\s+Status\s+Id\s+DNSSEC\s+Errors'
        $text | Should -Match "example\.test\s+Valid\s+$($lab.mtaStsId)\s+signed"
        $text | Should -Match 'sts-norecord\.example\.test\s+NotPublished'
        $csv = Join-Path $TestDrive 'sts.csv'
        $records | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows[1].Errors | Should -BeLike 'RFC 8461*'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.|MailTls\.'
    }

    It 'shows the TXT query with -Verbose' {
        $verbose = Get-MtaStsRecord example.test -DnsServer $dns -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -match 'DNS TXT _mta-sts\.example\.test @ 127\.0\.0\.2: NoError AD').Count | Should -Be 1
    }

    It 'asks each resolver on its own with -EachServer, one record per resolver' {
        $records = Get-MtaStsRecord example.test -DnsServer $lab.resolver, $lab.authoritative -EachServer
        $records.DnsServer | Should -Be @($lab.resolver, $lab.authoritative)
        $records.Id | Should -Be @($lab.mtaStsId, $lab.mtaStsId)
        $records.Dnssec | Should -Be @('Signed', 'NotValidated')
    }

    It 'asks only the first resolver that answers without -EachServer' {
        @(Get-MtaStsRecord example.test -DnsServer $lab.resolver, $lab.authoritative).Count | Should -Be 1
    }
}
