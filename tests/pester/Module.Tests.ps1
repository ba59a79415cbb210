BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:root = Get-RepoRoot
}

Describe 'The MailTls module' -Tag CI {
    It 'passes Test-ModuleManifest with the metadata a gallery needs' {
        $manifest = Test-ModuleManifest (Join-Path $root 'MailTls.psd1')
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.Tags | Should -Contain 'MTA-STS'
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets its manifest lists, and no wildcard' {
        $data = Import-PowerShellDataFile (Join-Path $root 'MailTls.psd1')
        $data.CmdletsToExport | Should -Not -Contain '*'
        $data.FunctionsToExport.Count | Should -Be 0
        $exported = (Get-Command -Module MailTls).Name | Sort-Object
        $exported | Should -Be ($data.CmdletsToExport | Sort-Object)
    }

    It 'loads the build this run asked for' {
        $location = (Get-Command Resolve-MailExchanger).ImplementingType.Assembly.Location
        $location | Should -BeLike "*bin?$(Get-ExpectedFramework)?MailTls.dll"
    }

    It 'loads its dependencies from its own folder, isolated on .NET' {
        $null = Resolve-MailExchanger example.test -DnsServer (Get-Lab).resolver
        $dnsClient = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'DnsClient' })
        $dnsClient.Count | Should -Be 1
        $dnsClient[0].Location | Should -BeLike "*bin?$(Get-ExpectedFramework)?dependencies?DnsClient.dll"
        # The netstandard2.0 build is for Windows PowerShell 5.1, which has no load contexts.
        $expectedContext = if ((Get-ExpectedFramework) -eq 'net8.0') { 'MailTls' } else { 'Default' }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($dnsClient[0]).Name | Should -Be $expectedContext
    }

    It 'ships only its own assembly beside the manifest''s loader, and no System.Management.Automation' {
        $bin = Join-Path $root "bin/$(Get-ExpectedFramework)"
        (Get-ChildItem $bin -File).Name | Where-Object { $_ -notlike '*.pdb' } | Should -Be 'MailTls.dll'
        Get-ChildItem $bin -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'declares its format file, and the file has a view for every output type' {
        $formats = Get-FormatData -TypeName 'MailTls.MailExchanger'
        $formats | Should -Not -BeNullOrEmpty
    }
}

