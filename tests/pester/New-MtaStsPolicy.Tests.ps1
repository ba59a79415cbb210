BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
}

Describe 'New-MtaStsPolicy' -Tag CI {
    It 'writes a policy for the domain''s current MX hosts, with CRLF lines and a fresh record id' {
        $draft = New-MtaStsPolicy example.test -Mode enforce -DnsServer $lab.resolver
        $draft.PSObject.TypeNames[0] | Should -Be 'MailTls.MtaStsPolicyDraft'
        $draft.Policy | Should -Be "version: STSv1`r`nmode: enforce`r`nmx: mx1.example.test`r`nmx: mx2.example.test`r`nmax_age: 604800`r`n"
        $draft.PolicyUrl | Should -Be 'https://mta-sts.example.test/.well-known/mta-sts.txt'
        $draft.RecordName | Should -Be '_mta-sts.example.test'
        $draft.Record | Should -Match '^v=STSv1; id=[A-Za-z0-9]{1,32}$'
        $draft.Record | Should -Be "v=STSv1; id=$($draft.Id)"
        $draft.Mode | Should -Be 'enforce'
    }

    It 'defaults to testing mode and a week, and takes patterns from -Mx' {
        $draft = New-MtaStsPolicy contoso.com -Mx 'mail.contoso.com', '*.mail.protection.outlook.com'
        $draft.Mode | Should -Be 'testing'
        $draft.MaxAge | Should -Be 604800
        @($draft.Mx) | Should -Be @('mail.contoso.com', '*.mail.protection.outlook.com')
    }

    It 'writes InvalidMtaStsPolicy for a pattern senders cannot use' {
        New-MtaStsPolicy contoso.com -Mx 'mail.*.contoso.com' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidMtaStsPolicy,MailTls.Commands.NewMtaStsPolicyCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'makes a mode none policy (to withdraw MTA-STS) without any mx' {
        $draft = New-MtaStsPolicy -Mode none -MaxAge 86400
        $draft.Policy | Should -Be "version: STSv1`r`nmode: none`r`nmax_age: 86400`r`n"
    }

    It 'says why a pattern is refused, without .NET parameter noise' {
        New-MtaStsPolicy contoso.com -Mx 'mail.*.contoso.com' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Not -Match '\(Parameter'
        $err[0].Exception.Message | Should -BeLike '*mail.`*.contoso.com*'
    }

    It 'writes PolicyFileNotWritten when the file cannot be written' {
        $file = Join-Path $TestDrive 'missing-folder/mta-sts.txt'
        New-MtaStsPolicy contoso.com -Mx mail.contoso.com -Path $file -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyFileNotWritten,MailTls.Commands.NewMtaStsPolicyCommand'
        $err[0].CategoryInfo.Category | Should -Be 'WriteError'
        $err[0].TargetObject | Should -Be $file
    }

    It 'stops with MxRequired when it has neither -Mx nor a domain to look up' {
        { New-MtaStsPolicy -Mode enforce -ErrorAction Stop } | Should -Throw -ErrorId 'MxRequired,MailTls.Commands.NewMtaStsPolicyCommand'
    }

    It 'writes the file with -Path, and -WhatIf writes nothing' {
        $file = Join-Path $TestDrive 'mta-sts.txt'
        $null = New-MtaStsPolicy contoso.com -Mx mail.contoso.com -Path $file -WhatIf
        Test-Path $file | Should -BeFalse
        $draft = New-MtaStsPolicy contoso.com -Mx mail.contoso.com -Path $file
        $draft.Path | Should -Be $file
        $bytes = [IO.File]::ReadAllBytes($file)
        $bytes[0] | Should -Be ([byte][char]'v')
        [Text.Encoding]::ASCII.GetString($bytes) | Should -Be $draft.Policy
    }

    It 'makes a policy that, published into the lab, passes Test-MtaSts' {
        $served = $lab.mtaSts.publish.policyFile
        $original = Get-Content -Raw $served
        try {
            $draft = New-MtaStsPolicy sts-publish.example.test -Mode enforce -DnsServer $lab.resolver -Path $served
            $draft.Mode | Should -Be 'enforce'
            $result = Test-MtaSts sts-publish.example.test @labArgs
            $result.Mode | Should -Be 'enforce'
            @($result.Policy.Mx) | Should -Be @('mx1.example.test', 'mx2.example.test')
            $result.Verdict | Should -Be 'Pass'
            $result.ReadyToEnforce | Should -BeTrue
        }
        finally {
            Set-Content -Path $served -Value $original -NoNewline
        }
    }

    It 'refuses to write several piped domains over one file, and keeps the first' {
        $file = Join-Path $TestDrive 'shared.txt'
        $drafts = 'example.test', 'example2.test' | New-MtaStsPolicy -Mx mx1.example.test -Path $file -ErrorVariable err -ErrorAction SilentlyContinue
        @($drafts).Count | Should -Be 1
        $drafts.Domain | Should -Be 'example.test'
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyPathReused,MailTls.Commands.NewMtaStsPolicyCommand'
        $err[0].TargetObject | Should -Be $file
    }

    It 'writes one file per domain into a folder given as -Path' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'policies')
        $drafts = 'example.test', 'example2.test' | New-MtaStsPolicy -Mx mx1.example.test -Path $folder.FullName
        $drafts.Path | Should -Be @((Join-Path $folder.FullName 'mta-sts.example.test.txt'), (Join-Path $folder.FullName 'mta-sts.example2.test.txt'))
        Get-Content -Raw $drafts[1].Path | Should -Match 'mx: mx1\.example\.test'
    }
}
