BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:dns = $lab.resolver
}

Describe 'Resolve-MailExchanger against the lab resolver' -Tag CI {
    It 'returns the MX hosts of a signed domain, by preference, with A and AAAA and the AD bit' {
        $mx = Resolve-MailExchanger example.test -DnsServer $dns
        $mx.Count | Should -Be 2
        $mx[0].PSObject.TypeNames[0] | Should -Be 'MailTls.MailExchanger'
        $mx.Exchange | Should -Be @('mx1.example.test', 'mx2.example.test')
        $mx.Preference | Should -Be @(10, 20)
        @($mx[0].Addresses) | Should -Be @('127.0.0.11', '::1')
        @($mx[1].Addresses) | Should -Be @('127.0.0.12')
        $mx.DnssecAuthenticated | Should -Be @($true, $true)
        $mx.IsImplicit | Should -Be @($false, $false)
        $mx.IsNullMx | Should -Be @($false, $false)
        $mx.Domain | Should -Be @('example.test', 'example.test')
    }

    It 'orders exchangers by preference whatever order DNS gives them in' {
        (Resolve-MailExchanger ordered.example.test -DnsServer $dns).Preference | Should -Be @(10, 20, 30)
    }

    It 'falls back to the domain''s own address when it has no MX (implicit MX)' {
        $mx = Resolve-MailExchanger nomx.example.test -DnsServer $dns
        $mx.IsImplicit | Should -BeTrue
        $mx.Exchange | Should -Be 'nomx.example.test'
        @($mx.Addresses) | Should -Be @('127.0.0.11')
    }

    It 'reports a null MX as a domain that accepts no mail' {
        $mx = Resolve-MailExchanger nullmx.example.test -DnsServer $dns
        $mx.IsNullMx | Should -BeTrue
        $mx.Exchange | Should -Be '.'
        $mx.Addresses.Count | Should -Be 0
    }

    It 'sets DnssecAuthenticated only for the signed zone' {
        (Resolve-MailExchanger example2.test -DnsServer $dns).DnssecAuthenticated | Should -BeFalse
        (Resolve-MailExchanger example.test -DnsServer $dns)[0].DnssecAuthenticated | Should -BeTrue
    }

    It 'warns about an exchanger that has no address, and still returns it' {
        $mx = Resolve-MailExchanger noaddr.example.test -DnsServer $dns -WarningVariable warnings -WarningAction SilentlyContinue
        $mx.Exchange | Should -Be 'missing.example.test'
        $mx.Addresses.Count | Should -Be 0
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike '*missing.example.test*no A or AAAA*'
    }

    It 'accepts a trailing dot and upper case' {
        (Resolve-MailExchanger 'EXAMPLE.test.' -DnsServer $dns)[0].Domain | Should -Be 'example.test'
    }

    It 'converts an internationalized domain to A-labels before asking DNS' {
        $mx = Resolve-MailExchanger 'bücher.example.test' -DnsServer $dns
        $mx.Domain | Should -Be 'xn--bcher-kva.example.test'
        $mx.Exchange | Should -Be 'mx1.example.test'
    }
}

