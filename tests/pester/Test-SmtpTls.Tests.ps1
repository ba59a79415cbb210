BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }

    # MailKit's netstandard2.0 build cannot name the cipher suite; that build describes it from its parts.
    $script:net = (Get-ExpectedFramework) -eq 'net8.0'
    $script:tls13Cipher = if ($net) { 'TLS_AES_*' } else { 'Aes*' }
    $script:tls12Cipher = if ($net) { 'TLS_ECDHE_*' } else { '*-Aes*' }

    function Test-Case {
        [CmdletBinding()]
        param([string] $Domain)
        Test-SmtpTls $Domain @labArgs
    }
}

Describe 'Test-SmtpTls against the lab''s Postfix listeners' -Tag CI {
    It 'passes a good server on every address of every MX, with TLS 1.3 and a valid, matching certificate' {
        $results = Test-Case example.test
        $results.Count | Should -Be 3
        $results[0].PSObject.TypeNames[0] | Should -Be 'MailTls.SmtpTlsResult'
        $results.Exchange | Should -Be @('mx1.example.test', 'mx1.example.test', 'mx2.example.test')
        # ForEach-Object: an array's own Address() method hides member enumeration of .Address.
        ($results | ForEach-Object Address) | Should -Be @('127.0.0.11', '::1', '127.0.0.12')
        $results.Verdict | Sort-Object -Unique | Should -Be 'Pass'
        $results.StartTlsOffered | Sort-Object -Unique | Should -BeTrue
        "$($results[0].Protocol)" | Should -Be 'Tls13'
        $results[0].CipherSuite | Should -BeLike $tls13Cipher
        $results[0].ChainValid | Should -BeTrue
        $results[0].NameMatches | Should -BeTrue
        $results[0].DaysUntilExpiry | Should -BeGreaterThan 300
        $results[0].Certificate.Subject | Should -BeLike 'CN=mx1.example.test*'
        $results[0].Findings.Count | Should -Be 0
        $results[0].ElapsedMs | Should -BeGreaterThan 0
    }

    It 'reports TLS 1.2 from a server limited to it' {
        $result = Test-Case tls12.example.test
        "$($result.Protocol)" | Should -Be 'Tls12'
        $result.CipherSuite | Should -BeLike $tls12Cipher
        $result.Verdict | Should -Be 'Pass'
    }

    It 'fails a server without STARTTLS: STARTTLS_NOT_OFFERED' {
        $result = Test-Case nostarttls.example.test
        $result.Verdict | Should -Be 'Fail'
        $result.StartTlsOffered | Should -BeFalse
        $result.TlsEstablished | Should -BeFalse
        $result.Findings.Code | Should -Be 'STARTTLS_NOT_OFFERED'
        $result.Findings[0].Severity | Should -Be 'Error'
    }

    It 'reports <Code> for the <Case> server (senders still encrypt, so Warn)' -TestCases @(
        @{ Case = 'expired'; Code = 'CERT_EXPIRED'; Says = '*expired on*' }
        @{ Case = 'notyetvalid'; Code = 'CERT_NOT_YET_VALID'; Says = '*not valid before*' }
        @{ Case = 'wrongname'; Code = 'CERT_NAME_MISMATCH'; Says = '*wrong.example.org*' }
        @{ Case = 'selfsigned'; Code = 'CERT_UNTRUSTED'; Says = '*self-signed*' }
        @{ Case = 'nointermediate'; Code = 'CERT_CHAIN_INCOMPLETE'; Says = '*MailTls Lab Intermediate CA*' }
        @{ Case = 'weakkey'; Code = 'CERT_WEAK_KEY'; Says = '*1024*' }
        @{ Case = 'sha1'; Code = 'CERT_WEAK_SIGNATURE'; Says = '*SHA-1*' }
    ) {
        $result = Test-Case "$Case.example.test"
        $result.TlsEstablished | Should -BeTrue
        $result.Findings.Code | Should -Be $Code
        $result.Findings[0].Message | Should -BeLike $Says
        $result.Verdict | Should -Be 'Warn'
    }

    It 'reads the weak key size and the SHA-1 signature into their own columns' {
        (Test-Case weakkey.example.test).KeySize | Should -Be 1024
        (Test-Case weakkey.example.test).KeyAlgorithm | Should -Be 'RSA'
        (Test-Case sha1.example.test).SignatureAlgorithm | Should -BeLike 'sha1*'
    }

    It 'fails the handshake with a server that only speaks TLS 1.0, and says what was offered' {
        $result = Test-Case legacy.example.test
        $result.Verdict | Should -Be 'Fail'
        $result.StartTlsOffered | Should -BeTrue
        $result.Findings.Code | Should -Be 'TLS_HANDSHAKE_FAILED'
        $result.Findings[0].Message | Should -BeLike '*offered*TLS 1.2 and 1.3*'
    }

    It 'passes implicit TLS on port 465' {
        $result = Test-SmtpTls -ComputerName 127.0.0.11 -Port 465 -ServerName mx1.example.test @labArgs
        $result.Mode | Should -Be 'Implicit'
        $result.StartTlsOffered | Should -BeNullOrEmpty
        "$($result.Protocol)" | Should -Be 'Tls13'
        $result.Verdict | Should -Be 'Pass'
    }

    It 'does not trust the lab CA unless told to: validation is never switched off' {
        $result = Test-SmtpTls example.test -DnsServer $lab.resolver | Select-Object -First 1
        $result.ChainValid | Should -BeFalse
        $result.Findings.Code | Should -Contain 'CERT_UNTRUSTED'
        $result.Verdict | Should -Be 'Warn'
    }

    It 'accepts the trusted root as a certificate object too' {
        $ca = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($lab.caCertificate)
        (Test-SmtpTls tls12.example.test -DnsServer $lab.resolver -TrustedRootCertificate $ca).ChainValid | Should -BeTrue
    }

    It 'says QUIT and sends no MAIL, RCPT or DATA: Postfix logs ehlo=2 starttls=1 quit=1 commands=4' {
        $before = (Get-PostfixLog).Count
        $null = Test-Case tls12.example.test
        $log = $null
        foreach ($attempt in 1..20) {
            $log = Get-PostfixLog -Skip $before -Tag 'postfix/tls12/smtpd'
            if ($log.Lines -match 'disconnect from') { break }
            Start-Sleep -Milliseconds 100
        }

        $disconnects = @($log.Lines -match 'disconnect from')
        $disconnects.Count | Should -Be 1
        $disconnects[0] | Should -Match 'ehlo=2 starttls=1 quit=1 commands=4$'
        $log.Lines | Should -Not -Match 'mail=|rcpt=|data='
    }
}

