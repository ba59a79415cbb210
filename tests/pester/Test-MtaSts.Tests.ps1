BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
}

Describe 'Test-MtaSts against the lab' -Tag CI {
    It 'passes a domain whose record, policy, MX hosts and TLS-RPT are all right, and calls it ready to enforce' {
        $result = Test-MtaSts example.test @labArgs
        $result.PSObject.TypeNames[0] | Should -Be 'MailTls.MtaStsAssessment'
        $result.Verdict | Should -Be 'Pass'
        $result.Mode | Should -Be 'enforce'
        $result.RecordValid | Should -BeTrue
        $result.PolicyValid | Should -BeTrue
        $result.RecordId | Should -Be $lab.mtaStsId
        $result.TlsRptValid | Should -BeTrue
        $result.ReadyToEnforce | Should -BeTrue
        $result.Exchangers.Count | Should -Be 3
        $result.Exchangers.PassesEnforce | Should -Be @($true, $true, $true)
        $result.Exchangers[0].MatchedPattern | Should -Be 'mx1.example.test'
        "$($result.Exchangers[0].Protocol)" | Should -Be 'Tls13'
        $result.Findings.Count | Should -Be 0
    }

    It 'fails an enforce policy whose patterns miss an MX host, and flags the unused pattern and the missing TLS-RPT' {
        $result = Test-MtaSts sts-mxmiss.example.test @labArgs
        $result.Verdict | Should -Be 'Fail'
        $result.ReadyToEnforce | Should -BeFalse
        $result.Findings.Code | Should -Be @('MTASTS_MX_NOT_COVERED', 'MTASTS_PATTERN_UNUSED', 'TLSRPT_MISSING')
        $result.Findings[0].Severity | Should -Be 'Error'
        $result.Findings[0].Message | Should -BeLike '*mx2.example.test*Add "mx: mx2.example.test"*'
        $result.Findings[1].Message | Should -BeLike '*old-mx.example.test*'
        ($result.Exchangers | Where-Object Exchange -eq 'mx2.example.test').Covered | Should -BeFalse
    }

    It 'matches a wildcard pattern to exactly one label' {
        (Test-MtaSts sts-wildcard.example.test @labArgs).Verdict | Should -Be 'Pass'
        $deep = Test-MtaSts sts-wildcard-deep.example.test @labArgs
        $deep.Findings.Code | Should -Contain 'MTASTS_MX_NOT_COVERED'
        $deep.Exchangers[0].Covered | Should -BeFalse
    }

    It 'reports testing mode, and what would fail under enforce as warnings' {
        (Test-MtaSts sts-testing.example.test @labArgs).Findings.Code | Should -Be 'MTASTS_MODE_TESTING'

        # The only MX of sts-badmx-testing presents an expired certificate.
        $result = Test-MtaSts sts-badmx-testing.example.test @labArgs
        $result.Findings.Code | Should -Be @('MTASTS_MODE_TESTING', 'MTASTS_MX_TLS_FAILED')
        $result.Findings[1].Severity | Should -Be 'Warning'
        $result.Findings[1].Message | Should -BeLike 'expired.example.test `[127.0.0.14`]: its certificate would be rejected*CERT_EXPIRED*'
        $result.Verdict | Should -Be 'Warn'
        $result.ReadyToEnforce | Should -BeFalse
        $result.Exchangers[0].CertificateValid | Should -BeFalse
    }

    It 'fails enforce when an MX certificate would be rejected' {
        $result = Test-MtaSts sts-badmx.example.test @labArgs
        $result.Findings.Code | Should -Be 'MTASTS_MX_TLS_FAILED'
        $result.Findings[0].Severity | Should -Be 'Error'
        $result.Verdict | Should -Be 'Fail'
        $result.Exchangers[0].PassesEnforce | Should -BeFalse
    }

    It 'reports <Code> for <Case>' -TestCases @(
        @{ Case = 'sts-norecord'; Code = 'MTASTS_NOT_PUBLISHED' }
        @{ Case = 'sts-tworecords'; Code = 'MTASTS_RECORD_INVALID' }
        @{ Case = 'sts-badid'; Code = 'MTASTS_RECORD_INVALID' }
        @{ Case = 'sts-redirect'; Code = 'MTASTS_POLICY_REDIRECT' }
        @{ Case = 'sts-notfound'; Code = 'MTASTS_POLICY_UNAVAILABLE' }
        @{ Case = 'sts-contenttype'; Code = 'MTASTS_POLICY_CONTENT_TYPE' }
        @{ Case = 'sts-oversize'; Code = 'MTASTS_POLICY_TOO_LARGE' }
        @{ Case = 'sts-expiredcert'; Code = 'MTASTS_POLICY_CERT_INVALID' }
        @{ Case = 'sts-wrongcert'; Code = 'MTASTS_POLICY_CERT_INVALID' }
    ) {
        $result = Test-MtaSts "$Case.example.test" @labArgs
        $result.Findings.Code | Should -Contain $Code
        $result.Verdict | Should -Be 'Fail'
        $result.ReadyToEnforce | Should -BeFalse
    }

    It 'warns about mode none' {
        $result = Test-MtaSts sts-none.example.test @labArgs
        $result.Findings.Code | Should -Contain 'MTASTS_MODE_NONE'
        $result.Verdict | Should -Be 'Warn'
        $result.ReadyToEnforce | Should -BeFalse
    }

    It 'judges coverage without probing when told to skip SMTP (port 25 blocked here)' {
        $result = Test-MtaSts sts-mxmiss.example.test @labArgs -SkipSmtpProbe -Verbose 4>&1
        $assessment = $result | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $verbose = $result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose -match 'Probing ' | Should -BeNullOrEmpty
        $assessment.Findings.Code | Should -Contain 'MTASTS_MX_NOT_COVERED'
        $assessment.Exchangers[0].Problem | Should -BeLike '*not probed*'
        $assessment.Exchangers[0].PassesEnforce | Should -BeNullOrEmpty
        $assessment.Exchangers[2].PassesEnforce | Should -BeFalse
        $assessment.ReadyToEnforce | Should -BeFalse
        ($assessment | Out-String -Width 120) | Should -Match 'sts-mxmiss\.example\.test\s+Fail\s+enforce\s+no\s+0/1\s'
    }

    It 'leaves ReadyToEnforce unknown with -SkipSmtpProbe when nothing certainly fails' {
        $result = Test-MtaSts example.test @labArgs -SkipSmtpProbe
        $result.ReadyToEnforce | Should -BeNullOrEmpty
        $result.AllMxPass | Should -BeNullOrEmpty
        ($result | Out-String -Width 80) | Should -Match 'example\.test\s+Pass\s+enforce\s+\?'
    }

    It 'does not fail a null-MX domain for having no MTA-STS: it accepts no mail' {
        $result = Test-MtaSts nullmx.example.test @labArgs
        $result.Verdict | Should -Be 'Pass'
        $result.Findings.Code | Should -Be 'NULL_MX'
        $result.ReadyToEnforce | Should -BeNullOrEmpty
    }

    It 'says none, not BAD, for a domain that publishes no policy' {
        $text = Test-MtaSts sts-norecord.example.test @labArgs | Out-String -Width 80
        $text | Should -Match 'sts-norecord\.example\.test\s+Fail\s+none\s+no'
        $text | Should -Not -Match 'BAD'
    }

    It 'never lists a finding code twice: the same problem on several hosts is one finding' {
        $domains = @($lab.mtaSts.PSObject.Properties.Value.domain) | Select-Object -Unique
        $results = $domains | Test-MtaSts -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate
        $results.Count | Should -Be $domains.Count
        foreach ($result in $results) {
            @($result.Findings.Code | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty -Because $result.Domain
        }
    }

    It 'gives Verdict Error with the DNS code when DNS cannot answer' -TestCases @(
        @{ Domain = 'bogus.test'; Code = 'DNS_SERVER_FAILURE' }
        @{ Domain = 'no-such.example.test'; Code = 'DNS_NAME_NOT_FOUND' }
    ) {
        $result = Test-MtaSts $Domain @labArgs
        $result.Verdict | Should -Be 'Error'
        $result.Findings.Code | Should -Contain $Code
    }

    It 'says what is wrong with an MX host even when the policy is not usable' {
        $result = Test-MtaSts sts-redirect.example.test -DnsServer $lab.resolver
        $result.Exchangers[0].Problem | Should -BeLike '*certificate would be rejected*'
        $ok = Test-MtaSts sts-redirect.example.test @labArgs
        $ok.Exchangers[0].Problem | Should -BeLike 'no usable policy*'
        $ok.Exchangers[0].PassesEnforce | Should -BeNullOrEmpty
        $result.Exchangers[0].PassesEnforce | Should -BeFalse
    }

    It 'shows a summary table and a detail list a newcomer can act on' {
        $results = 'example.test', 'sts-mxmiss.example.test' | Test-MtaSts @labArgs
        foreach ($width in 80, 120) {
            $table = $results | Out-String -Width $width
            $table | Should -Match 'Domain\s+Verdict\s+Policy\s+Ready\s+MxOk\s+Findings'
            $table | Should -Match 'example\.test\s+Pass\s+enforce\s+yes\s+3/3'
            $table | Should -Match 'sts-mxmiss\.example\.test\s+Fail\s+enforce\s+no\s+2/3\s+MTASTS_MX_NOT_COVERED'
            ($table -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty
        }
        $list = $results[1] | Format-List | Out-String -Width 250
        $list | Should -Match 'Error: MTASTS_MX_NOT_COVERED - The MX host mx2\.example\.test'
        $list | Should -Match 'mx2\.example\.test \[127\.0\.0\.12\]: no mx pattern of the policy covers this host'
        ($results[1].Exchangers | Out-String -Width 250) | Should -Match 'mx2\.example\.test\s+127\.0\.0\.12\s+True\s+Tls13\s+True\s+FAIL'
    }

    It 'exports one readable CSV row per domain' {
        $csv = Join-Path $TestDrive 'mtasts.csv'
        'example.test', 'sts-mxmiss.example.test' | Test-MtaSts @labArgs | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 2
        $rows[1].Findings | Should -Be 'MTASTS_MX_NOT_COVERED; MTASTS_PATTERN_UNUSED; TLSRPT_MISSING'
        $rows[0].ReadyToEnforce | Should -Be 'True'
        $rows[0].TlsRptRua | Should -Be 'mailto:tlsrpt@example.test'
        $rows[1].Exchangers | Should -BeLike 'mx1.example.test `[127.0.0.11`]: ok; *mx2.example.test `[127.0.0.12`]: no mx pattern*'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.|MailTls\.'
    }
}