Describe 'Resolve-MailExchanger errors' -Tag CI {
    It 'writes DnsNameNotFound for NXDOMAIN with the domain as target' {
        $out = Resolve-MailExchanger no-such.example.test -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DnsNameNotFound,MailTls.Commands.ResolveMailExchangerCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'no-such.example.test'
        $err[0].Exception.Message | Should -BeLike '*NXDOMAIN*'
    }

    It 'writes DnsServerFailure when the zone''s signatures do not validate (SERVFAIL)' {
        Resolve-MailExchanger bogus.test -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DnsServerFailure,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err[0].TargetObject | Should -Be 'bogus.test'
        $err[0].Exception.Message | Should -BeLike '*SERVFAIL*DNSSEC*'
    }

    It 'writes MailExchangerNotFound for a name with neither MX nor address' {
        Resolve-MailExchanger nomail.example.test -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MailExchangerNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'writes DnsTimeout for a resolver that never answers, within the timeout' {
        $silent = New-SilentUdpEndpoint
        try {
            $server = "127.0.0.250:$($silent.Client.LocalEndPoint.Port)"
            $elapsed = Measure-Command {
                Resolve-MailExchanger example.test -DnsServer $server -Timeout 1 -ErrorVariable script:err -ErrorAction SilentlyContinue
            }
        }
        finally {
            $silent.Dispose()
        }

        $err[0].FullyQualifiedErrorId | Should -BeLike 'DnsTimeout,*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].TargetObject | Should -Be 'example.test'
        $elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'writes DnsServerUnreachable when nothing listens at the resolver address' {
        $server = "127.0.0.251:$(Get-ClosedUdpPort)"
        Resolve-MailExchanger example.test -DnsServer $server -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DnsServerUnreachable,*'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].Exception.Message | Should -BeLike '*ConnectionRefused*'
    }

    It 'falls over to the next resolver when the first is silent' {
        $silent = New-SilentUdpEndpoint
        try {
            $first = "127.0.0.250:$($silent.Client.LocalEndPoint.Port)"
            $mx = Resolve-MailExchanger example.test -DnsServer $first, $dns -Timeout 1
        }
        finally {
            $silent.Dispose()
        }

        $mx.Count | Should -Be 2
    }

    It 'stops promptly when the pipeline is stopped (Ctrl+C) in the middle of a slow lookup' {
        $silent = New-SilentUdpEndpoint
        try {
            $server = "127.0.0.250:$($silent.Client.LocalEndPoint.Port)"
            $stop = Measure-PipelineStop "1..50 | ForEach-Object { 'example.test' } | Resolve-MailExchanger -DnsServer $server -Timeout 60"
        }
        finally {
            $silent.Dispose()
        }

        $stop.WasRunning | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.StopSeconds | Should -BeLessThan 2
    }

    It 'stops with InvalidDnsServer before any lookup when -DnsServer is not an address' {
        { Resolve-MailExchanger example.test -DnsServer 'dns.example' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDnsServer,MailTls.Commands.ResolveMailExchangerCommand'
    }

    It 'writes InvalidDomainName for each bad name and goes on with the rest, in input order' -TestCases @(
        @{ Bad = 'bad..name' }, @{ Bad = 'user@example.test' }, @{ Bad = '' }, @{ Bad = '-dash.example.test' }
    ) {
        $out = 'example2.test', $Bad, 'nomx.example.test' |
            Resolve-MailExchanger -DnsServer $dns -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Domain | Should -Be @('example2.test', 'nomx.example.test')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailTls.Commands.ResolveMailExchangerCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $Bad
    }
}

Describe 'Resolve-MailExchanger in pipelines' -Tag CI {
    It 'binds DomainName, Domain and Name properties of piped objects (Get-AcceptedDomain style)' {
        $inputs = [pscustomobject]@{ DomainName = 'example.test' },
            [pscustomobject]@{ Domain = 'example2.test' },
            [pscustomobject]@{ Name = 'nomx.example.test' }
        ($inputs | Resolve-MailExchanger -DnsServer $dns).Domain |
            Should -Be @('example.test', 'example.test', 'example2.test', 'nomx.example.test')
    }

    It 'keeps input order with many domains in flight' {
        $domains = @($lab.smtp.PSObject.Properties.Value.domain) + @($lab.mtaSts.PSObject.Properties.Value.domain) + @($lab.dane.PSObject.Properties.Value.domain) |
            Where-Object { $_ -ne 'bogus.test' } | Select-Object -Unique
        $domains.Count | Should -BeGreaterThan 30
        $out = $domains | Resolve-MailExchanger -DnsServer $dns -ThrottleLimit 8
        $out.Domain | Select-Object -Unique | Should -Be $domains
    }

    It 'resolves and reports a domain given twice (case, trailing dot) once' {
        $out = 'example.test', 'EXAMPLE.TEST', 'example.test.', 'example2.test' | Resolve-MailExchanger -DnsServer $dns -Verbose 4>&1
        $rows = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $rows.Domain | Should -Be @('example.test', 'example.test', 'example2.test')
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -match 'EXAMPLE\.TEST was already given in this run' | Should -Not -BeNullOrEmpty
    }

    It 'filters with Where-Object on typed properties' {
        $unsigned = 'example.test', 'example2.test' | Resolve-MailExchanger -DnsServer $dns | Where-Object { -not $_.DnssecAuthenticated }
        $unsigned.Domain | Should -Be 'example2.test'
    }

    It 'exports readable CSV rows: addresses joined, flags as True/False' {
        $csv = Join-Path $TestDrive 'mx.csv'
        'example.test', 'nullmx.example.test' | Resolve-MailExchanger -DnsServer $dns | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 3
        $rows[0].Exchange | Should -Be 'mx1.example.test'
        $rows[0].Addresses | Should -Be '127.0.0.11; ::1'
        $rows[0].DnssecAuthenticated | Should -Be 'True'
        $rows[2].IsNullMx | Should -Be 'True'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.'
    }

    It 'converts to JSON with addresses as plain strings' {
        $json = Resolve-MailExchanger example.test -DnsServer $dns | ConvertTo-Json | ConvertFrom-Json
        $json[0].Addresses | Should -Be @('127.0.0.11', '::1')
        $json[0].Preference | Should -Be 10
    }

    It 'shows a table with the exchangers and what is special about them' {
        $text = 'example.test', 'nomx.example.test', 'nullmx.example.test', 'example2.test' |
            Resolve-MailExchanger -DnsServer $dns | Out-String -Width 160
        $text | Should -Match 'Domain\s+Pref\s+Exchange\s+DNSSEC\s+Note\s+Addresses'
        $text | Should -Match 'example\.test\s+10 mx1\.example\.test\s+signed\s+127\.0\.0\.11, ::1'
        $text | Should -Match 'nomx\.example\.test\s+0 nomx\.example\.test\s+signed\s+implicit\s+127\.0\.0\.11'
        $text | Should -Match 'nullmx\.example\.test\s+0 \.\s+signed\s+null MX'
        $text | Should -Match 'example2\.test\s+10 mx\.example2\.test\s+unsigned\s+127\.0\.0\.12'
    }

    It 'shows each query, its answer and the AD flag with -Verbose' {
        $verbose = Resolve-MailExchanger example.test -DnsServer $dns -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain ($verbose | Where-Object { $_ -match 'DNS MX example\.test @ 127\.0\.0\.2: NoError AD' })
        ($verbose -match 'DNS MX example\.test @ 127\.0\.0\.2: NoError AD .*10 mx1\.example\.test').Count | Should -Be 1
        ($verbose -match 'DNS A mx1\.example\.test .*127\.0\.0\.11').Count | Should -Be 1
        ($verbose -match 'DNS AAAA mx1\.example\.test .*::1').Count | Should -Be 1
    }

    It 'writes no verbose lines without -Verbose' {
        $records = Resolve-MailExchanger example.test -DnsServer $dns 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $records | Should -BeNullOrEmpty
    }
}

Describe 'Resolve-MailExchanger without -DnsServer in a test run' -Tag CI {
    It 'asks the system resolver, which in a test run is the lab''s (nothing leaves the machine)' {
        $lab = Get-Lab
        (Get-Content /etc/resolv.conf) -match "^nameserver\s+$([regex]::Escape($lab.resolver))\s*$" |
            Should -Not -BeNullOrEmpty -Because 'test runs go through tests/lab/with-lab-dns.sh (build.ps1 -Task Test), so a forgotten -DnsServer stays in the lab'
        $mx = Resolve-MailExchanger example.test
        $mx[0].Exchange | Should -Be 'mx1.example.test'
        $mx[0].DnsServer | Should -Be $lab.resolver
    }
}