Describe 'Every domain cmdlet with the input admins really give it' -Tag CI {
    BeforeDiscovery {
        $script:domainCmdlets = @(
            @{ Name = 'Resolve-MailExchanger' }
            @{ Name = 'Test-SmtpTls' }
            @{ Name = 'Get-MtaStsRecord' }
            @{ Name = 'Get-MtaStsPolicy' }
            @{ Name = 'Test-MtaSts' }
            @{ Name = 'Get-TlsRptRecord' }
            @{ Name = 'Get-DaneTlsa' }
            @{ Name = 'Test-MailDomainTls' }
        )
    }

    BeforeAll {
        $script:lab = Get-Lab
        function Invoke-Cmdlet([string] $Name, [scriptblock] $Feed) {
            $splat = @{ DnsServer = $lab.resolver; ErrorVariable = 'problems'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
            if ((Get-Command $Name).Parameters.ContainsKey('TrustedRootCertificate')) { $splat.TrustedRootCertificate = $lab.caCertificate }
            $output = & $Feed | & $Name @splat
            [pscustomobject]@{ Output = @($output); Errors = @($problems) }
        }
    }

    It '<Name>: $null writes NoInput' -TestCases $domainCmdlets {
        $run = Invoke-Cmdlet $Name { $null }
        $run.Output.Count | Should -Be 0
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NoInput,*'
    }

    It '<Name>: an empty list writes NoInput' -TestCases $domainCmdlets {
        $run = Invoke-Cmdlet $Name { @() }
        $run.Output.Count | Should -Be 0
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NoInput,*'
    }

    It '<Name>: an Exchange AcceptedDomain, live and deserialized, is its DomainName' -TestCases $domainCmdlets {
        foreach ($deserialized in $false, $true) {
            $run = Invoke-Cmdlet $Name { New-AcceptedDomain example.test -Deserialized:$deserialized }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output.Count | Should -BeGreaterThan 0
            $domains = $run.Output | ForEach-Object { if ($_.PSObject.Properties['Domain']) { $_.Domain } }
            $domains | Select-Object -Unique | Should -Be 'example.test'
        }
    }

    It '<Name>: bad punycode is InvalidDomainName with a sentence' -TestCases $domainCmdlets {
        $run = Invoke-Cmdlet $Name { 'xn--zz.test' }
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDomainName,*'
        $run.Errors[0].Exception.Message | Should -Match 'not valid punycode'
    }

    It '<Name>: <Given> says to use <Advice>' -TestCases @(
        @{ Name = 'Test-SmtpTls'; Given = 'mx1.example.test:465'; Advice = '-Port 465' }
        @{ Name = 'Test-SmtpTls'; Given = '[127.0.0.11]'; Advice = '-ComputerName 127.0.0.11' }
        @{ Name = 'Resolve-MailExchanger'; Given = '127.0.0.11'; Advice = '-ComputerName 127.0.0.11' }
    ) {
        $run = Invoke-Cmdlet $Name { $Given }
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDomainName,*'
        $run.Errors[0].Exception.Message | Should -BeLike "*$Advice*"
    }

    It 'says udp:// resolvers take a plain address' {
        { Resolve-MailExchanger example.test -DnsServer "udp://$($lab.resolver)" -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*-DnsServer $($lab.resolver)*"
    }
}

Describe 'Every view at 80 and 120 columns' -Tag CI {
    BeforeDiscovery {
        $script:views = @(
            @{ Type = 'MailTls.MailExchanger'; Header = 'Domain\s+Pref\s+Exchange\s+DNSSEC'; Make = { Resolve-MailExchanger example.test, nullmx.example.test, example2.test -DnsServer $lab.resolver } }
            @{ Type = 'MailTls.SmtpTlsResult'; Header = 'Exchange\s+Address\s+Verdict\s+TLS'; Make = { Test-SmtpTls example.test, nostarttls.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate } }
            @{ Type = 'MailTls.SmtpTlsResult (list)'; Header = 'Verdict\s+: Warn'; Make = { Test-SmtpTls expired.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate | Format-List } }
            @{ Type = 'MailTls.MtaStsRecord'; Header = 'Domain\s+Status\s+Id\s+DNSSEC'; Make = { Get-MtaStsRecord example.test, sts-badid.example.test -DnsServer $lab.resolver } }
            @{ Type = 'MailTls.MtaStsPolicy'; Header = 'Domain\s+Valid\s+Mode'; Make = { Get-MtaStsPolicy example.test, sts-redirect.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate } }
            @{ Type = 'MailTls.MtaStsAssessment'; Header = 'Domain\s+Verdict\s+Policy\s+Ready'; Make = { Test-MtaSts example.test, sts-mxmiss.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate } }
            @{ Type = 'MailTls.MtaStsAssessment (list)'; Header = 'ReadyToEnforce\s+:'; Make = { Test-MtaSts sts-mxmiss.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate | Format-List } }
            @{ Type = 'MailTls.MtaStsExchanger'; Header = 'Exchange\s+Address\s+Pattern'; Make = { (Test-MtaSts sts-mxmiss.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate).Exchangers } }
            @{ Type = 'MailTls.TlsRptRecord'; Header = 'Domain\s+Status\s+Rua or Errors'; Make = { Get-TlsRptRecord example.test, rpt-baduri.example.test -DnsServer $lab.resolver } }
            @{ Type = 'MailTls.TlsaRecord'; Header = 'Name\s+Record\s+DNSSEC\s+Usable'; Make = { Get-DaneTlsa example.test, example2.test -DnsServer $lab.resolver } }
            @{ Type = 'MailTls.DomainTlsReport'; Header = 'Domain\s+Verdict\s+ForcedTls\s+MtaSts\s+Findings'; Make = { Test-MailDomainTls example.test, nostarttls.example.test, nointermediate.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate } }
            @{ Type = 'MailTls.DomainTlsReport (list)'; Header = 'ForcedTls\s+: Dane'; Make = { Test-MailDomainTls example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate | Format-List } }
            @{ Type = 'MailTls.MailClientTlsResult'; Header = 'HostName\s+Protocol\s+Port\s+Verdict\s+TLS\s+Findings'; Make = { Test-MailClientTls usual.example.test -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate; Test-MailClientTls -ComputerName legacy.client.example.test -Protocol Imap -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate } }
            @{ Type = 'MailTls.MailClientTlsResult (list)'; Header = 'AuthBeforeTls\s+: yes'; Make = { Test-MailClientTls usual.example.test -Protocol Imap -TlsMode StartTls -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate | Format-List } }
            @{ Type = 'MailTls.TlsaRecordDraft'; Header = 'Record\s+: 3 1 1 [0-9A-F]+'; Make = { New-DaneTlsa $lab.smtp.good.certificate } }
            @{ Type = 'MailTls.TlsCipherSuite'; Header = 'Rank\s+CipherSuite\s+Class\s+Bits\s+Group'; Make = { Get-MailTlsCipherSuite $lab.smtp.legacy.host -DnsServer $lab.resolver } }
            @{ Type = 'MailTls.TlsProtocolSupport'; Header = 'Host\s+Address\s+Verdict\s+Versions accepted\s+Findings'; Make = { Get-MailTlsCipherSuite $lab.smtp.legacy.host, $lab.smtp.legacyall.host -DnsServer $lab.resolver -Summary } }
            @{ Type = 'MailTls.TlsProtocolSupport (list)'; Header = 'Versions\s+: SSL 3\.0 NotAccepted, TLS 1\.0 Accepted'; Make = { Get-MailTlsCipherSuite $lab.smtp.legacy.host -DnsServer $lab.resolver -Summary | Format-List } }
        )
    }

    BeforeAll { $script:lab = Get-Lab }

    It '<Type> fits and shows what matters first' -TestCases $views {
        $objects = & $Make
        foreach ($width in 80, 120) {
            $text = $objects | Out-String -Width $width
            $text | Should -Match $Header
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty -Because "at $width columns"
        }
    }
}
