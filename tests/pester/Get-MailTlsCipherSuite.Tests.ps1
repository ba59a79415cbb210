BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:dns = @{ DnsServer = $lab.resolver }
    $script:legacy = $lab.smtp.legacy
    $script:legacyAll = $lab.smtp.legacyall

    # One enumeration of each listener serves several tests (each costs dozens of connections).
    $script:legacySummary = Get-MailTlsCipherSuite -ComputerName $legacy.host @dns -Summary
    $script:legacyAllRows = @(Get-MailTlsCipherSuite -ComputerName $legacyAll.host @dns)
}

Describe 'Get-MailTlsCipherSuite against the lab''s cipher-suite listeners' -Tag CI {
    It 'shows a TLS 1.0-only server as TLS 1.0, failed with TLS_LEGACY_ONLY, in a table a newcomer reads at 80 columns' {
        $legacySummary.PSObject.TypeNames[0] | Should -Be 'MailTls.TlsProtocolSupport'
        "$($legacySummary.Tls10)" | Should -Be 'Accepted'
        "$($legacySummary.Tls12)" | Should -Be 'NotAccepted'
        $legacySummary.LowestProtocol | Should -Be 'TLS 1.0'
        "$($legacySummary.Verdict)" | Should -Be 'Fail'
        $legacySummary.Findings.Code | Should -Contain 'TLS_LEGACY_ONLY'

        $narrow = $legacySummary | Out-String -Width 80
        $narrow | Should -Match 'Versions accepted'
        $narrow | Should -Match "$([regex]::Escape($legacy.host))\s+$([regex]::Escape($legacy.address))\s+Fail\s+TLS 1\.0"
        ($narrow -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        $legacySummary | Out-String -Width 120 | Should -Match 'Fail\s+TLS 1\.0\s+TLS_LEGACY_ONLY'
    }

    It 'lists the findings with their fixes in the list view' {
        $text = $legacySummary | Format-List | Out-String -Width 120
        $text | Should -Match 'TLS_LEGACY_ONLY - The server accepts only TLS 1\.0'
        $text | Should -Match 'Versions\s+: SSL 3\.0 NotAccepted, TLS 1\.0 Accepted'
        $text | Should -Match 'CipherOrder\s+: the client''s'
    }

    It 'returns one classified row per accepted (version, suite), newest version first' {
        $legacyAllRows[0].PSObject.TypeNames[0] | Should -Be 'MailTls.TlsCipherSuite'
        $legacyAllRows[0].Protocol | Should -Be 'TLS 1.3'
        ($legacyAllRows | Select-Object -ExpandProperty Protocol -Unique) | Should -Be @('TLS 1.3', 'TLS 1.2', 'TLS 1.1', 'TLS 1.0')
        $tls10 = @($legacyAllRows | Where-Object Protocol -eq 'TLS 1.0')
        $tls10.Count | Should -BeGreaterThan 5
        $tls10.CipherSuite | Should -Contain 'TLS_RSA_WITH_AES_128_CBC_SHA'
        ($tls10 | Where-Object CipherSuite -eq 'TLS_RSA_WITH_AES_128_CBC_SHA').Code | Should -Be '0x002F'
        "$(($legacyAllRows | Where-Object CipherSuite -eq 'TLS_AES_256_GCM_SHA384').Class)" | Should -Be 'Good'
        @($legacyAllRows | Where-Object { "$($_.Class)" -eq 'Insufficient' }).Count | Should -BeGreaterThan 10
        ($legacyAllRows | Where-Object KeyExchange -eq 'DHE' | Select-Object -First 1).Group | Should -Match '^DH \d+$'
    }

    It 'groups the rows by server, version and cipher order, at 80 and 120 columns' {
        $narrow = $legacyAllRows | Out-String -Width 80
        $narrow | Should -Match "Server: $([regex]::Escape($legacyAll.host)) \[$([regex]::Escape($legacyAll.address))\]:25 TLS 1\.0, client order"
        $narrow | Should -Match 'TLS_RSA_WITH_AES_128_CBC_SHA\s+Insufficient\s+128'
        ($narrow -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        $legacyAllRows | Out-String -Width 120 | Should -Match 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\s+Sufficient\s+256 x25519'
    }

    It 'ranks the suites of a server that enforces its own order' {
        $rows = @(Get-MailTlsCipherSuite -ComputerName $lab.smtp.serverorder.host @dns | Where-Object Protocol -eq 'TLS 1.2')
        $rows.ServerOrder | Sort-Object -Unique | Should -BeTrue
        # ForEach-Object: an array's own Rank property (its number of dimensions) hides member enumeration of .Rank.
        (($rows | ForEach-Object Rank) -join ',') | Should -Be ((1..$rows.Count) -join ',')
        $rows | Out-String -Width 80 | Should -Match 'TLS 1\.2, server order'
    }

    It 'survives Export-Csv and Import-Csv as readable text' {
        $csv = Join-Path $TestDrive 'suites.csv'
        $legacyAllRows | Export-Csv $csv -NoTypeInformation
        $back = Import-Csv $csv
        $back.Count | Should -Be $legacyAllRows.Count
        $back[0].Protocol | Should -Be 'TLS 1.3'
        ($back | Where-Object CipherSuite -eq 'TLS_RSA_WITH_AES_128_CBC_SHA' | Select-Object -First 1).Class | Should -Be 'Insufficient'

        $summaryCsv = Join-Path $TestDrive 'summary.csv'
        $legacySummary | Export-Csv $summaryCsv -NoTypeInformation
        $row = Import-Csv $summaryCsv
        $row.Tls10 | Should -Be 'Accepted'
        $row.Protocols | Should -Be 'TLS 1.0'
        $row.Findings | Should -Be 'TLS_LEGACY_ONLY'
        $row.Certificate | Should -Match 'CN=legacy\.example\.test.*expires \d{4}-\d\d-\d\d'
    }

    It 'converts to JSON with the suite names and findings' {
        $json = $legacySummary | Select-Object Host, Protocols, LowestProtocol, Findings | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.LowestProtocol | Should -Be 'TLS 1.0'
        $json.Findings.Code | Should -Contain 'TLS_LEGACY_ONLY'
        ($legacyAllRows | Select-Object -First 2 | ConvertTo-Json | ConvertFrom-Json).CipherSuite | Should -Be ($legacyAllRows | Select-Object -First 2).CipherSuite
    }

    It 'reports a weak DH prime and a DHE-only server''s suites' {
        $summary = Get-MailTlsCipherSuite dhe1024.example.test @dns -Summary
        $summary.DhPrimeBits | Should -Be 1024
        $summary.Findings.Code | Should -Contain 'TLS_DH_WEAK'
        $summary.Protocols | Should -Be 'TLS 1.2'
    }

    It 'enumerates implicit TLS on 465' {
        $summary = Get-MailTlsCipherSuite -ComputerName $legacyAll.address -Port 465 -Summary
        $summary.Mode | Should -Be 'Implicit'
        $summary.Host | Should -Be $legacyAll.address
        $summary.Protocols | Should -Be @('TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')
    }

    It 'takes domains, exchangers, hosts and objects from the pipeline, in input order' {
        $byDomain = Get-MailTlsCipherSuite legacy.example.test, tls12.example.test @dns -Summary
        $byDomain.Host | Should -Be @('legacy.example.test', 'tls12.example.test')
        $byDomain.Domain | Should -Be @('legacy.example.test', 'tls12.example.test')

        $byProperty = [pscustomobject]@{ DomainName = 'tls12.example.test' } | Get-MailTlsCipherSuite @dns -Summary
        $byProperty.Protocols | Should -Be 'TLS 1.2'

        $byExchanger = Resolve-MailExchanger legacy.example.test @dns | Get-MailTlsCipherSuite -Summary
        $byExchanger.LowestProtocol | Should -Be 'TLS 1.0'

        $byValue = 'legacy.example.test', 'tls12.example.test' | Get-MailTlsCipherSuite @dns -Summary
        $byValue.HighestProtocol | Should -Be @('TLS 1.0', 'TLS 1.2')

        $byHost = [pscustomobject]@{ ComputerName = $legacy.address } | Get-MailTlsCipherSuite -Summary
        $byHost.Host | Should -Be $legacy.address
        $byHost.Domain | Should -BeNullOrEmpty

        $accepted = [pscustomobject]@{ Name = 'Contoso (legacy)'; DomainName = 'legacy.example.test' } | Get-MailTlsCipherSuite @dns -Summary
        $accepted.Domain | Should -Be 'legacy.example.test'
    }

    It 'writes TlsNotAvailable for a server without STARTTLS and goes on with the next' {
        $result = Get-MailTlsCipherSuite -ComputerName $lab.smtp.nostarttls.host, $legacy.host @dns -Summary -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'TlsNotAvailable,MailTls.Commands.GetMailTlsCipherSuiteCommand'
        "$($err[0].CategoryInfo.Category)" | Should -Be 'ConnectionError'
        $err[0].TargetObject | Should -Be $lab.smtp.nostarttls.host
        $err[0].Exception.Message | Should -Match 'STARTTLS'
        $result.Host | Should -Be $legacy.host
    }

    It 'writes <Id> for <Target>' -TestCases @(
        @{ Target = 'not a host!'; Id = 'InvalidComputerName'; Category = 'InvalidArgument' }
        @{ Target = 'no-such.example.test'; Id = 'DnsNameNotFound'; Category = 'ObjectNotFound' }
    ) {
        Get-MailTlsCipherSuite -ComputerName $Target @dns -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,MailTls.Commands.GetMailTlsCipherSuiteCommand"
        "$($err[0].CategoryInfo.Category)" | Should -Be $Category
        $err[0].TargetObject | Should -Be $Target
    }

    It 'shows the SMTP dialogue and every probe with -Verbose' {
        $verbose = Get-MailTlsCipherSuite -ComputerName $legacy.host @dns -Summary -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -match 'C: STARTTLS').Count | Should -Be 1
        $verbose.Message | Should -Contain ($verbose.Message -match 'TLS 1\.0 version probe: TLS 1\.0 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA')[0]
        ($verbose.Message -match 'TLS 1\.2 version probe: ').Count | Should -Be 1
    }

    It 'stops promptly on Ctrl+C, even while it waits out a server''s 421 replies' {
        # ratelimit answers 421 after 12 connections a minute: the enumeration is still pausing when stopped.
        $stop = Measure-PipelineStop "Get-MailTlsCipherSuite $($lab.smtp.ratelimit.host) -DnsServer $($lab.resolver)" -RunMilliseconds 1500
        $stop.WasRunning | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.StopSeconds | Should -BeLessThan 2
    }

    It 'has help with examples' {
        $help = Get-Help Get-MailTlsCipherSuite -Full
        $help.Synopsis | Should -Match 'TLS versions'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 4
        $help.Examples.Example[0].Code | Should -Match 'Get-MailTlsCipherSuite'
    }
}
