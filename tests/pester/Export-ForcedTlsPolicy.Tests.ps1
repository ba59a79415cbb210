BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
    # Each level the lab has, and what Postfix must find for it in the exported table.
    $script:expected = [ordered]@{
        'example.test'            = 'dane-only protocols=>=TLSv1.2'
        'tls12.example.test'      = 'secure match=tls12.example.test protocols=>=TLSv1.2'
        'example2.test'           = 'secure match=mx.example2.test protocols=>=TLSv1.2'
        'expired.example.test'    = 'encrypt protocols=>=TLSv1.2'
        'wrongname.example.test'  = 'encrypt protocols=>=TLSv1.2'
        'selfsigned.example.test' = 'encrypt protocols=>=TLSv1.2'
        'nostarttls.example.test' = $null
        'legacy.example.test'     = $null
    }
    $script:rows = @($expected.Keys | Test-MailDomainTls @labArgs)
    $script:csv = Join-Path $TestDrive 'roll-up.csv'
    $rows | Export-Csv $csv -NoTypeInformation

    # Runs postmap or postconf against a Postfix configuration directory; output and exit code.
    function Invoke-Postfix([string] $Command, [string[]] $Arguments) {
        $output = & $Command @Arguments 2>&1
        [pscustomobject]@{ Output = @($output | ForEach-Object { "$_" }); ExitCode = $LASTEXITCODE }
    }
}

