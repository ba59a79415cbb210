BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:domains = 'example.test', 'tls12.example.test', 'example2.test', 'expired.example.test', 'nostarttls.example.test'
    # Last night: the lab as a sender that trusts its CA and validates DNSSEC sees it.
    $script:yesterday = @($domains | Test-MailDomainTls -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate)
    $script:yesterdayCsv = Join-Path $TestDrive 'yesterday.csv'
    $script:yesterdayJson = Join-Path $TestDrive 'yesterday.json'
    $yesterday | Export-Csv $yesterdayCsv -NoTypeInformation
    $yesterday | ConvertTo-Json | Set-Content $yesterdayJson
    $script:policyFile = Join-Path $TestDrive 'tls_policy'
    $null = $yesterday | Export-ForcedTlsPolicy Postfix -Path $policyFile -WarningAction SilentlyContinue

    # Tonight's CSV: last night's with some cells changed, as Import-Csv and Export-Csv leave it.
    function New-EditedRun([hashtable] $Edits, [string] $Name = 'today.csv') {
        $rows = Import-Csv $yesterdayCsv
        foreach ($domain in $Edits.Keys) {
            $row = $rows | Where-Object Domain -eq $domain
            foreach ($column in $Edits[$domain].Keys) { $row.$column = $Edits[$domain][$column] }
        }
        $path = Join-Path $TestDrive $Name
        $rows | Export-Csv $path -NoTypeInformation
        $path
    }
}

Describe 'Compare-MailTlsReport on real runs against the lab' -Tag CI {
    It 'finds nothing between a run and itself, whether CSV, JSON or objects' {
        Compare-MailTlsReport $yesterdayCsv $yesterdayJson | Should -BeNullOrEmpty
        Compare-MailTlsReport -ReferenceObject $yesterday -DifferenceObject (Import-Csv $yesterdayCsv) | Should -BeNullOrEmpty
        $yesterday | Compare-MailTlsReport $yesterdayJson | Should -BeNullOrEmpty
    }

    It 'says what a sender that no longer trusts the lab CA loses: Verify drops to Encrypt' {
        $tonight = $domains | Test-MailDomainTls -DnsServer $lab.resolver
        $changes = $tonight | Compare-MailTlsReport $yesterdayCsv

        $tls12 = $changes | Where-Object { $_.Domain -eq 'tls12.example.test' -and $_.Property -eq 'ForcedTls' }
        $tls12.Change | Should -Be 'Degraded'
        $tls12.Before | Should -Be 'Verify'
        $tls12.After | Should -Be 'Encrypt'
        $tls12.Severity | Should -Be 'Warning'
        ($changes | Where-Object { $_.Domain -eq 'tls12.example.test' -and $_.Property -eq 'CertificatesValid' }).Change | Should -Be 'Degraded'
        # DANE-EE does not need the CA: example.test keeps Dane.
        $changes | Where-Object { $_.Domain -eq 'example.test' -and $_.Property -eq 'ForcedTls' } | Should -BeNullOrEmpty
        $changes | Where-Object Domain -eq 'nostarttls.example.test' | Should -BeNullOrEmpty
    }

    It 'makes the same drop an Error for a domain in the exported policy, with the sentence that says mail bounces' {
        $tonight = $domains | Test-MailDomainTls -DnsServer $lab.resolver
        $errors = $tonight | Compare-MailTlsReport $yesterdayCsv -ForcedTlsPolicy $policyFile | Where-Object Severity -eq Error

        $errors.Domain | Sort-Object -Unique | Should -Be @('example2.test', 'tls12.example.test')
        $drop = $errors | Where-Object { $_.Domain -eq 'tls12.example.test' -and $_.Property -eq 'ForcedTls' }
        $drop.Message | Should -BeLike 'Mail to tls12.example.test will now bounce or defer under the forced-TLS policy; tls12.example.test now bears only ForcedTls Encrypt, down from Verify. Every MX host encrypts, but the certificate of tls12.example.test*'
    }

    It 'says what a sender without a validating resolver loses: DANE no longer holds' {
        $tonight = $domains | Test-MailDomainTls -DnsServer $lab.authoritative -TrustedRootCertificate $lab.caCertificate
        $changes = Compare-MailTlsReport -ReferenceObject $yesterday -DifferenceObject $tonight -ForcedTlsPolicy $policyFile | Where-Object Domain -eq 'example.test'

        ($changes | Where-Object Property -eq 'Dane').Change | Should -Be 'Degraded'
        ($changes | Where-Object Property -eq 'ForcedTls').After | Should -Be 'Verify'
        ($changes | Where-Object Property -eq 'ForcedTls').Severity | Should -Be 'Error' -Because 'the Postfix policy holds example.test to dane-only'
        ($changes | Where-Object Property -eq 'DnssecSigned').Change | Should -Be 'Changed'
    }
}

