BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls

    # A message that went Sendmail submission -> Exim (clear text) -> Postfix (TLS 1.3) -> Exchange Online,
    # each header in its MTA's own format (see tests/MailTls.Core.Tests/Received/ReceivedSamples.cs).
    $script:eml = Join-Path $TestDrive 'message.eml'
    Copy-Item (Join-Path $PSScriptRoot '../corpus/received/relayed.eml') $eml
    $script:message = Get-Content -Raw $eml
}

Describe 'Get-ReceivedTls' -Tag CI {
    It 'gives one ReceivedHop per Received header, oldest first, with the TLS evidence' {
        $hops = Get-ReceivedTls $eml
        $hops.Count | Should -Be 5
        $hops[0].PSObject.TypeNames[0] | Should -Be 'MailTls.ReceivedHop'
        $hops.Hop | Should -Be 1, 2, 3, 4, 5
        $hops.Software | Should -Be 'Sendmail', 'Exim', 'Postfix', 'Exchange Online', 'Exchange Online'
        "$($hops.Encrypted)" | Should -Be 'Unknown False True True True'
        $hops[0].IsLocal | Should -BeTrue
        $hops[2].TlsProtocol | Should -Be 'Tls13'
        $hops[2].CipherSuite | Should -Be 'TLS_AES_256_GCM_SHA384'
        $hops[3].CipherSuite | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
        $hops[1].FromAddress | Should -Be '198.51.100.20'
        $hops[2].Timestamp | Should -Be ([DateTimeOffset]'2024-06-03T08:15:07Z')
        $hops.DelaySeconds | Should -Be $null, 2, 3, 1, 1
        $hops[4].MessageId | Should -Be 'hops-1@example.org'
        $hops[1].Evidence | Should -Match 'Exim marks every TLS session'
        $hops[3].Raw | Should -Not -Match "`n"
    }

    It 'reads pasted header text, a single Received value, and whole messages from the pipeline' {
        $headerOnly = ($message -split "`r`n`r`n")[0]
        @($headerOnly | Get-ReceivedTls).Count | Should -Be 5
        $one = 'from a.example.org (a.example.org [192.0.2.1]) by b.example.net (Postfix) with ESMTPS id 1; Mon, 3 Jun 2024 10:15:02 +0000' | Get-ReceivedTls
        $one.Encrypted | Should -Be 'True'
        @(Get-ChildItem $eml | Get-ReceivedTls).Count | Should -Be 5
        @(Get-ReceivedTls -InputObject $message, $message).Count | Should -Be 10
    }

    It '-Summary gives one object per message with the first hop not proven encrypted' {
        $summary = Get-ReceivedTls $eml -Summary
        $summary.PSObject.TypeNames[0] | Should -Be 'MailTls.ReceivedTlsSummary'
        $summary.Hops | Should -Be 5
        $summary.EncryptedHops | Should -Be 3
        $summary.UnencryptedHops | Should -Be 1
        $summary.LocalHops | Should -Be 1
        $summary.AllEncrypted | Should -BeFalse
        $summary.FirstUnprovenHop | Should -Be 2
        $summary.FirstUnprovenBy | Should -Be 'relay.example.org'
        "$($summary.FirstUnprovenState)" | Should -Be 'False'
        $summary.LowestTlsProtocol | Should -Be 'Tls12'
        $summary.Subject | Should -Be 'Quarterly figures'
    }

    It 'finds hops that were not encrypted with Where-Object, and exports flat rows' {
        $clear = Get-ReceivedTls $eml | Where-Object { -not $_.IsLocal -and $_.Encrypted -ne 'True' }
        $clear.By | Should -Be 'relay.example.org'
        $csv = Join-Path $TestDrive 'hops.csv'
        Get-ReceivedTls $eml | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 5
        $rows[2].Encrypted | Should -Be 'True'
        $rows[2].TlsProtocol | Should -Be 'Tls13'
        $rows[1].Software | Should -Be 'Exim'
        (Get-ReceivedTls $eml | ConvertTo-Json | ConvertFrom-Json)[2].CipherSuite | Should -Be 'TLS_AES_256_GCM_SHA384'
    }

    It 'shows a hop table at 80 and 120 columns, and a list with the evidence' {
        $narrow = Get-ReceivedTls $eml | Out-String -Width 80
        $narrow | Should -Match 'Hop Encrypted From\s+By\s+With\s+TLS\s+Software\s+Delay'
        $narrow | Should -Match '3 True\s+relay\.example\.org'
        ($narrow -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        (Get-ReceivedTls $eml | Out-String -Width 120) | Should -Match 'relay\.example\.org\s+mx\.example\.net\s+ESMTPS\s+Tls13 Postfix'
        (Get-ReceivedTls $eml | Select-Object -Index 1 | Format-List | Out-String) | Should -Match 'Evidence\s+: with esmtp: Exim'
        (Get-ReceivedTls $eml -Summary | Out-String -Width 80) | Should -Match 'Hops\s+TLS\s+Clear\s+Unknown\s+Local\s+AllEncrypted\s+FirstUnproven'
        (Get-ReceivedTls $eml -Summary | Out-String -Width 120) | Should -Match '2: relay\.example\.org \(False\)\s+message\.eml'
    }

    It 'writes ReceivedHeaderNotFound for text without Received headers, and goes on' {
        $results = 'Subject: no hops', $message | Get-ReceivedTls -ErrorVariable failed -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 5
        $failed[0].FullyQualifiedErrorId | Should -Be 'ReceivedHeaderNotFound,MailTls.Commands.GetReceivedTlsCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Get-Content -Raw'
        Get-ReceivedTls (Join-Path $TestDrive 'none.eml') -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }

    It 'writes NoInput when no message was given' {
        @() | Get-ReceivedTls -ErrorVariable none -ErrorAction SilentlyContinue
        $none[0].FullyQualifiedErrorId | Should -Be 'NoInput,MailTls.Commands.GetReceivedTlsCommand'
    }

    It 'says how many headers it read with -Verbose' {
        $verbose = Get-ReceivedTls $eml -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match '5 Received headers'
    }

    It 'has Get-Help examples' {
        $examples = (Get-Help Get-ReceivedTls).examples.example
        $examples.Count | Should -BeGreaterOrEqual 3
        ($examples.code -join "`n") | Should -Match '-Summary'
    }
}
