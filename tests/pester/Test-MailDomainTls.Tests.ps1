BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
}

Describe 'Test-MailDomainTls against the lab' -Tag CI {
    BeforeAll {
        $script:cases = [ordered]@{
            'example.test'              = @('Pass', 'Dane')
            'tls12.example.test'        = @('Pass', 'Verify')
            'example2.test'             = @('Warn', 'Verify')
            'dane-partial.example.test' = @('Warn', 'Verify')
            'expired.example.test'      = @('Warn', 'Encrypt')
            'wrongname.example.test'    = @('Warn', 'Encrypt')
            'selfsigned.example.test'   = @('Warn', 'Encrypt')
            'nointermediate.example.test' = @('Warn', 'Encrypt')
            'weakkey.example.test'      = @('Warn', 'Encrypt')
            'sha1.example.test'         = @('Warn', 'Encrypt')
            'nostarttls.example.test'   = @('Fail', 'None')
            'legacy.example.test'       = @('Fail', 'None')
            'nullmx.example.test'       = @('Pass', 'None')
            'noaddr.example.test'       = @('Error', 'None')
            'no-such.example.test'      = @('Error', 'None')
            'bogus.test'                = @('Error', 'None')
        }
        $script:rows = $cases.Keys | Test-MailDomainTls @labArgs
    }

    It 'gives one row per input domain, in input order, every fault included' {
        $rows.Count | Should -Be $cases.Count
        $rows.Domain | Should -Be @($cases.Keys)
        $rows[0].PSObject.TypeNames[0] | Should -Be 'MailTls.DomainTlsReport'
    }

    It 'judges <Domain> <Verdict> with ForcedTls <Level>' -TestCases @(
        @{ Domain = 'example.test'; Verdict = 'Pass'; Level = 'Dane' }
        @{ Domain = 'tls12.example.test'; Verdict = 'Pass'; Level = 'Verify' }
        @{ Domain = 'example2.test'; Verdict = 'Warn'; Level = 'Verify' }
        @{ Domain = 'dane-partial.example.test'; Verdict = 'Warn'; Level = 'Verify' }
        @{ Domain = 'expired.example.test'; Verdict = 'Warn'; Level = 'Encrypt' }
        @{ Domain = 'wrongname.example.test'; Verdict = 'Warn'; Level = 'Encrypt' }
        @{ Domain = 'selfsigned.example.test'; Verdict = 'Warn'; Level = 'Encrypt' }
        @{ Domain = 'nointermediate.example.test'; Verdict = 'Warn'; Level = 'Encrypt' }
        @{ Domain = 'weakkey.example.test'; Verdict = 'Warn'; Level = 'Encrypt' }
        @{ Domain = 'sha1.example.test'; Verdict = 'Warn'; Level = 'Encrypt' }
        @{ Domain = 'nostarttls.example.test'; Verdict = 'Fail'; Level = 'None' }
        @{ Domain = 'legacy.example.test'; Verdict = 'Fail'; Level = 'None' }
        @{ Domain = 'nullmx.example.test'; Verdict = 'Pass'; Level = 'None' }
        @{ Domain = 'noaddr.example.test'; Verdict = 'Error'; Level = 'None' }
        @{ Domain = 'no-such.example.test'; Verdict = 'Error'; Level = 'None' }
        @{ Domain = 'bogus.test'; Verdict = 'Error'; Level = 'None' }
    ) {
        $row = $rows | Where-Object Domain -eq $Domain
        $row.Verdict | Should -Be $Verdict
        $row.ForcedTls | Should -Be $Level
        $row.Summary | Should -Not -BeNullOrEmpty
    }

    It 'fills the columns a report needs' {
        $good = $rows | Where-Object Domain -eq 'example.test'
        $good.MxCount | Should -Be 2
        $good.MxHosts | Should -Be 'mx1.example.test; mx2.example.test'
        $good.MxAddressesProbed | Should -Be 3
        $good.MxWithStartTls | Should -Be 3
        $good.LowestProtocol | Should -Be 'Tls13'
        $good.CertificatesValid | Should -BeTrue
        $good.DnssecSigned | Should -BeTrue
        $good.Dane | Should -Be 'Valid'
        $good.MtaStsMode | Should -Be 'Enforce'
        $good.MtaStsValid | Should -BeTrue
        $good.TlsRpt | Should -Be 'Valid'
        $good.EarliestCertificateExpiry | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        $good.CheckedAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        ($rows | Where-Object Domain -eq 'nostarttls.example.test').MxWithoutStartTls | Should -Be 1
        ($rows | Where-Object Domain -eq 'example2.test').DnssecSigned | Should -BeFalse
        ($rows | Where-Object Domain -eq 'expired.example.test').CertificateProblems | Should -Match 'CERT_EXPIRED'
        ($rows | Where-Object Domain -eq 'dane-partial.example.test').Dane | Should -Be 'Partial'
    }

    It 'has only scalar properties, so Export-Csv and Import-Csv give the row back' {
        foreach ($property in $rows[0].PSObject.Properties) {
            $value = $property.Value
            if ($null -ne $value) {
                $value.GetType().IsPrimitive -or $value -is [string] -or $value -is [enum] -or $value -is [double] |
                    Should -BeTrue -Because "$($property.Name) is a $($value.GetType().Name)"
            }
        }

        $csv = Join-Path $TestDrive 'rows.csv'
        $rows | Export-Csv $csv -NoTypeInformation
        $back = Import-Csv $csv
        $back.Count | Should -Be $rows.Count
        $back[0].ForcedTls | Should -Be 'Dane'
        $back[0].Verdict | Should -Be 'Pass'
        @(Get-Content $csv).Count | Should -Be ($rows.Count + 1)
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.|MailTls\.'
    }

    It 'writes enums by name in JSON' {
        $json = $rows[0] | ConvertTo-Json | ConvertFrom-Json
        $json.ForcedTls | Should -Be 'Dane'
        $json.Dane | Should -Be 'Valid'
        $json.MtaStsMode | Should -Be 'Enforce'
    }

    It 'shows a table that fits 80 and 120 columns, and a list with the summary and advice' {
        foreach ($width in 80, 120) {
            $text = $rows | Out-String -Width $width
            $text | Should -Match 'Domain\s+Verdict\s+ForcedTls\s+MtaSts\s+Findings'
            $text | Should -Match 'nostarttls\.example\.test\s+Fail\s+None\s+-\s+STARTTLS_NOT_OFFERED'
            $text | Should -Match 'example\.test\s+Pass\s+Dane\s+enforce'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty
        }

        $list = $rows | Where-Object Domain -eq 'expired.example.test' | Format-List | Out-String -Width 120
        $list | Should -Match 'Summary\s+: Every MX host encrypts, but the certificate of expired\.example\.test'
        $list | Should -Match 'Warning: CERT_EXPIRED - The certificate'
    }
}