Describe 'Test-SmtpTls when the probe cannot run' -Tag CI {
    It 'reports CONNECT_REFUSED (Verdict Error) for a closed port' {
        $result = Test-SmtpTls -ComputerName 127.0.0.11 -Port 2525 -Timeout 2
        $result.Verdict | Should -Be 'Error'
        $result.Findings.Code | Should -Be 'CONNECT_REFUSED'
    }

    It 'reports CONNECT_TIMEOUT within the timeout for an address that never answers, and says port 25 may be blocked' {
        $hole = New-BlackHoleEndpoint
        try {
            $elapsed = Measure-Command {
                $script:result = Test-SmtpTls -ComputerName $hole.EndPoint.Address -Port $hole.EndPoint.Port -Timeout 1
            }
        }
        finally {
            $hole.Sockets | ForEach-Object Dispose
        }

        $result.Verdict | Should -Be 'Error'
        $result.Findings.Code | Should -Be 'CONNECT_TIMEOUT'
        $result.Findings[0].Message | Should -BeLike '*port * may be blocked*'
        $elapsed.TotalSeconds | Should -BeLessThan 3
    }

    It 'stops promptly on Ctrl+C while waiting for a silent server' {
        $hole = New-BlackHoleEndpoint
        try {
            $stop = Measure-PipelineStop "Test-SmtpTls -ComputerName $($hole.EndPoint.Address) -Port $($hole.EndPoint.Port) -Timeout 60"
        }
        finally {
            $hole.Sockets | ForEach-Object Dispose
        }

        $stop.WasRunning | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.StopSeconds | Should -BeLessThan 2
    }

    It 'reports a null MX as NULL_MX without probing, and a missing domain as DNS_NAME_NOT_FOUND' {
        $results = 'nullmx.example.test', 'no-such.example.test', 'noaddr.example.test' | Test-SmtpTls @labArgs
        $results.Findings.Code | Should -Be @('NULL_MX', 'DNS_NAME_NOT_FOUND', 'MX_NO_ADDRESS')
        $results.Verdict | Should -Be @('Pass', 'Error', 'Error')
        $results[1].Domain | Should -Be 'no-such.example.test'
    }

    It 'writes InvalidDomainName for a bad name and goes on with the rest' {
        $results = 'tls12.example.test', 'not a domain', 'nostarttls.example.test' |
            Test-SmtpTls @labArgs -ErrorVariable err -ErrorAction SilentlyContinue
        $results.Exchange | Should -Be @('tls12.example.test', 'nostarttls.example.test')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailTls.Commands.TestSmtpTlsCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'not a domain'
    }

    It 'stops with InvalidTrustedRootCertificate when a root file does not exist' {
        { Test-SmtpTls example.test -DnsServer $lab.resolver -TrustedRootCertificate (Join-Path $TestDrive 'missing.pem') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTrustedRootCertificate,MailTls.Commands.TestSmtpTlsCommand'
    }
}

Describe 'Test-SmtpTls in pipelines' -Tag CI {
    It 'probes exchangers piped from Resolve-MailExchanger without resolving them again' {
        $lines = Resolve-MailExchanger tls12.example.test -DnsServer $lab.resolver |
            Test-SmtpTls -TrustedRootCertificate $lab.caCertificate -Verbose 4>&1
        $results = @($lines | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose = @($lines | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $results.Exchange | Should -Be 'tls12.example.test'
        $results.Preference | Should -Be 10
        $verbose -match 'DNS MX' | Should -BeNullOrEmpty
    }

    It 'probes a host by name on every address with -ComputerName' {
        $results = Test-SmtpTls -ComputerName mx1.example.test @labArgs
        ($results | ForEach-Object Address) | Should -Be @('127.0.0.11', '::1')
        $results.Domain | Should -Be @('', '')
    }

    It 'probes an address shared by several domains once per run' {
        $lines = 'example.test', 'ordered.example.test' | Test-SmtpTls @labArgs -Verbose 4>&1
        $results = @($lines | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose = @($lines | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $results.Count | Should -Be 7
        ($verbose -match 'Probing mx1\.example\.test at 127\.0\.0\.11:25').Count | Should -Be 1
        ($verbose -match 'already probed in this run').Count | Should -Be 3
        ($results | Where-Object Domain -eq 'ordered.example.test').Exchange | Should -Be @('mx1.example.test', 'mx1.example.test', 'tls12.example.test', 'mx2.example.test')
    }

    It 'filters with Where-Object Verdict -ne Pass' {
        $problems = 'example.test', 'expired.example.test', 'nostarttls.example.test' | Test-SmtpTls @labArgs | Where-Object Verdict -ne Pass
        $problems.Exchange | Should -Be @('expired.example.test', 'nostarttls.example.test')
    }

    It 'exports one readable CSV row per address' {
        $csv = Join-Path $TestDrive 'smtp.csv'
        'example.test', 'expired.example.test', 'nostarttls.example.test' | Test-SmtpTls @labArgs | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 5
        $rows[0].Address | Should -Be '127.0.0.11'
        $rows[0].Protocol | Should -Be 'Tls13'
        $rows[0].Verdict | Should -Be 'Pass'
        $rows[0].Certificate | Should -BeLike 'CN=mx1.example.test*thumbprint*'
        $rows[0].Capabilities | Should -BeLike '*PIPELINING*'
        $rows[3].Findings | Should -Be 'CERT_EXPIRED'
        $rows[4].Findings | Should -Be 'STARTTLS_NOT_OFFERED'
        $rows[4].StartTlsOffered | Should -Be 'False'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.|MailTls\.'
        @(Get-Content $csv).Count | Should -Be 6
    }

    It 'shows a table a newcomer can read at 80 and 120 columns: verdict and findings first' {
        $results = 'example.test', 'nostarttls.example.test', 'expired.example.test' | Test-SmtpTls @labArgs
        foreach ($width in 80, 120) {
            $text = $results | Out-String -Width $width
            $text | Should -Match 'Domain: example\.test'
            $text | Should -Match 'Exchange\s+Address\s+Verdict\s+TLS\s+CertExpires\s+Findings'
            $text | Should -Match 'mx1\.example\.test\s+127\.0\.0\.11\s+Pass\s+1\.3\s+\d{4}-\d\d-\d\d'
            $text | Should -Match 'nostarttls\.example\.test\s+127\.0\.0\.13\s+Fail\s+none\s+STARTTLS_NOT_OFFERED'
            $text | Should -Match 'expired\.example\.test\s+127\.0\.0\.14\s+Warn\s+1\.3\s+2021-01-01\s+CERT_EXPIRED'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty
        }
    }

    It 'shows every detail and each finding''s advice in the list view' {
        $text = Test-Case expired.example.test | Format-List | Out-String -Width 200
        $text | Should -Match 'Verdict\s+: Warn'
        $text | Should -Match 'Findings\s+: Warning: CERT_EXPIRED - The certificate .* expired on'
        $text | Should -Match 'Chain\s+: invalid: NotTimeValid'
        $text | Should -Match 'Key\s+: ECDSA 256 bits, signed sha256ECDSA'
    }

    It 'streams the SMTP transcript with -Verbose' {
        $verbose = Test-Case tls12.example.test -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -match 'S: 220 tls12\.example\.test ESMTP').Count | Should -Be 1
        ($verbose -match 'C: EHLO ').Count | Should -Be 2
        ($verbose -match 'C: STARTTLS$').Count | Should -Be 1
        ($verbose -match 'S: 220 2\.0\.0 Ready to start TLS').Count | Should -Be 1
        ($verbose -match 'C: QUIT$').Count | Should -Be 1
        ($verbose -match 'Verdict Pass').Count | Should -Be 1
    }
}

Describe 'Test-SmtpTls with what users really type and pipe' -Tag CI {
    It 'refuses a -HeloName that would smuggle commands, before anything reaches the server' {
        $before = (Get-PostfixLog).Count
        { Test-SmtpTls -ComputerName 127.0.0.11 -HeloName "x`r`nRCPT TO:<postmaster@example.test>`r`nDATA" @labArgs -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidHeloName,MailTls.Commands.TestSmtpTlsCommand'
        Start-Sleep -Milliseconds 300
        (Get-PostfixLog -Skip $before -Tag 'postfix/good/smtpd').Lines | Should -Not -Match 'rcpt=|data=|connect from'
    }

    It 'refuses a -ServerName that is not a host name' {
        { Test-SmtpTls -ComputerName 127.0.0.11 -ServerName "mx1.example.test`r`nQUIT" @labArgs -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidServerName,MailTls.Commands.TestSmtpTlsCommand'
    }

    It 'sends an address literal as HELO and still says only EHLO, STARTTLS and QUIT' {
        $before = (Get-PostfixLog).Count
        $result = Test-SmtpTls -ComputerName 127.0.0.17 -ServerName tls12.example.test -HeloName '[127.0.0.1]' @labArgs
        $result.Verdict | Should -Be 'Pass'
        $log = $null
        foreach ($attempt in 1..20) {
            $log = Get-PostfixLog -Skip $before -Tag 'postfix/tls12/smtpd'
            if ($log.Lines -match 'disconnect from') { break }
            Start-Sleep -Milliseconds 100
        }
        @($log.Lines -match 'disconnect from')[0] | Should -Match 'ehlo=2 starttls=1 quit=1 commands=4$'
    }

    It 'takes the domain from an Exchange AcceptedDomain, <Form>' -TestCases @(
        @{ Form = 'live'; Deserialized = $false }
        @{ Form = 'deserialized'; Deserialized = $true }
    ) {
        $accepted = New-AcceptedDomain tls12.example.test -Deserialized:$Deserialized
        $results = $accepted | Test-SmtpTls @labArgs -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        $results.Domain | Should -Be 'tls12.example.test'
        $results.Verdict | Should -Be 'Pass'
    }

    It 'writes NoInput for <Case> instead of returning nothing' -TestCases @(
        @{ Case = '$null piped'; Script = { $null | Test-SmtpTls @labArgs -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Case = 'an empty array piped'; Script = { @() | Test-SmtpTls @labArgs -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Case = '$null as the argument'; Script = { Test-SmtpTls $null @labArgs -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
    ) {
        $errors = & $Script
        @($errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })[0].FullyQualifiedErrorId | Should -Be 'NoInput,MailTls.Commands.TestSmtpTlsCommand'
    }

    It 'probes and reports a domain given three ways once' {
        $results = 'tls12.example.test', 'TLS12.EXAMPLE.TEST', 'tls12.example.test.' | Test-SmtpTls @labArgs
        @($results).Count | Should -Be 1
    }

    It 'looks up TLSA through the resolver that found the piped exchangers, and judges them together (DANE_PARTIAL)' {
        $lines = Resolve-MailExchanger dane-partial.example.test -DnsServer $lab.resolver |
            Test-SmtpTls -TrustedRootCertificate $lab.caCertificate -Verbose 4>&1
        $results = @($lines | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose = @($lines | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose -match "TLSA records through $([regex]::Escape($lab.resolver))" | Should -Not -BeNullOrEmpty
        ($results | Where-Object Exchange -eq 'mx1.example.test')[0].Dane | Should -Be 'Valid'
        ($results | Where-Object Exchange -eq 'tls12.example.test').Findings.Code | Should -Contain 'DANE_PARTIAL'
    }

    It 'probes exchangers of a domain that come back later in the pipeline, once each, and warns that they were judged apart' {
        $partial = @(Resolve-MailExchanger dane-partial.example.test -DnsServer $lab.resolver)
        $other = @(Resolve-MailExchanger tls12.example.test -DnsServer $lab.resolver)
        $partial.Count | Should -BeGreaterThan 1
        $piped = @($partial[0]) + $other + @($partial[1..($partial.Count - 1)]) + @($partial[0])
        $results = $piped | Test-SmtpTls -TrustedRootCertificate $lab.caCertificate -WarningVariable warnings -WarningAction SilentlyContinue
        $exchanges = @($results | Where-Object Domain -eq 'dane-partial.example.test' | ForEach-Object Exchange | Sort-Object -Unique)
        $exchanges | Should -Be @($partial.Exchange | Sort-Object -Unique)
        @($results | Where-Object Domain -eq 'tls12.example.test').Count | Should -BeGreaterThan 0
        # The last object repeats the first exchanger: not probed again.
        @($results | Where-Object { $_.Domain -eq 'dane-partial.example.test' -and $_.Exchange -eq $partial[0].Exchange }).Count | Should -Be @($partial[0].Addresses).Count
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*of dane-partial.example.test came apart from the domain's other exchangers*Sort-Object Domain*"
    }

    It 'keeps Pass rows in Where-Object { $_.Verdict }' {
        $results = 'tls12.example.test', 'nostarttls.example.test' | Test-SmtpTls @labArgs
        @($results | Where-Object { $_.Verdict }).Count | Should -Be 2
    }

    It 'writes JSON with names for enums and the certificate as thumbprint and PEM' {
        $json = Test-Case tls12.example.test | ConvertTo-Json -Depth 4
        $object = $json | ConvertFrom-Json
        $object.Verdict | Should -Be 'Pass'
        $object.Protocol | Should -Be 'Tls12'
        $object.Mode | Should -Be 'StartTls'
        $object.Dane | Should -Be 'None'
        $object.Certificate.Thumbprint | Should -Match '^[0-9A-F]{40}$'
        $object.Certificate.Pem | Should -Match '^-----BEGIN CERTIFICATE-----'
        $json | Should -Not -Match 'RawData|PublicKey|Handle'
    }

    It 'writes ISO 8601 dates and no multi-line cells to CSV' {
        $csv = Join-Path $TestDrive 'dates.csv'
        Test-Case tls12.example.test | Export-Csv $csv -NoTypeInformation
        $row = Import-Csv $csv
        $row.CertificateNotAfter | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        @(Get-Content $csv).Count | Should -Be 2
    }

    It 'keeps the certificate reachable for scripts as an X509Certificate2 of their own' {
        $result = Test-Case tls12.example.test
        $certificate = $result.Certificate.ToX509Certificate2()
        $certificate.GetType().Name | Should -Be 'X509Certificate2'
        $certificate.Thumbprint | Should -Be $result.CertificateThumbprint
        $certificate.Dispose()
        $result.Certificate.ToX509Certificate2().Thumbprint | Should -Be $result.CertificateThumbprint
    }
}

Describe 'Test-SmtpTls -IncludeProtocolScan' -Tag CI {
    It 'says TLS_LEGACY_ONLY with the version, not a bare handshake failure, for the TLS 1.0-only server' {
        $result = Test-SmtpTls legacy.example.test @labArgs -IncludeProtocolScan
        $result.Verdict | Should -Be 'Fail'
        $result.Findings.Code | Should -Be 'TLS_LEGACY_ONLY'
        $result.Findings[0].Message | Should -BeLike '*accepts only TLS 1.0, nothing newer*'
        "$($result.LowestProtocol)" | Should -Be 'Tls10'
        $result.ProtocolsAccepted.ToString() | Should -Be 'TLS 1.0'
        # The table's TLS column shows the version the server speaks when no handshake of ours completed.
        ($result | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_ -match '^legacy\.example\.test' } |
            Should -Match '^legacy\.example\.test\s+127\.0\.0\.19\s+Fail\s+1\.0\s+TLS_LEGACY_ONLY'
    }

    It 'warns TLS_LEGACY_ACCEPTED for a server that keeps TLS 1.0 and 1.1 beside 1.3, and passes one limited to 1.2 and 1.3' {
        $results = Test-SmtpTls -ComputerName mx1.example.test, mx2.example.test @labArgs -IncludeProtocolScan
        $good = $results | Where-Object { $_.Exchange -eq 'mx1.example.test' -and $_.Address -eq '127.0.0.11' }
        $good.Verdict | Should -Be 'Pass'
        "$($good.LowestProtocol)" | Should -Be 'Tls12'
        $good.ProtocolsAccepted.ToString() | Should -Be 'TLS 1.2; TLS 1.3'
        $legacy = $results | Where-Object Exchange -eq 'mx2.example.test'
        $legacy.Verdict | Should -Be 'Warn'
        $legacy.Findings.Code | Should -Be 'TLS_LEGACY_ACCEPTED'
        $legacy.Findings[0].Message | Should -BeLike '*TLS 1.0 and TLS 1.1 besides TLS 1.2 and TLS 1.3*'
        "$($legacy.Protocol)" | Should -Be 'Tls13'
        "$($legacy.LowestProtocol)" | Should -Be 'Tls10'
    }

    It 'scans an address once per run with five more connections, and not at all without the switch' {
        $before = (Get-PostfixLog).Count
        $null = 'example.test', 'mx2.example.test' | Test-SmtpTls @labArgs -IncludeProtocolScan
        Start-Sleep -Milliseconds 500
        @((Get-PostfixLog -Skip $before -Tag 'postfix/good2/smtpd').Lines -match ' connect from ').Count | Should -Be 6 -Because 'one probe and one connection per version, SSL 3.0 to TLS 1.3, for two domains sharing the host'

        $before = (Get-PostfixLog).Count
        $plain = Test-SmtpTls mx2.example.test @labArgs
        Start-Sleep -Milliseconds 500
        @((Get-PostfixLog -Skip $before -Tag 'postfix/good2/smtpd').Lines -match ' connect from ').Count | Should -Be 1
        $plain.LowestProtocol | Should -BeNullOrEmpty
        $plain.ProtocolsAccepted.Count | Should -Be 0
    }

    It 'does not scan a server without STARTTLS, and sends no mail while scanning' {
        $before = (Get-PostfixLog).Count
        $results = Test-SmtpTls nostarttls.example.test, legacy.example.test @labArgs -IncludeProtocolScan
        $results[0].Findings.Code | Should -Be 'STARTTLS_NOT_OFFERED'
        $results[0].LowestProtocol | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 500
        @((Get-PostfixLog -Skip $before -Tag 'postfix/nostarttls/smtpd').Lines -match ' connect from ').Count | Should -Be 1
        (Get-PostfixLog -Skip $before).Lines | Should -Not -Match 'mail=|rcpt=|data='
    }

    It 'shows the accepted versions in the list view and in CSV' {
        $result = Test-SmtpTls mx2.example.test @labArgs -IncludeProtocolScan
        ($result | Format-List | Out-String -Width 120) | Should -Match 'VersionsAccepted\s+: TLS 1\.0, TLS 1\.1, TLS 1\.2, TLS 1\.3'
        $row = $result | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.LowestProtocol | Should -Be 'Tls10'
        $row.ProtocolsAccepted | Should -Be 'TLS 1.0; TLS 1.1; TLS 1.2; TLS 1.3'
    }
}

Describe 'Test-SmtpTls and DANE' -Tag CI {
    It 'calls DANE <Case> Valid and names the record that matched' -TestCases @(
        @{ Case = 'ee' }, @{ Case = 'full' }, @{ Case = 'sha512' }, @{ Case = 'ta' }
    ) {
        $result = Test-SmtpTls $lab.dane.$Case.domain @labArgs
        $result.Dane | Should -Be 'Valid'
        $result.DaneRecord | Should -Be $lab.dane.$Case.tlsa[0].ToUpperInvariant()
        $result.Findings.Code | Should -Not -Contain 'DANE_NO_MATCH'
    }

    It 'ignores the host name for DANE-EE, as RFC 7672 says, while still reporting it for other senders' {
        $result = Test-SmtpTls $lab.dane.ee.domain @labArgs
        $result.Dane | Should -Be 'Valid'
        $result.NameMatches | Should -BeFalse
        $result.Findings.Code | Should -Be 'CERT_NAME_MISMATCH'
        $result.Verdict | Should -Be 'Warn'
    }

    It 'fails with DANE_NO_MATCH when no record matches: <Case>' -TestCases @(
        @{ Case = 'mismatch'; Says = '*public key (SPKI) SHA-256 is*' }
        @{ Case = 'ta-root'; Says = '*' }
    ) {
        $result = Test-SmtpTls $lab.dane.$Case.domain @labArgs
        $result.Dane | Should -Be 'Mismatch'
        $result.Findings.Code | Should -Contain 'DANE_NO_MATCH'
        ($result.Findings | Where-Object Code -eq 'DANE_NO_MATCH').Severity | Should -Be 'Error'
        ($result.Findings | Where-Object Code -eq 'DANE_NO_MATCH').Message | Should -BeLike "*DANE senders will not deliver*$Says"
        $result.Verdict | Should -Be 'Fail'
    }

    It 'calls usage 1 unusable for SMTP' {
        $result = Test-SmtpTls $lab.dane.pkix.domain @labArgs
        $result.Dane | Should -Be 'Unusable'
        $result.Findings.Code | Should -Contain 'DANE_UNUSABLE'
    }

    It 'calls records in an unsigned zone unauthenticated' {
        $result = Test-SmtpTls $lab.dane.example2.domain @labArgs
        $result.Dane | Should -Be 'Unauthenticated'
        $result.Findings.Code | Should -Be 'DANE_UNAUTHENTICATED'
        $result.Verdict | Should -Be 'Warn'
    }

    It 'warns about the MX host without TLSA when the domain''s other MX hosts use DANE' {
        $mx1, $v6, $tls12 = Test-SmtpTls $lab.dane.partial.domain @labArgs
        $mx1.Dane | Should -Be 'Valid'
        $tls12.Exchange | Should -Be 'tls12.example.test'
        $tls12.Dane | Should -Be 'None'
        $tls12.Findings.Code | Should -Be 'DANE_PARTIAL'
        $tls12.Verdict | Should -Be 'Warn'
    }

    It 'reports a zone whose signatures do not validate as a DNS failure (SERVFAIL)' {
        $result = Test-SmtpTls $lab.dane.bogus.domain @labArgs
        $result.Verdict | Should -Be 'Error'
        $result.Findings.Code | Should -Be 'DNS_SERVER_FAILURE'
    }

    It 'shows DANE problems in the table''s findings, and the detail in the list' {
        $text = $lab.dane.mx1.domain, $lab.dane.mismatch.domain, $lab.dane.example2.domain | Test-SmtpTls @labArgs | Out-String -Width 120
        $text | Should -Match 'mx1\.example\.test\s+127\.0\.0\.11\s+Pass\s+1\.3'
        $text | Should -Match 'dane-mismatch\.example\.test\s+127\.0\.0\.11\s+Fail\s+1\.3\s+\S+\s+.*DANE_NO_MATCH'
        $text | Should -Match 'mx\.example2\.test\s+127\.0\.0\.12\s+Warn\s+1\.3\s+\S+\s+DANE_UNAUTHENTICATED'
        $list = Test-SmtpTls $lab.dane.mx2.domain @labArgs | Format-List | Out-String -Width 250
        $list | Should -Match 'Dane\s+: Valid: matched by 2 1 1 [0-9A-F]{64}'
    }
}
