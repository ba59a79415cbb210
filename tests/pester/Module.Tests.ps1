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
