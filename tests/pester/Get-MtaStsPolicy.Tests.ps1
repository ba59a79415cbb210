BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
}

Describe 'Get-MtaStsPolicy against the lab''s policy hosts' -Tag CI {
    It 'fetches and parses a good enforce policy over HTTPS' {
        $policy = Get-MtaStsPolicy example.test @labArgs
        $policy.PSObject.TypeNames[0] | Should -Be 'MailTls.MtaStsPolicy'
        $policy.IsValid | Should -BeTrue
        $policy.Url | Should -Be 'https://mta-sts.example.test/.well-known/mta-sts.txt'
        $policy.Mode | Should -Be 'enforce'
        @($policy.Mx) | Should -Be @('mx1.example.test', 'mx2.example.test')
        $policy.MaxAge | Should -Be 86400
        $policy.Version | Should -Be 'STSv1'
        $policy.HttpStatus | Should -Be 200
        $policy.ContentType | Should -Be 'text/plain'
        $policy.CertificateValid | Should -BeTrue
        $policy.CertificateSubject | Should -BeLike 'CN=mta-sts.example.test*'
        $policy.Raw | Should -Match "^version: STSv1`r`nmode: enforce`r`n"
    }

    It 'reads testing, none, wildcard and LF-only policies' {
        $testing, $none, $wildcard, $lf = 'sts-testing', 'sts-none', 'sts-wildcard', 'sts-lfonly' |
            ForEach-Object { "$_.example.test" } | Get-MtaStsPolicy @labArgs
        $testing.Mode | Should -Be 'testing'
        $testing.MaxAge | Should -Be 604800
        $none.Mode | Should -Be 'none'
        $none.Mx.Count | Should -Be 0
        @($wildcard.Mx) | Should -Be @('*.example.test')
        $lf.IsValid | Should -BeTrue
        $lf.Raw | Should -Not -Match "`r"
    }

    It 'refuses a policy that is <Why>, as senders do, and says so' -TestCases @(
        @{ Case = 'sts-redirect'; Why = 'a redirect'; Says = '*redirects (301) to https://mta-sts.example.test/.well-known/mta-sts.txt*must not follow*' }
        @{ Case = 'sts-notfound'; Why = 'a 404'; Says = '*accept only 200 OK*answered 404*' }
        @{ Case = 'sts-contenttype'; Why = 'served as text/html'; Says = '*text/plain*sent text/html*' }
        @{ Case = 'sts-oversize'; Why = 'over 64 KiB'; Says = '*larger than 64 KiB*' }
        @{ Case = 'sts-expiredcert'; Why = 'behind an expired certificate'; Says = '*certificate valid for mta-sts.sts-expiredcert.example.test*expired on*' }
        @{ Case = 'sts-wrongcert'; Why = 'behind a wrong-name certificate'; Says = '*certificate is for wrong.example.org*' }
    ) {
        $policy = Get-MtaStsPolicy "$Case.example.test" @labArgs
        $policy.IsValid | Should -BeFalse
        ($policy.Errors -join ' ') | Should -BeLike $Says
    }

    It 'keeps where a redirect pointed and never follows it' {
        $policy = Get-MtaStsPolicy sts-redirect.example.test @labArgs
        $policy.HttpStatus | Should -Be 301
        $policy.RedirectLocation | Should -Be 'https://mta-sts.example.test/.well-known/mta-sts.txt'
        $policy.Mode | Should -BeNullOrEmpty
    }

    It 'does not trust the lab CA unless told to' {
        $policy = Get-MtaStsPolicy example.test -DnsServer $lab.resolver
        $policy.IsValid | Should -BeFalse
        $policy.CertificateValid | Should -BeFalse
        ($policy.Errors -join ' ') | Should -BeLike '*not valid for it*'
    }

    It 'names itself in the User-Agent and sends the request to the host the lab resolver named' {
        $before = @(Get-Content $lab.nginxAccessLog).Count
        $null = Get-MtaStsPolicy sts-testing.example.test @labArgs
        $line = @(Get-Content $lab.nginxAccessLog | Select-Object -Skip $before) | Select-Object -Last 1
        $line | Should -Match '"GET /\.well-known/mta-sts\.txt HTTP/1\.1" 200 .*"MailTls/\d+\.\d+\.\d+'
    }

    It 'shows a table, and exports one readable CSV row per domain' {
        $policies = 'example.test', 'sts-redirect.example.test' | Get-MtaStsPolicy @labArgs
        foreach ($width in 80, 120) {
            $text = $policies | Out-String -Width $width
            $text | Should -Match 'Domain\s+Valid\s+Mode\s+MaxAge\s+Mx or Errors'
            $text | Should -Match 'example\.test\s+True\s+enforce\s+86400 s\s+mx1\.example\.test, mx2'
            $text | Should -Match 'sts-redirect\.example\.test\s+False\s+RFC 8461'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty
        }
        $csv = Join-Path $TestDrive 'policy.csv'
        $policies | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows[0].Mx | Should -Be 'mx1.example.test; mx2.example.test'
        $rows[1].IsValid | Should -Be 'False'
        $rows[1].Errors | Should -BeLike '*redirects*'
    }

    It 'shows the request and the response with -Verbose' {
        $verbose = Get-MtaStsPolicy example.test @labArgs -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -match 'GET https://mta-sts\.example\.test/\.well-known/mta-sts\.txt').Count | Should -Be 1
        ($verbose -match 'DNS A mta-sts\.example\.test @ 127\.0\.0\.2').Count | Should -Be 1
        ($verbose -match 'HTTP 200 OK, Content-Type: text/plain').Count | Should -Be 1
        ($verbose -match 'Policy valid: mode enforce').Count | Should -Be 1
    }
}