Describe 'Test-MailDomainTls with real input' -Tag CI {
    It 'reads -Path, skipping comments and blank lines, and checks a repeated domain once' {
        $file = Join-Path $TestDrive 'domains.txt'
        "# partners`n`nexample.test`n  tls12.example.test  `nEXAMPLE.TEST.`n# end" | Set-Content $file
        $rows = Test-MailDomainTls -Path $file @labArgs
        $rows.Domain | Should -Be @('example.test', 'tls12.example.test')
    }

    It 'stops with DomainFileNotRead for a missing file' {
        { Test-MailDomainTls -Path (Join-Path $TestDrive 'missing.txt') @labArgs -ErrorAction Stop } |
            Should -Throw -ErrorId 'DomainFileNotRead,MailTls.Commands.TestMailDomainTlsCommand'
    }

    It 'writes NoInput for an empty file' {
        $file = Join-Path $TestDrive 'empty.txt'
        '# nothing yet' | Set-Content $file
        Test-MailDomainTls -Path $file @labArgs -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'NoInput,MailTls.Commands.TestMailDomainTlsCommand'
    }

    It 'writes InvalidDomainName, and no row, for input that is not a domain, and goes on' {
        $rows = 'example.test', 'not a domain', 'tls12.example.test' | Test-MailDomainTls @labArgs -ErrorVariable err -ErrorAction SilentlyContinue
        $rows.Domain | Should -Be @('example.test', 'tls12.example.test')
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailTls.Commands.TestMailDomainTlsCommand'
    }

    It 'adds the probes and the MTA-STS assessment with -Detailed' {
        $row = Test-MailDomainTls example.test @labArgs -Detailed
        $row.Probes.Count | Should -Be 3
        $row.Probes[0].PSObject.TypeNames[0] | Should -Be 'MailTls.SmtpTlsResult'
        $row.MtaSts.PSObject.TypeNames[0] | Should -Be 'MailTls.MtaStsAssessment'
        (Test-MailDomainTls example.test @labArgs).PSObject.Properties['Probes'] | Should -BeNullOrEmpty
    }

    It 'gives the same rows with -Unordered' {
        $domains = 'nostarttls.example.test', 'example.test', 'no-such.example.test', 'tls12.example.test'
        $rows = $domains | Test-MailDomainTls @labArgs -Unordered
        ($rows.Domain | Sort-Object) | Should -Be ($domains | Sort-Object)
    }

    It 'gives a domain whose checks outrun -DomainTimeout its row, with DOMAIN_TIMEOUT' {
        $silent = New-SilentUdpEndpoint
        try {
            $elapsed = Measure-Command {
                $script:row = Test-MailDomainTls example.test -DnsServer "$($silent.Client.LocalEndPoint)" -Timeout 30 -DomainTimeout 1
            }
        }
        finally {
            $silent.Dispose()
        }

        $row.Verdict | Should -Be 'Error'
        $row.Findings | Should -Be 'DOMAIN_TIMEOUT'
        $row.Summary | Should -Match 'did not finish within'
        $elapsed.TotalSeconds | Should -BeLessThan 3
    }

    It 'stops within a second on Ctrl+C' {
        $silent = New-SilentUdpEndpoint
        try {
            $stop = Measure-PipelineStop "Test-MailDomainTls example.test, tls12.example.test -DnsServer '$($silent.Client.LocalEndPoint)' -Timeout 60"
        }
        finally {
            $silent.Dispose()
        }

        $stop.WasRunning | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.StopSeconds | Should -BeLessThan 1
    }
}