Describe 'Export-ForcedTlsPolicy -Format Postfix, loaded into the lab''s Postfix' -Tag CI {
    BeforeAll {
        # A Postfix configuration of our own: the lab's main.cf and master.cf, then the exported lines.
        $script:postfix = Join-Path $TestDrive 'postfix'
        $null = New-Item -ItemType Directory $postfix
        Copy-Item (Join-Path $lab.postfixConfigDirectory 'main.cf'), (Join-Path $lab.postfixConfigDirectory 'master.cf') $postfix
        $script:table = Join-Path $postfix 'tls_policy'
        $script:policy = Import-Csv $csv | Export-ForcedTlsPolicy Postfix -Path $table -WarningVariable script:leftOut -WarningAction SilentlyContinue
        $script:postmap = Invoke-Postfix postmap @('-c', $postfix, "hash:$table")
    }

    It 'writes the table to -Path and says what it holds' {
        $policy.Path | Should -Be $table
        $policy.Domains | Should -Be 6
        $policy.LeftOut | Should -Be 2
        (Get-Content -Raw $table) | Should -Be $policy.Policy
    }

    It 'builds with postmap' {
        $postmap.Output | Should -BeNullOrEmpty
        $postmap.ExitCode | Should -Be 0
        Test-Path "$table.db" | Should -BeTrue
    }

    It 'gives each lab domain the policy of its level in postmap -q, and none to a domain below Encrypt' {
        $wrong = foreach ($domain in $expected.Keys) {
            $lookup = Invoke-Postfix postmap @('-c', $postfix, '-q', $domain, "hash:$table")
            $want = if ($expected[$domain]) { @($expected[$domain], 0) } else { @('', 1) }
            if ("$($lookup.Output)" -ne $want[0] -or $lookup.ExitCode -ne $want[1]) {
                "$domain -> '$($lookup.Output)' (exit $($lookup.ExitCode)), expected '$($want[0])' (exit $($want[1]))"
            }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'holds exactly the domains it exported (postmap -s)' {
        $dump = Invoke-Postfix postmap @('-c', $postfix, '-s', "hash:$table")
        $dump.ExitCode | Should -Be 0
        $entries = $dump.Output | ForEach-Object { ($_ -split '\s+', 2)[0] } | Sort-Object
        $entries | Should -Be ($policy.GetEntries().Domain | Sort-Object)
    }

    It 'writes main.cf lines that postconf accepts, and through which Postfix finds each domain''s policy' {
        # As an admin would: the lines replace the settings of the same names, then go at the end.
        $mainCf = Join-Path $postfix 'main.cf'
        $names = $policy.Configuration -split "`n" | Where-Object { $_ -match '^(\w+)\s*=' } | ForEach-Object { $Matches[1] }
        $names | Should -Be @('smtp_tls_policy_maps', 'smtp_dns_support_level')
        $kept = Get-Content $mainCf | Where-Object { $_ -notmatch "^($($names -join '|'))\s*=" }
        Set-Content $mainCf ($kept + $policy.Configuration)
        $all = Invoke-Postfix postconf @('-c', $postfix, '-n')
        $all.ExitCode | Should -Be 0
        ($all.Output -match 'warning') | Should -BeNullOrEmpty -Because 'postconf warns about unknown, unused or repeated parameters'
        $all.Output | Should -Contain "smtp_tls_policy_maps = hash:$table"
        $all.Output | Should -Contain 'smtp_dns_support_level = dnssec'

        # The policy lookup as Postfix's SMTP client does it: through the table main.cf names.
        $maps = (Invoke-Postfix postconf @('-c', $postfix, '-h', 'smtp_tls_policy_maps')).Output
        foreach ($domain in $expected.Keys | Where-Object { $expected[$_] }) {
            (Invoke-Postfix postmap @('-c', $postfix, '-q', $domain, "$maps")).Output | Should -Be $expected[$domain]
        }
    }

    It 'names each domain it left out in a warning, with the reason' {
        $leftOut.Count | Should -Be 2
        "$($leftOut[0])" | Should -BeLike 'legacy.example.test is left out of the forced-TLS policy: ForcedTls None, below Encrypt. Do not force TLS: *fails the TLS handshake*'
        "$($leftOut[1])" | Should -BeLike 'nostarttls.example.test is left out of the forced-TLS policy: ForcedTls None, below Encrypt. Do not force TLS: *does not offer STARTTLS*'
    }

    It 'gives a roll-up of the 1,000 scale domains each its level in the table' {
        $kinds = Import-Csv $lab.scale.kinds -Delimiter "`t"
        $scale = Test-MailDomainTls -Path $lab.scale.domains @labArgs -ThrottleLimit 100 | Export-ForcedTlsPolicy Postfix -Path (Join-Path $postfix 'scale') -WarningAction SilentlyContinue
        (Invoke-Postfix postmap @('-c', $postfix, "hash:$(Join-Path $postfix 'scale')")).ExitCode | Should -Be 0
        $table = @{}
        $dump = Invoke-Postfix postmap @('-c', $postfix, '-s', "hash:$(Join-Path $postfix 'scale')")
        ($dump.Output -match 'warning') | Should -BeNullOrEmpty
        foreach ($line in $dump.Output) {
            $key, $value = $line -split '\s+', 2
            $table[$key] = ($value -split ' ')[0]
        }

        $word = @{ Dane = 'dane-only'; Verify = 'secure'; Encrypt = 'encrypt'; None = $null }
        $wrong = foreach ($kind in $kinds) {
            $domain = "$($kind.domain).scale.test"
            if ($table[$domain] -ne $word[$kind.forcedTls]) { "$domain ($($kind.kind)): '$($table[$domain])', expected '$($word[$kind.forcedTls])'" }
        }
        $wrong | Should -BeNullOrEmpty
        $table.Count | Should -Be @($kinds | Where-Object forcedTls -ne 'None').Count
        $scale.Domains | Should -Be $table.Count
    }
}

Describe 'Export-ForcedTlsPolicy -Format Exchange and ExchangeOnline' -Tag CI {
    BeforeAll {
        $script:allowed = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../data/ExchangeConnectorCmdlets.psd1')

        # The parameter names a command uses: its own, and the keys of a hashtable splatted into it
        # (the last assignment to that variable before the command).
        function Get-UsedParameter($Command, $Ast) {
            $names = @($Command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
            foreach ($splat in $Command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.VariableExpressionAst] -and $_.Splatted }) {
                $assignment = $Ast.FindAll({
                        param($node)
                        $node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Left.VariablePath.UserPath -eq $splat.VariablePath.UserPath -and $node.Extent.EndOffset -lt $Command.Extent.StartOffset
                    }, $true) | Select-Object -Last 1
                $assignment | Should -Not -BeNullOrEmpty -Because "@$($splat.VariablePath.UserPath) must be assigned before $($Command.GetCommandName())"
                $hashtable = $assignment.Right.Expression
                $hashtable | Should -BeOfType ([System.Management.Automation.Language.HashtableAst])
                $names += $hashtable.KeyValuePairs | ForEach-Object { $_.Item1.Value }
            }
            $names
        }
    }

    It '<Format>: parses without errors, and uses only commands, parameters and values Exchange documents' -TestCases @(
        @{ Format = 'Exchange' }
        @{ Format = 'ExchangeOnline' }
    ) {
        $script = (Import-Csv $csv | Export-ForcedTlsPolicy $Format -WarningAction SilentlyContinue).Policy
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($script, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty

        $commands = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true))
        $commands.Count | Should -Be (6 * 3) -Because 'each of the 6 domains gets a Get-, a Set- and a New- command'
        foreach ($command in $commands) {
            $name = $command.GetCommandName()
            $allowed.Cmdlets.Keys | Should -Contain $name
            $documented = $allowed.Cmdlets[$name].Parameters + $allowed.CommonParameters
            foreach ($parameter in Get-UsedParameter $command $ast) {
                $documented | Should -Contain $parameter -Because "$name documents its parameters at $($allowed.Cmdlets[$name].Source)"
            }
        }

        # The values of the TLS settings are the documented ones.
        $settings = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $true)
        foreach ($pair in $settings.KeyValuePairs | Where-Object { $_.Item1.Value -in 'TlsAuthLevel', 'TlsSettings', 'ConnectorType' }) {
            $value = $pair.Item2.PipelineElements[0].Expression.Value
            $allowed.Cmdlets["New-$(if ($Format -eq 'Exchange') { 'Send' } else { 'Outbound' })Connector"].Values[$pair.Item1.Value] | Should -Contain $value
        }
    }

    It '<Format>: runs every New- and Set- command with -WhatIf until it is run with -Apply' -TestCases @(
        @{ Format = 'Exchange'; Noun = 'SendConnector' }
        @{ Format = 'ExchangeOnline'; Noun = 'OutboundConnector' }
    ) {
        $file = Join-Path $TestDrive "forced-tls-$Format.ps1"
        $null = Import-Csv $csv | Export-ForcedTlsPolicy $Format -Path $file -WarningAction SilentlyContinue

        # Exchange's cmdlets, stood in for by functions that declare exactly the documented parameters:
        # PowerShell's own binding then refuses any other name, splatted or not.
        $global:ExchangeCalls = [System.Collections.Generic.List[object]]::new()
        $global:ExchangeConnectorsExist = $false
        foreach ($verb in 'Get', 'New', 'Set') {
            $name = "$verb-$Noun"
            $parameters = $allowed.Cmdlets[$name].Parameters | Where-Object { $_ -notin 'WhatIf', 'Confirm' } | ForEach-Object { "[object] `$$_" }
            $body = if ($verb -eq 'Get') {
                'if ($global:ExchangeConnectorsExist) { [pscustomobject]@{ Identity = $Identity } }'
            }
            else {
                "`$global:ExchangeCalls.Add([pscustomobject]@{ Command = '$name'; WhatIf = [bool]`$WhatIfPreference; Parameters = [hashtable]`$PSBoundParameters })"
            }
            Set-Item "function:global:$name" ([scriptblock]::Create("[CmdletBinding(SupportsShouldProcess)] param($($parameters -join ', ')) $body"))
        }

        try {
            $arguments = if ($Format -eq 'Exchange') { @{ SourceTransportServers = 'EX01', 'EX02' } } else { @{} }
            & $file @arguments
            $calls = $global:ExchangeCalls
            $calls.Count | Should -Be 6
            $calls | ForEach-Object { $_.Command } | Sort-Object -Unique | Should -Be "New-$Noun"
            $calls.WhatIf | Sort-Object -Unique | Should -Be $true
            if ($Format -eq 'Exchange') { $calls[0].Parameters.SourceTransportServers | Should -Be @('EX01', 'EX02') }

            $calls.Clear()
            $global:ExchangeConnectorsExist = $true
            & $file @arguments -Apply
            $calls.Count | Should -Be 6
            $calls | ForEach-Object { $_.Command } | Sort-Object -Unique | Should -Be "Set-$Noun"
            $calls.WhatIf | Sort-Object -Unique | Should -Be $false
            $setting = if ($Format -eq 'Exchange') { 'TlsAuthLevel' } else { 'TlsSettings' }
            $tls12 = ($calls | Where-Object { $_.Parameters.Identity -eq 'Forced TLS tls12.example.test' }).Parameters
            $tls12[$setting] | Should -Be 'DomainValidation'
            $tls12.TlsDomain | Should -Be 'tls12.example.test'
            $expired = ($calls | Where-Object { $_.Parameters.Identity -eq 'Forced TLS expired.example.test' }).Parameters
            $expired[$setting] | Should -Be 'EncryptionOnly'
            $expired.ContainsKey('TlsDomain') | Should -BeTrue -Because 'an update away from DomainValidation clears the TlsDomain'
            $expired.TlsDomain | Should -BeNullOrEmpty
        }
        finally {
            foreach ($verb in 'Get', 'New', 'Set') { Remove-Item "function:global:$verb-$Noun" }
            Remove-Variable ExchangeCalls, ExchangeConnectorsExist -Scope Global
        }
    }
}

