BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
    $script:srvDomain = $lab.clientSrvDomain
    $script:usualDomain = $lab.clientUsualDomain

    # MailKit's netstandard2.0 build cannot name the cipher suite; that build describes it from its parts.
    $script:tls13Cipher = if ((Get-ExpectedFramework) -eq 'net8.0') { 'TLS_AES_*' } else { 'Aes*' }

    # Every client listener of the lab, with the case it belongs to.
    $script:listeners = foreach ($case in $lab.client.PSObject.Properties) {
        foreach ($listener in $case.Value.listeners) {
            [pscustomobject]@{ Case = $case.Name; Host = $case.Value.host; Listener = $listener }
        }
    }

    function Get-DovecotLog {
        param([int] $Skip = 0)
        $lines = @(Get-Content $lab.dovecotLog)
        [pscustomobject]@{ Count = $lines.Count; Lines = @($lines | Select-Object -Skip $Skip) }
    }
}

Describe 'Test-MailClientTls against the lab''s Dovecot and Postfix client listeners' -Tag CI {
    It 'gives every lab case its verdict and the finding that makes it' {
        $listeners.Count | Should -BeGreaterOrEqual 16
        foreach ($entry in $listeners) {
            $listener = $entry.Listener
            $result = Test-MailClientTls -ComputerName $entry.Host -Protocol $listener.protocol -Port $listener.port @labArgs
            $because = "$($entry.Case) $($listener.protocol) $($listener.address):$($listener.port)"
            @($result).Count | Should -Be 1 -Because $because
            "$($result.Verdict)" | Should -Be $listener.verdict -Because $because
            $result.Address | Should -Be $listener.address -Because $because
            "$($result.Mode)" | Should -Be $(if ($listener.tls -eq 'implicit') { 'Implicit' } else { 'StartTls' }) -Because $because
            if ($listener.finding) {
                $result.Findings.Code | Should -Contain $listener.finding -Because $because
                ($result.Findings | Where-Object Code -eq $listener.finding).Severity | Should -Be 'Error' -Because $because
            }
            else {
                $result.Findings.Count | Should -Be 0 -Because "$because has $($result.Findings)"
            }
        }
    }

    It 'checks all six endpoints of a host, and reads its capabilities before and after TLS' {
        $results = Test-MailClientTls -ComputerName "mail.$srvDomain" @labArgs
        $results.Count | Should -Be 6
        $results[0].PSObject.TypeNames[0] | Should -Be 'MailTls.MailClientTlsResult'
        ($results | ForEach-Object { "$($_.Protocol) $($_.Port) $($_.Mode)" }) | Should -Be @(
            'Submission 587 StartTls', 'Submission 465 Implicit', 'Imap 143 StartTls', 'Imap 993 Implicit', 'Pop3 110 StartTls', 'Pop3 995 Implicit')
        $results.Verdict | Sort-Object -Unique | Should -Be 'Pass'
        $results.DiscoveredBy | Sort-Object -Unique | Should -Be 'ComputerName'
        $results.Reachable | Sort-Object -Unique | Should -BeTrue
        "$($results.TlsProtocol | Sort-Object -Unique)" | Should -Be 'Tls13'
        $results[2].CipherSuite | Should -BeLike $tls13Cipher
        $results.ChainValid | Sort-Object -Unique | Should -BeTrue
        $results.NameMatches | Sort-Object -Unique | Should -BeTrue
        $results[0].Certificate.Subject | Should -BeLike "CN=mail.$srvDomain*"
        # STARTTLS endpoints: TLS offered, no login in the clear; implicit ones have no clear-text phase.
        $startTls = $results | Where-Object Mode -eq 'StartTls'
        $startTls.TlsOffered | Sort-Object -Unique | Should -BeTrue
        $startTls.AuthBeforeTls | Sort-Object -Unique | Should -BeFalse
        ($results | Where-Object Mode -eq 'Implicit').AuthBeforeTls | Where-Object { $null -ne $_ } | Should -BeNullOrEmpty
        $results.PlaintextAuthAfterTls | Sort-Object -Unique | Should -BeTrue
        $results[2].AuthMechanisms | Should -Contain 'PLAIN'
        $results[2].Greeting | Should -BeLike '`* OK*'
        $results[0].Greeting | Should -BeLike "220 mail.$srvDomain *"
    }

    It 'finds a domain''s endpoints through its SRV records, and skips a service the records say is not offered' {
        $all = Test-MailClientTls -DomainName $srvDomain @labArgs -Verbose 4>&1
        $results = @($all | Where-Object { $_.PSObject.TypeNames[0] -eq 'MailTls.MailClientTlsResult' })
        $messages = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($results | ForEach-Object { "$($_.Protocol) $($_.HostName):$($_.Port)" }) | Should -Be @(
            "Submission mail.${srvDomain}:587", "Submission mail.${srvDomain}:465", "Imap mail.${srvDomain}:143", "Imap mail.${srvDomain}:993", "Pop3 mail.${srvDomain}:995")
        $results.Domain | Sort-Object -Unique | Should -Be $srvDomain
        $results.DiscoveredBy | Sort-Object -Unique | Should -Be 'SrvRecord'
        $results[3].Discovery | Should -Be "SRV _imaps._tcp.${srvDomain}: 0 1 993 mail.$srvDomain"
        $results.Verdict | Sort-Object -Unique | Should -Be 'Pass'
        $messages | Where-Object { $_ -like "*SRV _pop3._tcp.$srvDomain is `".`"*offers no Pop3 with STARTTLS*" } | Should -Not -BeNullOrEmpty
    }

    It 'falls back to the usual names where a domain has no SRV record, and says so' {
        $results = Test-MailClientTls -DomainName $usualDomain @labArgs
        ($results | ForEach-Object { "$($_.Protocol) $($_.HostName):$($_.Port) $($_.Verdict)" }) | Should -Be @(
            "Submission smtp.${usualDomain}:587 Fail", "Submission smtp.${usualDomain}:465 Pass",
            "Imap imap.${usualDomain}:143 Fail", "Imap imap.${usualDomain}:993 Pass",
            "Pop3 mail.${usualDomain}:110 Fail", "Pop3 mail.${usualDomain}:995 Pass")
        $results.DiscoveredBy | Sort-Object -Unique | Should -Be 'UsualName'
        $results[4].Discovery | Should -BeLike "*pop.$usualDomain, mail.$usualDomain*"
        $failed = $results | Where-Object AuthBeforeTls
        $failed.Count | Should -Be 3
        $failed.Findings.Code | Sort-Object -Unique | Should -Be 'AUTH_BEFORE_TLS'
        $failed[0].AuthMechanismsBeforeTls | Should -Contain 'PLAIN'
        $failed[1].AuthMechanismsBeforeTls | Should -Contain 'LOGIN command'
        $failed[2].AuthMechanismsBeforeTls | Should -Contain 'USER'
        $failed[0].Findings[0].Message | Should -BeLike '*smtpd_tls_auth_only = yes*'
        $failed[1].Findings[0].Message | Should -BeLike '*disable_plaintext_auth = yes*'
    }

    It 'narrows to -Protocol and to -TlsMode, and probes -Port instead of the usual ports' {
        $imap = Test-MailClientTls -ComputerName "mail.$srvDomain" -Protocol Imap -TlsMode Implicit @labArgs
        "$($imap.Protocol) $($imap.Port)" | Should -Be 'Imap 993'
        $pop = Test-MailClientTls -DomainName $usualDomain -Protocol Pop3 -Port 995 @labArgs
        "$($pop.HostName) $($pop.Port) $($pop.Mode) $($pop.Verdict)" | Should -Be "mail.$usualDomain 995 Implicit Pass"
    }
}

Describe 'Test-MailClientTls never logs in and never sends mail' -Tag CI {
    It 'leaves Postfix sessions without AUTH or MAIL, and Dovecot sessions without an authentication attempt' {
        $postfixBefore = (Get-PostfixLog).Count
        $dovecotBefore = (Get-DovecotLog).Count
        $results = Test-MailClientTls -ComputerName ($lab.client.PSObject.Properties.Value.host | Select-Object -Unique) @labArgs
        $results.Count | Should -BeGreaterThan 16
        Start-Sleep -Milliseconds 500

        $postfix = (Get-PostfixLog -Skip $postfixBefore).Lines | Where-Object { $_ -match 'postfix/client-[a-z]+-submissions?/smtpd\[' }
        $disconnects = @($postfix | Where-Object { $_ -match 'disconnect from' })
        $disconnects.Count | Should -BeGreaterOrEqual 5
        $disconnects | Should -Not -Match '\bauth=|\bmail=|\brcpt=|\bdata='
        $disconnects | Where-Object { $_ -notmatch 'ehlo=' } | Should -BeNullOrEmpty
        $postfix | Should -Not -Match 'sasl_method|sasl_username|authentication failed'

        $dovecot = (Get-DovecotLog -Skip $dovecotBefore).Lines | Where-Object { $_ -match 'lip=127\.0\.0\.6[0-4]' }
        $sessions = @($dovecot | Where-Object { $_ -match 'Disconnected' })
        $sessions.Count | Should -BeGreaterOrEqual 10
        $sessions | Where-Object { $_ -notmatch 'no auth attempts' } | Should -BeNullOrEmpty
        $dovecot | Should -Not -Match 'login: Info: Login: |auth failed|user=<[^>]'
    }

    It 'shows the dialogue with -Verbose, and no client line in it logs in' {
        $verbose = Test-MailClientTls -ComputerName "mail.$usualDomain" -Protocol Imap, Pop3 -TlsMode StartTls @labArgs -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Where-Object { $_ -match 'C: [A-Z]\d+ STARTTLS$' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -match 'C: STLS$' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -match '\bC: ([A-Z]\d+ )?(LOGIN|AUTHENTICATE|AUTH|USER|PASS)\b' } | Should -BeNullOrEmpty
        $verbose | Where-Object { $_ -like '*Verdict Fail (AUTH_BEFORE_TLS)*' } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Test-MailClientTls in pipelines' -Tag CI {
    BeforeAll {
        $script:rows = Test-MailClientTls -DomainName $usualDomain, $srvDomain @labArgs
    }

    It 'filters with Where-Object on the verdict and on AuthBeforeTls' {
        ($rows | Where-Object Verdict -eq Fail).Count | Should -Be 3
        ($rows | Where-Object AuthBeforeTls | ForEach-Object Domain | Sort-Object -Unique) | Should -Be $usualDomain
        ($rows | Where-Object { $_.Verdict }).Count | Should -Be $rows.Count
    }

    It 'writes a readable CSV: names, codes and ISO dates, one line per endpoint' {
        $file = Join-Path $TestDrive 'client.csv'
        $rows | Export-Csv $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Count | Should -Be $rows.Count
        $back[0].Protocol | Should -Be 'Submission'
        $back[0].Mode | Should -Be 'StartTls'
        $back[0].Verdict | Should -Be 'Fail'
        $back[0].Findings | Should -Be 'AUTH_BEFORE_TLS'
        $back[0].DiscoveredBy | Should -Be 'UsualName'
        $back[0].AuthMechanismsBeforeTls | Should -Be 'LOGIN; PLAIN'
        $back[0].TlsProtocol | Should -Be 'Tls13'
        $back[0].CertificateNotAfter | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        $back[0].Certificate | Should -BeLike "CN=mail.$usualDomain*thumbprint*"
    }

    It 'converts to JSON with enums by name' {
        $json = $rows[0..1] | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json[0].Protocol | Should -Be 'Submission'
        $json[0].Verdict | Should -Be 'Fail'
        $json[1].Mode | Should -Be 'Implicit'
        $json[0].Findings[0].Code | Should -Be 'AUTH_BEFORE_TLS'
    }

    It 'binds piped objects: AcceptedDomain by DomainName, HostName to -ComputerName' {
        foreach ($deserialized in $false, $true) {
            $fromExchange = New-AcceptedDomain $srvDomain -Deserialized:$deserialized | Test-MailClientTls -Protocol Imap @labArgs
            $fromExchange.Domain | Sort-Object -Unique | Should -Be $srvDomain
        }

        $again = [pscustomobject]@{ HostName = "imap.$usualDomain" } | Test-MailClientTls -Protocol Imap -TlsMode Implicit @labArgs
        "$($again.HostName) $($again.Port) $($again.DiscoveredBy)" | Should -Be "imap.$usualDomain 993 ComputerName"
    }

    It 'checks a domain given twice once' {
        $results = $srvDomain, $srvDomain.ToUpperInvariant(), "$srvDomain." | Test-MailClientTls -Protocol Imap @labArgs
        $results.Count | Should -Be 2
    }
}

Describe 'Test-MailClientTls errors' -Tag CI {
    It 'writes an error for each bad input and goes on with the next' {
        $results = Test-MailClientTls -ComputerName 'bad name!', "no-such.$srvDomain", "mail.$srvDomain" -Protocol Imap -TlsMode Implicit @labArgs -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.Count | Should -Be 1
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidComputerName,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be 'bad name!'
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'DnsNameNotFound,*'
        $problems[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[1].TargetObject | Should -Be "no-such.$srvDomain"
    }

    It 'says ClientEndpointNotFound for a domain with no SRV record and none of the usual names' {
        $results = Test-MailClientTls -DomainName $lab.unsignedZone, $srvDomain -Protocol Pop3 @labArgs -ErrorVariable problems -ErrorAction SilentlyContinue
        "$($results.Domain) $($results.Port)" | Should -Be "$srvDomain 995"
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ClientEndpointNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $lab.unsignedZone
        $problems[0].Exception.Message | Should -BeLike '*-ComputerName*'
    }

    It 'stops before any probe when -Port comes with more than one protocol' {
        { Test-MailClientTls -ComputerName "mail.$srvDomain" -Port 2525 @labArgs -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPort,MailTls.Commands.TestMailClientTlsCommand'
    }

    It 'writes NoInput for an empty list' {
        $null = @() | Test-MailClientTls @labArgs -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NoInput,*'
    }

    It 'reports CONNECT_TIMEOUT within the timeout for an address that never answers' {
        $hole = New-BlackHoleEndpoint
        try {
            $elapsed = Measure-Command {
                $script:result = Test-MailClientTls -ComputerName $hole.EndPoint.Address -Protocol Imap -Port $hole.EndPoint.Port -Timeout 1
            }
        }
        finally {
            $hole.Sockets | ForEach-Object Dispose
        }

        $result.Verdict | Should -Be 'Error'
        $result.Reachable | Should -BeFalse
        $result.Findings.Code | Should -Be 'CONNECT_TIMEOUT'
        $elapsed.TotalSeconds | Should -BeLessThan 3
    }

    It 'stops promptly on Ctrl+C while waiting for a silent server' {
        $hole = New-BlackHoleEndpoint
        try {
            $stop = Measure-PipelineStop "Test-MailClientTls -ComputerName $($hole.EndPoint.Address) -Protocol Pop3 -Port $($hole.EndPoint.Port) -Timeout 60"
        }
        finally {
            $hole.Sockets | ForEach-Object Dispose
        }

        $stop.WasRunning | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.StopSeconds | Should -BeLessThan 2
    }
}

Describe 'Test-MailClientTls -IncludeCipherSuites' -Tag CI {
    BeforeAll {
        $good = $lab.client.'client-good'
        $script:enumerated = Test-MailClientTls -ComputerName $good.host @labArgs -IncludeCipherSuites
        $script:legacy = Test-MailClientTls -ComputerName $lab.client.'client-legacy'.host -Protocol Imap -Port 993 @labArgs -IncludeCipherSuites
    }

    It 'enumerates every endpoint of a host, STARTTLS, STLS and implicit TLS alike' {
        $enumerated.Count | Should -Be 6
        foreach ($row in $enumerated) {
            $row.CipherSuiteCount | Should -BeGreaterThan 0 -Because "$($row.Protocol) $($row.Port) reached TLS"
            $row.ProtocolsAccepted.ToString() | Should -Be 'TLS 1.2; TLS 1.3'
            "$($row.LowestProtocol)" | Should -Be 'Tls12'
            $row.WeakestClass | Should -Not -BeNullOrEmpty
            @($row.GetCipherSuites()).Count | Should -Be $row.CipherSuiteCount
        }
        # One Dovecot serves IMAP and POP3 with and without STARTTLS: the same suites on all four.
        $dovecot = $enumerated | Where-Object Protocol -ne 'Submission'
        ($dovecot.CipherSuiteCount | Sort-Object -Unique).Count | Should -Be 1
    }

    It 'says TLS_LEGACY_ONLY with the version for the TLS 1.0-only IMAP endpoint, instead of a bare handshake failure' {
        $legacy.Verdict | Should -Be 'Fail'
        $legacy.Findings.Code | Should -Be 'TLS_LEGACY_ONLY'
        $legacy.Findings[0].Message | Should -BeLike '*accepts only TLS 1.0*'
        "$($legacy.LowestProtocol)" | Should -Be 'Tls10'
        ($legacy.GetCipherSuites() | ForEach-Object Protocol | Sort-Object -Unique) | Should -Be 'TLS 1.0'
    }

    It 'warns about anonymous suites on a submission port, where no client needs them' {
        $submission = $enumerated | Where-Object { $_.Protocol -eq 'Submission' -and $_.Port -eq 587 }
        ($submission.GetCipherSuites() | Where-Object CipherSuite -like '*_anon_*') | Should -Not -BeNullOrEmpty
        ($submission.Findings | Where-Object Code -eq 'TLS_CIPHER_ANONYMOUS').Severity | Should -Be 'Warning'
    }

    It 'shows the versions and suites in the list view and leaves them empty without the switch' {
        ($enumerated[2] | Format-List | Out-String -Width 120) | Should -Match 'CipherSuites\s+: \d+ accepted; weakest'
        $plain = Test-MailClientTls -ComputerName $lab.client.'client-good'.host -Protocol Imap -Port 993 @labArgs
        $plain.CipherSuiteCount | Should -BeNullOrEmpty
        $plain.ProtocolsAccepted.Count | Should -Be 0
        @($plain.GetCipherSuites()).Count | Should -Be 0
    }

    It 'logs no login at Dovecot while enumerating' {
        $before = (Get-DovecotLog).Count
        $null = Test-MailClientTls -ComputerName $lab.client.'client-plain'.host -Protocol Imap, Pop3 -TlsMode StartTls @labArgs -IncludeCipherSuites
        Start-Sleep -Milliseconds 500
        $lines = (Get-DovecotLog -Skip $before).Lines
        @($lines -match '-login').Count | Should -BeGreaterThan 10
        $lines | Should -Not -Match 'Login: user=|auth failed|Aborted login \(auth'
    }
}

Describe 'Test-MailDomainTls -IncludeClientEndpoints' -Tag CI {
    It 'adds the worst client-endpoint verdict as ClientEndpoints, and the rows behind it' {
        $reports = Test-MailDomainTls $srvDomain, $usualDomain, $lab.signedZone -IncludeClientEndpoints @labArgs
        ($reports | ForEach-Object { "$($_.Domain) $($_.ClientEndpoints)" }) | Should -Be @("$srvDomain Pass", "$usualDomain Fail", "$($lab.signedZone) ")
        $reports[1].GetClientEndpoints().Count | Should -Be 6
        # The domain's own verdict is about mail sent to it, not about its users' clients.
        "$($reports[1].Verdict)" | Should -Not -Be 'Fail'
    }

    It 'does nothing of that without the switch' {
        $before = (Get-DovecotLog).Count
        $report = Test-MailDomainTls $usualDomain @labArgs
        $report.ClientEndpoints | Should -BeNullOrEmpty
        $report.GetClientEndpoints().Count | Should -Be 0
        Start-Sleep -Milliseconds 300
        (Get-DovecotLog -Skip $before).Lines | Should -BeNullOrEmpty
    }
}
