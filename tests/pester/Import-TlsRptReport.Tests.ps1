BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:corpus = Join-Path $TestDrive 'corpus'
    & (Join-Path (Get-RepoRoot) 'tests/corpus/tlsrpt/New-TlsRptCorpus.ps1') -Path $corpus
}

Describe 'Import-TlsRptReport' -Tag CI {
    It 'reads the RFC 8460 example into one policy result with its failure details' {
        $result = Import-TlsRptReport (Join-Path $corpus 'rfc8460-example.json')
        $result.PSObject.TypeNames[0] | Should -Be 'MailTls.TlsRptPolicyResult'
        $result.Organization | Should -Be 'Company-X'
        $result.StartDate | Should -Be ([DateTimeOffset]'2016-04-01T00:00:00Z')
        $result.PolicyDomain | Should -Be 'company-y.example'
        $result.SuccessfulSessions | Should -Be 5326
        $result.FailedSessions | Should -Be 303
        $result.FailureDetails.Count | Should -Be 3
        $result.SourceFile | Should -BeLike '*rfc8460-example.json'
    }

    It 'reads every sender shape, and gzip and e-mail wrappings by content, from a wildcard' {
        $results = Import-TlsRptReport (Join-Path $corpus '*') -ErrorVariable failures -ErrorAction SilentlyContinue
        $names = $results.SourceFile | ForEach-Object { Split-Path -Leaf $_ } | Sort-Object -Unique
        foreach ($name in 'google-style.json', 'microsoft-style.json', 'mx-host-string.json', 'zoneless-dates.json', 'contact-null.json',
            'policy-string-absent.json', 'policy-string-empty.json', 'tlsa-json-array.json', 'failure-details-absent.json', 'failure-details-empty.json',
            'count-mismatch.json', 'no-ip-free-text.json', 'unknown-fields.json', 'trailing-data.json', 'missing-fields.json',
            'rfc8460-example.json.gz', 'gzip-without-extension.bin', 'report-gzip.eml', 'report-json-unquoted.eml', 'report-octet-stream.eml', 'forwarded-report.eml') {
            $names | Should -Contain $name
        }
        @($failures).Count | Should -Be 8
    }

    It 'keeps what senders say where they depart from the RFC' {
        $zoneless = Import-TlsRptReport (Join-Path $corpus 'zoneless-dates.json')
        $zoneless.EndDate | Should -Be ([DateTimeOffset]'2024-06-04T00:00:00Z')
        $zoneless.Notes | Should -Match 'no time zone'
        (Import-TlsRptReport (Join-Path $corpus 'mx-host-string.json')).MxHost | Should -Be 'mx1.example.net'
        (Import-TlsRptReport (Join-Path $corpus 'google-style.json')).MxHost.Count | Should -Be 0
        (Import-TlsRptReport (Join-Path $corpus 'tlsa-json-array.json')).PolicyString | Should -BeLike '3 1 1 0C72*; 2 1 1 B7C6*'
        $mismatch = Import-TlsRptReport (Join-Path $corpus 'count-mismatch.json')
        $mismatch.FailureCountMismatch | Should -BeTrue
        $mismatch.FailedSessions | Should -Be 10
        $mismatch.DetailedFailedSessions | Should -Be 7
        (Import-TlsRptReport (Join-Path $corpus 'contact-null.json')).ContactInfo | Should -BeNullOrEmpty
    }

    It 'gives one ErrorRecord per broken file, naming the file and the byte, and goes on with the next' {
        $files = 'broken-invalid.json', 'google-style.json', 'broken-truncated.json', 'broken-bomb.json.gz', 'broken-no-attachment.eml', 'broken-wrong-type.json', 'broken-latin1.json', 'microsoft-style.json' |
            ForEach-Object { Join-Path $corpus $_ }
        $results = Import-TlsRptReport -LiteralPath $files -ErrorVariable failures -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 2
        $failures.Count | Should -Be 6
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidTlsRptReport,MailTls.Commands.ImportTlsRptReportCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -Be $files[0]
        $failures[0].Exception.Message | Should -BeLike "$($files[0]): not valid JSON at byte 41:*"
        $failures[1].Exception.Message | Should -Match 'at byte \d+'
        $failures[2].FullyQualifiedErrorId | Should -BeLike 'TlsRptReportTooLarge,*'
        $failures[2].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failures[3].FullyQualifiedErrorId | Should -BeLike 'TlsRptReportNotFound,*'
        $failures[4].Exception.Message | Should -Match 'must be a whole number \(at most 2\^53\), not an object'
        $failures[5].FullyQualifiedErrorId | Should -BeLike 'InvalidTlsRptReport,*'
        $failures[5].Exception.Message | Should -Match 'broken-latin1\.json: not valid JSON at byte \d+: a string is not valid UTF-8'
    }

    It 'reads a maildir and a folder of .eml files through Get-ChildItem (binding by PSPath)' {
        $results = Get-ChildItem (Join-Path $corpus 'maildir') -File -Recurse | Import-TlsRptReport
        $results.Organization | Should -Be 'Google Inc.'
        @(Get-ChildItem $corpus -Filter 'report-*.eml' | Import-TlsRptReport).Count | Should -Be 3
        @([pscustomobject]@{ FullName = (Join-Path $corpus 'google-style.json') } | Import-TlsRptReport).Count | Should -Be 1
    }

    It 'takes report text and bytes from the pipeline, and says what to do with a path piped as text' {
        (Get-Content -Raw (Join-Path $corpus 'google-style.json') | Import-TlsRptReport).SuccessfulSessions | Should -Be 52
        (Get-Content -AsByteStream -Raw (Join-Path $corpus 'rfc8460-example.json.gz') | Import-TlsRptReport).FailedSessions | Should -Be 303
        'reports/x.json' | Import-TlsRptReport -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'TlsRptReportNotFound,*'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match '-Path'
        '{"policies": [' | Import-TlsRptReport -ErrorVariable truncated -ErrorAction SilentlyContinue
        $truncated[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTlsRptReport,*'
        $truncated[0].TargetObject | Should -Be '{"policies": ['
        Import-TlsRptReport -InputObject @(42) -ErrorVariable wrong -ErrorAction SilentlyContinue
        $wrong[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInputObject,*'
    }

    It 'reports a path that names no file as PathNotFound' {
        Import-TlsRptReport (Join-Path $TestDrive 'nope.json') -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Import-TlsRptReport -LiteralPath $corpus -ErrorVariable folder -ErrorAction SilentlyContinue
        $folder[0].Exception.Message | Should -Match 'Get-ChildItem -File -Recurse'
    }

    It 'writes NoInput when there was nothing to read, so an empty folder does not pass for a clean run' {
        $empty = New-Item -ItemType Directory (Join-Path $TestDrive 'empty')
        Get-ChildItem $empty -File | Import-TlsRptReport -ErrorVariable none -ErrorAction SilentlyContinue
        $none[0].FullyQualifiedErrorId | Should -Be 'NoInput,MailTls.Commands.ImportTlsRptReportCommand'
        Import-TlsRptReport (Join-Path $empty '*.json.gz') -ErrorVariable unmatched -ErrorAction SilentlyContinue
        $unmatched[0].FullyQualifiedErrorId | Should -BeLike 'NoInput,*'
        Import-TlsRptReport (Join-Path $corpus 'google-style.json') -ErrorVariable clean
        $clean.Count | Should -Be 0
    }

    It '-ExpandFailures gives flat rows that survive Export-Csv and Import-Csv' {
        $rows = Import-TlsRptReport (Join-Path $corpus 'rfc8460-example.json'), (Join-Path $corpus 'no-ip-free-text.json') -ExpandFailures
        $rows.Count | Should -Be 5
        $rows[0].PSObject.TypeNames[0] | Should -Be 'MailTls.TlsRptFailureDetail'
        $csv = Join-Path $TestDrive 'failures.csv'
        $rows | Export-Csv $csv -NoTypeInformation
        $back = Import-Csv $csv
        $back[2].ResultType | Should -Be 'validation-failure'
        $back[2].FailureReasonCode | Should -Be 'X509_V_ERR_PROOF_OF_POSSESSION'
        $back[2].Organization | Should -Be 'Company-X'
        $back[3].SendingMtaIp | Should -BeNullOrEmpty
        $back[4].ResultType | Should -Be 'vendor-specific-timeout'
    }

    It 'exports policy results with readable list cells, and converts to JSON' {
        $csv = Join-Path $TestDrive 'policies.csv'
        Import-TlsRptReport (Join-Path $corpus 'rfc8460-example.json') | Export-Csv $csv -NoTypeInformation
        $row = Import-Csv $csv
        $row.FailureDetails | Should -Be 'certificate-expired: 100; starttls-not-supported: 200; validation-failure: 3'
        $row.MxHost | Should -Be '*.mail.company-y.example'
        $json = Import-TlsRptReport (Join-Path $corpus 'rfc8460-example.json') | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.ReportId | Should -Be '5065427c-23d3-47ca-b6e0-946ea0e8c4be'
        $json.FailureDetails[1].ReceivingIp | Should -Be '203.0.113.56'
    }

    It 'groups failures by sending organization and result type' {
        $groups = Get-ChildItem $corpus -Filter '*.json' | Import-TlsRptReport -ExpandFailures -ErrorAction SilentlyContinue |
            Group-Object Organization, ResultType
        ($groups | Where-Object Name -EQ 'Company-X, starttls-not-supported').Count | Should -Be 1
        ($groups | Where-Object Name -EQ 'Microsoft Corporation, validation-failure').Group[0].ReceivingMxHelo | Should -Be 'mx1.example.net'
    }

    It 'shows a table that fits 80 columns and a wider one at 120' {
        $results = Import-TlsRptReport (Join-Path $corpus 'rfc8460-example.json'), (Join-Path $corpus 'google-style.json')
        $narrow = $results | Out-String -Width 80
        $narrow | Should -Match 'Date\s+Organization\s+PolicyDomain\s+Type\s+Success\s+Failed'
        $narrow | Should -Match '2016-04-01 Company-X'
        ($narrow -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        $wide = $results | Out-String -Width 120
        $wide | Should -Match 'certificate-expired: 100; starttls-not-supp'
        (Import-TlsRptReport (Join-Path $corpus 'no-ip-free-text.json') -ExpandFailures | Out-String -Width 80) | Should -Match 'sts-policy-fetch-error\s+6'
    }

    It 'says what it read with -Verbose' {
        $verbose = Import-TlsRptReport (Join-Path $corpus 'report-gzip.eml') -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match 'e-mail with application/tlsrpt\+gzip attachment, 1 policy'
    }

    It 'has Get-Help examples that work on the corpus' {
        $examples = (Get-Help Import-TlsRptReport).examples.example
        $examples.Count | Should -BeGreaterOrEqual 3
        ($examples.code -join "`n") | Should -Match 'Group-Object'
        Push-Location $corpus
        try {
            $byOrg = Import-TlsRptReport *.json -ExpandFailures -ErrorAction SilentlyContinue | Group-Object Organization, ResultType | Sort-Object Count -Descending
            $byOrg[0].Name | Should -Not -BeNullOrEmpty
            $days = Import-TlsRptReport *.json -ExpandFailures -ErrorAction SilentlyContinue | Where-Object ReceivingMxHostname -EQ 'mx1.mail.company-y.example' |
                ForEach-Object { $_.StartDate.ToString('yyyy-MM-dd') } | Sort-Object -Unique
            $days | Should -Be '2016-04-01'
        }
        finally {
            Pop-Location
        }
    }
}