Describe 'Export-ForcedTlsPolicy -Format Exim and Sendmail' -Tag CI {
    It 'Exim: one "domain: level" line per domain, and the routers and transports that read the file' {
        $policy = $rows | Export-ForcedTlsPolicy Exim -Path (Join-Path $TestDrive 'forced-tls') -WarningAction SilentlyContinue
        $lines = @(Get-Content $policy.Path | Where-Object { $_ -and $_ -notlike '#*' })
        $lines | Should -Be @('example.test:            dane', 'example2.test:           verify', 'expired.example.test:    encrypt', 'selfsigned.example.test: encrypt', 'tls12.example.test:      verify', 'wrongname.example.test:  encrypt')
        $policy.Configuration | Should -Match "domains = lsearch;$([regex]::Escape($policy.Path))"
        $policy.Configuration | Should -Match 'hosts_require_dane = \*'
    }

    It 'Sendmail: TLS_Rcpt entries, VERIFY:128 from Verify up, ENCR:128 for Encrypt, OK for a domain left out under one of them' {
        $policy = $rows | Export-ForcedTlsPolicy Sendmail -WarningAction SilentlyContinue
        @($policy.Policy -split "`n" | Where-Object { $_ -like 'TLS_Rcpt:*' }) | Should -Be @(
            "TLS_Rcpt:example.test`tVERIFY:128", "TLS_Rcpt:example2.test`tVERIFY:128", "TLS_Rcpt:expired.example.test`tENCR:128",
            "TLS_Rcpt:selfsigned.example.test`tENCR:128", "TLS_Rcpt:tls12.example.test`tVERIFY:128", "TLS_Rcpt:wrongname.example.test`tENCR:128",
            "TLS_Rcpt:legacy.example.test`tOK", "TLS_Rcpt:nostarttls.example.test`tOK")
        $policy.Apply | Should -Be "makemap hash /etc/mail/access < /etc/mail/access`n"
    }
}