Describe 'Compare-MailTlsReport: each change kind, from an edited CSV' -Tag CI {
    It '<Column> -> <After> on <Domain> is <Kind>' -TestCases @(
        @{ Domain = 'tls12.example.test'; Column = 'ForcedTls'; After = 'Encrypt'; Kind = 'Degraded' }
        @{ Domain = 'expired.example.test'; Column = 'MxWithoutStartTls'; After = '1'; Kind = 'Degraded' }
        @{ Domain = 'example2.test'; Column = 'CertificatesValid'; After = 'False'; Kind = 'Degraded' }
        @{ Domain = 'example2.test'; Column = 'DaysUntilEarliestExpiry'; After = '29'; Kind = 'Degraded' }
        @{ Domain = 'example2.test'; Column = 'DaysUntilEarliestExpiry'; After = '13'; Kind = 'Degraded' }
        @{ Domain = 'example2.test'; Column = 'DaysUntilEarliestExpiry'; After = '6'; Kind = 'Degraded' }
        @{ Domain = 'example2.test'; Column = 'DaysUntilEarliestExpiry'; After = '-1'; Kind = 'Degraded' }
        @{ Domain = 'example.test'; Column = 'MtaStsMode'; After = 'Testing'; Kind = 'Degraded' }
        @{ Domain = 'example.test'; Column = 'MtaStsValid'; After = 'False'; Kind = 'Degraded' }
        @{ Domain = 'example.test'; Column = 'Dane'; After = 'Mismatch'; Kind = 'Degraded' }
        @{ Domain = 'example.test'; Column = 'LowestProtocol'; After = 'Tls12'; Kind = 'Degraded' }
        @{ Domain = 'expired.example.test'; Column = 'ForcedTls'; After = 'Verify'; Kind = 'Improved' }
        @{ Domain = 'expired.example.test'; Column = 'DaysUntilEarliestExpiry'; After = '90'; Kind = 'Improved' }
        @{ Domain = 'example.test'; Column = 'MxHosts'; After = 'mx1.example.test'; Kind = 'Changed' }
        @{ Domain = 'example.test'; Column = 'TlsRpt'; After = 'NotPublished'; Kind = 'Changed' }
    ) {
        $before = (Import-Csv $yesterdayCsv | Where-Object Domain -eq $Domain).$Column
        $today = New-EditedRun @{ $Domain = @{ $Column = $After } }

        $change = Compare-MailTlsReport $yesterdayCsv $today

        $change | Should -HaveCount 1
        $change.PSObject.TypeNames[0] | Should -Be 'MailTls.DomainTlsChange'
        $change.Domain | Should -Be $Domain
        $change.Change | Should -Be $Kind
        $change.Property | Should -Be $Column
        $change.Before | Should -Be $before
        $change.After | Should -Be $After
        $change.Severity | Should -Be $(if ($Kind -eq 'Degraded') { 'Warning' } else { 'Info' })
    }

    It 'reads dates back from JSON as the ISO text the CSV has (ConvertFrom-Json makes them DateTime)' {
        $rows = Import-Csv $yesterdayCsv
        ($rows | Where-Object Domain -eq 'example2.test').DaysUntilEarliestExpiry = '13'
        $json = Join-Path $TestDrive 'today-dates.json'
        $rows | ConvertTo-Json | Set-Content $json
        (Get-Content -Raw $json | ConvertFrom-Json)[0].EarliestCertificateExpiry | Should -BeOfType [datetime]
        $expiry = (Import-Csv $yesterdayCsv | Where-Object Domain -eq 'example2.test').EarliestCertificateExpiry

        $change = Compare-MailTlsReport $yesterdayCsv $json

        $change.Message | Should -BeLike "*($expiry)*"
    }

    It 'reports a domain of one run only as Added or Removed' {
        $rows = @(Import-Csv $yesterdayCsv | Where-Object Domain -ne 'example2.test') + [pscustomobject]@{ Domain = 'new.example.test'; ForcedTls = 'Encrypt' }
        $changes = $rows | Compare-MailTlsReport $yesterdayCsv
        ($changes | ForEach-Object { "$($_.Domain) $($_.Change)" }) | Should -Be @('new.example.test Added', 'example2.test Removed')
    }

    It 'holds the domains of -PolicyDomain to their earlier level' {
        $today = New-EditedRun @{ 'example2.test' = @{ ForcedTls = 'Encrypt' } }
        (Compare-MailTlsReport $yesterdayCsv $today -PolicyDomain example2.test).Severity | Should -Be 'Error'
        (Compare-MailTlsReport $yesterdayCsv $today -PolicyDomain example.test).Severity | Should -Be 'Warning'
    }

    It 'reads the policy from every format Export-ForcedTlsPolicy writes, and from its output' {
        $today = New-EditedRun @{ 'example2.test' = @{ ForcedTls = 'Encrypt' } }
        foreach ($format in 'Postfix', 'Exchange', 'ExchangeOnline', 'Exim', 'Sendmail') {
            $file = Join-Path $TestDrive "policy-$format"
            $exported = $yesterday | Export-ForcedTlsPolicy $format -Path $file -WarningAction SilentlyContinue
            (Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $file).Severity | Should -Be 'Error' -Because "the $format policy holds example2.test to Verify"
            (Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $exported).Severity | Should -Be 'Error'
        }
    }

    It 'answers $true or $false with -Quiet, for an if in a scheduled task' {
        $today = New-EditedRun @{ 'tls12.example.test' = @{ ForcedTls = 'Encrypt' } }
        $alarm = Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $policyFile -Quiet
        $alarm | Should -BeOfType ([bool])
        $alarm | Should -BeTrue
        Compare-MailTlsReport $yesterdayCsv $today -Quiet | Should -BeFalse -Because 'without a policy a drop is a Warning'
        Compare-MailTlsReport $yesterdayCsv $yesterdayJson -ForcedTlsPolicy $policyFile -Quiet | Should -BeFalse
        if (Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $policyFile -Quiet) { $sent = 'alert' }
        $sent | Should -Be 'alert'
    }
}