Describe 'Test-MailDomainTls over the scale lab' -Tag CI {
    BeforeAll {
        $script:kinds = Import-Csv $lab.scale.kinds -Delimiter "`t"
    }

    It 'gives every one of the scale lab''s domains its row, with the verdict and ForcedTls its kind calls for' {
        $rows = Test-MailDomainTls -Path $lab.scale.domains @labArgs -ThrottleLimit 100
        $rows.Count | Should -Be $lab.scale.count
        $wrong = for ($i = 0; $i -lt $rows.Count; $i++) {
            if ($rows[$i].Domain -ne "$($kinds[$i].domain).scale.test" -or "$($rows[$i].Verdict)" -ne $kinds[$i].verdict -or "$($rows[$i].ForcedTls)" -ne $kinds[$i].forcedTls) {
                "$($rows[$i].Domain) ($($kinds[$i].kind)): $($rows[$i].Verdict)/$($rows[$i].ForcedTls), expected $($kinds[$i].verdict)/$($kinds[$i].forcedTls) [$($rows[$i].Findings)]"
            }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'probes an MX host shared by 50 domains once: one connection at its listener' {
        $bigmail = @($kinds | Where-Object kind -eq 'bigmail' | Select-Object -First 50 | ForEach-Object { "$($_.domain).scale.test" })
        $bigmail.Count | Should -Be 50
        $before = (Get-PostfixLog).Count
        $rows = $bigmail | Test-MailDomainTls @labArgs -ThrottleLimit 50
        $rows.Count | Should -Be 50
        Start-Sleep -Milliseconds 500
        foreach ($tag in 'postfix/scale-a/smtpd', 'postfix/scale-b/smtpd') {
            @((Get-PostfixLog -Skip $before -Tag $tag).Lines -match ' connect from ').Count | Should -Be 1 -Because "$tag serves the MX host all 50 domains share"
        }
    }
}

Describe 'Test-MailDomainTls -IncludeProtocolScan' -Tag CI {
    BeforeAll {
        $script:scanned = 'legacy.example.test', 'example.test', 'tls12.example.test', 'legacyall.example.test', 'nostarttls.example.test' |
            Test-MailDomainTls @labArgs -IncludeProtocolScan
    }

    It 'names the TLS 1.0-only MX host and its version in Summary, and holds ForcedTls at None' {
        $row = $scanned | Where-Object Domain -eq 'legacy.example.test'
        $row.ForcedTls | Should -Be 'None'
        $row.Findings | Should -Be 'TLS_LEGACY_ONLY'
        "$($row.LowestProtocol)" | Should -Be 'Tls10'
        $row.Summary | Should -BeLike '*legacy.example.test `[127.0.0.19`] accepts only TLS 1.0, below the TLS 1.2*'
    }

    It 'lowers LowestProtocol to the oldest version accepted and warns, but keeps the level for <Domain>' -TestCases @(
        @{ Domain = 'example.test'; Level = 'Dane'; Lowest = 'Tls10' }
        @{ Domain = 'legacyall.example.test'; Level = 'Verify'; Lowest = 'Tls10' }
    ) {
        $row = $scanned | Where-Object Domain -eq $Domain
        $row.ForcedTls | Should -Be $Level
        $row.Verdict | Should -Be 'Warn'
        $row.Findings | Should -Match 'TLS_LEGACY_ACCEPTED'
        "$($row.LowestProtocol)" | Should -Be $Lowest
    }

    It 'leaves a clean TLS 1.2-only domain as it was, and a domain without STARTTLS unscanned' {
        $clean = $scanned | Where-Object Domain -eq 'tls12.example.test'
        $clean.Verdict | Should -Be 'Pass'
        "$($clean.LowestProtocol)" | Should -Be 'Tls12'
        $clear = $scanned | Where-Object Domain -eq 'nostarttls.example.test'
        $clear.Findings | Should -Be 'STARTTLS_NOT_OFFERED'
        $clear.LowestProtocol | Should -BeNullOrEmpty
    }

    It 'reports the negotiated version as LowestProtocol without the switch' {
        "$((Test-MailDomainTls example.test @labArgs).LowestProtocol)" | Should -Be 'Tls13'
    }
}