Describe 'Export-ForcedTlsPolicy with the input admins give it' -Tag CI {
    It 'writes the same policy from the objects, from Import-Csv and from ConvertFrom-Json' {
        $json = Join-Path $TestDrive 'roll-up.json'
        $rows | ConvertTo-Json | Set-Content $json
        $fromObjects = ($rows | Export-ForcedTlsPolicy Postfix -WarningAction SilentlyContinue).Policy
        ($fromObjects) | Should -Be (Import-Csv $csv | Export-ForcedTlsPolicy Postfix -WarningAction SilentlyContinue).Policy
        ($fromObjects) | Should -Be ((Get-Content -Raw $json | ConvertFrom-Json) | Export-ForcedTlsPolicy Postfix -WarningAction SilentlyContinue).Policy
    }

    It 'takes -DomainName with -Level, without a roll-up' {
        $policy = Export-ForcedTlsPolicy Postfix -DomainName partner.example, (New-AcceptedDomain other.example) -Level Verify
        @($policy.Policy -split "`n" | Where-Object { $_ -and $_ -notlike '#*' }) | Should -Be @('other.example    verify', 'partner.example  verify')
    }

    It 'leaves out what is below -MinimumLevel' {
        $policy = $rows | Export-ForcedTlsPolicy Postfix -MinimumLevel Verify -WarningVariable warnings -WarningAction SilentlyContinue
        $policy.GetEntries().Domain | Sort-Object | Should -Be @('example.test', 'example2.test', 'tls12.example.test')
        $warnings.Count | Should -Be 5
    }

    It 'writes InvalidReportRow for a row that is not one, and goes on' {
        $bad = [pscustomobject]@{ Domain = 'broken.example'; ForcedTls = 'Secure' }
        $policy = @($rows[0], $bad, 'text', $rows[1]) | Export-ForcedTlsPolicy Postfix -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $policy.Domains | Should -Be 2
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidReportRow,MailTls.Commands.ExportForcedTlsPolicyCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject.Domain | Should -Be 'broken.example'
        "$($problems[0])" | Should -Match "ForcedTls 'Secure' is not one of None, Encrypt, Verify, Dane"
    }

    It 'warns about a domain listed twice and takes its first row' {
        $policy = @($rows[0], $rows[0]) | Export-ForcedTlsPolicy Postfix -WarningVariable warnings -WarningAction SilentlyContinue
        $policy.Domains | Should -Be 1
        "$warnings" | Should -Match 'example.test is listed more than once in the input; its first row counts'
    }

    It 'writes NoInput for $null, and InvalidDomainName for a -DomainName that is none' {
        $null | Export-ForcedTlsPolicy Postfix -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'NoInput,MailTls.Commands.ExportForcedTlsPolicyCommand'
        Export-ForcedTlsPolicy Postfix -DomainName 'user@partner.example' -Level Encrypt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,MailTls.Commands.ExportForcedTlsPolicyCommand'
    }

    It 'writes nothing with -WhatIf, and PolicyFileNotWritten where it cannot write' {
        $file = Join-Path $TestDrive 'whatif_policy'
        $rows | Export-ForcedTlsPolicy Postfix -Path $file -WhatIf -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        Test-Path $file | Should -BeFalse
        # A folder that does not exist stops the pipeline before upstream checks a single domain.
        $script:upstreamRan = $false
        $thrown = { & { $script:upstreamRan = $true; $rows } | Export-ForcedTlsPolicy Postfix -Path (Join-Path $TestDrive 'no/such/dir/tls_policy') -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'PolicyFileNotWritten,MailTls.Commands.ExportForcedTlsPolicyCommand' -PassThru
        $thrown.CategoryInfo.Category | Should -Be 'WriteError'
        $thrown.Exception.Message | Should -Match 'does not exist'
        $upstreamRan | Should -BeFalse
    }

    It 'shows the configuration, the commands and the policy, readable at 80 columns; Set-Content writes the policy' {
        $policy = $rows | Export-ForcedTlsPolicy Postfix -WarningAction SilentlyContinue
        $text = $policy | Out-String -Width 80
        $text | Should -Match 'Postfix forced-TLS policy: 6 domain\(s\), 2 left out'
        $text | Should -Match '--- configuration ---\s+smtp_tls_policy_maps = hash:/etc/postfix/tls_policy'
        $text | Should -Match '--- then run ---\s+postmap hash:/etc/postfix/tls_policy'
        $text | Should -Match 'example\.test\s+dane-only protocols=>=TLSv1\.2'
        ($policy.Policy -split "`n" | Where-Object { $_ -like '#*' -and $_.Length -gt 80 }) | Should -BeNullOrEmpty -Because 'the comments of the table fit 80 columns'

        $file = Join-Path $TestDrive 'set-content_policy'
        $policy | Set-Content $file -NoNewline
        Get-Content -Raw $file | Should -Be $policy.Policy
    }

    It 'says what it did with -Verbose' {
        $verbose = $rows | Export-ForcedTlsPolicy Sendmail -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Be 'Sendmail policy: 6 domain(s) in it, 2 left out (below Encrypt).'
    }
}