Describe 'Compare-MailTlsReport output and errors' -Tag CI {
    BeforeAll {
        $script:today = New-EditedRun @{
            'tls12.example.test'   = @{ ForcedTls = 'Encrypt'; CertificatesValid = 'False' }
            'example2.test'        = @{ DaysUntilEarliestExpiry = '12' }
            'expired.example.test' = @{ MxWithoutStartTls = '1'; ForcedTls = 'None' }
        }
        $script:changes = Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $policyFile
    }

    It 'shows a table that fits 80 and 120 columns, Severity and Change first' {
        foreach ($width in 80, 120) {
            $text = $changes | Out-String -Width $width
            $text | Should -Match 'Domain\s+Severity\s+Change\s+Detail'
            $text | Should -Match 'tls12\.example\.test\s+Error\s+Degraded ForcedTls: Verify -> Encrypt'
            $text | Should -Match 'example2\.test\s+Warning\s+Degraded DaysUntilEarliestExpiry: \d+ -> 12'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty
        }

        ($changes | Where-Object Severity -eq Error | Select-Object -First 1 | Format-List | Out-String -Width 80) | Should -Match 'Message\s+: Mail to tls12\.example\.test will now bounce or defer'
    }

    It 'exports to CSV and JSON with every column a scalar and enums by name' {
        $file = Join-Path $TestDrive 'changes.csv'
        $changes | Export-Csv $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Count | Should -Be $changes.Count
        ($back | Where-Object Severity -eq Error).Count | Should -Be @($changes | Where-Object Severity -eq Error).Count
        $json = $changes | ConvertTo-Json | ConvertFrom-Json
        $json[0].Severity | Should -BeIn 'Info', 'Warning', 'Error'
        $json[0].Change | Should -BeIn 'Added', 'Removed', 'Degraded', 'Improved', 'Changed'
    }

    It 'writes InvalidReportRow for a row that is not one, and compares the rest' {
        $rows = @(Import-Csv $yesterdayCsv) + [pscustomobject]@{ Domain = 'broken.example'; ForcedTls = 'Strong' }
        $result = $rows | Compare-MailTlsReport $yesterdayCsv -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidReportRow,MailTls.Commands.CompareMailTlsReportCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'names the file and row of a bad row in a file' {
        $file = New-EditedRun @{ 'example2.test' = @{ LowestProtocol = 'TLS 1.3' } } -Name 'bad.csv'
        $null = Compare-MailTlsReport $yesterdayCsv $file -ErrorVariable problems -ErrorAction SilentlyContinue
        "$($problems[0])" | Should -Match "bad\.csv, row 3: example2\.test: LowestProtocol 'TLS 1\.3' is not one of"
    }

    It 'stops with PathNotFound for a missing file, and ReportFileNotRead for one it cannot read' {
        { Compare-MailTlsReport $yesterdayCsv (Join-Path $TestDrive 'missing.csv') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,MailTls.Commands.CompareMailTlsReportCommand'
        $broken = Join-Path $TestDrive 'broken.json'
        '[{"Domain": "a.test",' | Set-Content $broken
        { Compare-MailTlsReport $yesterdayCsv $broken -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportFileNotRead,MailTls.Commands.CompareMailTlsReportCommand'
    }

    It 'stops with NoInput for an empty run: a failed night must not pass for a quiet one' {
        $empty = Join-Path $TestDrive 'empty.csv'
        Set-Content $empty ''
        { Compare-MailTlsReport $yesterdayCsv $empty -Quiet -ErrorAction Stop } | Should -Throw -ErrorId 'NoInput,MailTls.Commands.CompareMailTlsReportCommand'
        { @() | Compare-MailTlsReport $yesterdayCsv -ErrorAction Stop } | Should -Throw -ErrorId 'NoInput,MailTls.Commands.CompareMailTlsReportCommand'
    }

    It 'stops with ForcedTlsPolicyNotRead for a policy file that names no forced domain' {
        { Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $yesterdayCsv -ErrorAction Stop } |
            Should -Throw -ErrorId 'ForcedTlsPolicyNotRead,MailTls.Commands.CompareMailTlsReportCommand'
    }

    It 'stops with ForcedTlsPolicyNotRead, naming the file, for a policy file that cannot be read' {
        # /proc/self/mem exists, and reading it from the start fails with an I/O error (even for root).
        $thrown = { Compare-MailTlsReport $yesterdayCsv $yesterdayJson -ForcedTlsPolicy (Get-Item /proc/self/mem) -ErrorAction Stop } |
            Should -Throw -ErrorId 'ForcedTlsPolicyNotRead,MailTls.Commands.CompareMailTlsReportCommand' -PassThru
        $thrown.Exception.Message | Should -BeLike '/proc/self/mem could not be read: *'
    }

    It 'warns about a domain listed twice and counts its first row' {
        $rows = @(Import-Csv $yesterdayCsv) + @(Import-Csv $yesterdayCsv | Select-Object -First 1)
        $rows | Compare-MailTlsReport $yesterdayCsv -WarningVariable warnings | Should -BeNullOrEmpty
        "$warnings" | Should -Be 'example.test is listed more than once in the difference run; its first row counts.'
    }

    It 'says what it compared with -Verbose' {
        $verbose = Compare-MailTlsReport $yesterdayCsv $today -ForcedTlsPolicy $policyFile -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$($verbose[0])" | Should -Match 'The forced-TLS policy .*tls_policy covers 4 domain\(s\)\.'
        "$($verbose[-1])" | Should -Match "Compared 5 domain\(s\) with 5: $($changes.Count) change\(s\), $(@($changes | Where-Object Severity -eq Error).Count) of them errors\."
    }
}
