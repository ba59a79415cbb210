BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MailTls.TestHelpers.psm1') -Force
    Import-MailTls
    $script:lab = Get-Lab
    $script:labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
    $script:id = 'MailTls.Commands.ExportMailTlsReportCommand'

    # One run against the lab for the whole file: a good domain, one in clear text, an expired
    # certificate, a legacy protocol and a name that does not exist.
    $script:domains = 'example.test', 'nostarttls.example.test', 'expired.example.test', 'legacy.example.test', 'no-such.example.test'
    $script:rows = @($domains | Test-MailDomainTls @labArgs)
    $script:csv = Join-Path $TestDrive 'tls.csv'
    $rows | Export-Csv $csv -NoTypeInformation
    $script:json = Join-Path $TestDrive 'tls.json'
    $rows | ConvertTo-Json | Set-Content $json

    function Get-TableRows([string] $Html) {
        $body = [regex]::Match($Html, '<table id="domains">.*?<tbody>(.*?)</tbody>', 'Singleline').Groups[1].Value
        @([regex]::Matches($body, '<tr>.*?</tr>') | ForEach-Object Value)
    }
}

Describe 'Export-MailTlsReport' -Tag CI {
    It 'writes one self-contained HTML page from Test-MailDomainTls rows, with every domain and the fixes' {
        $rows.Count | Should -Be 5
        $path = Join-Path $TestDrive 'report.html'
        $file = $rows | Export-MailTlsReport -Path $path -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be $path
        $html = Get-Content -Raw $path

        $html | Should -Match '^<!DOCTYPE html>'
        $html | Should -Not -Match '(src|href)=|url\(|@import|https?:'
        (Get-TableRows $html).Count | Should -Be 5
        foreach ($domain in $domains) { $html | Should -Match "data-s=`"$([regex]::Escape($domain))`"" }
        $html | Should -Match '<svg id="chart-protocol"'
        $html | Should -Match '<svg id="chart-expiry"'

        # The fix for the expired certificate is the finding's own advice, encoded.
        $advice = ($rows | Where-Object Domain -EQ 'expired.example.test').GetFindings() | Where-Object Code -EQ CERT_EXPIRED
        $html | Should -Match ([regex]::Escape([System.Net.WebUtility]::HtmlEncode($advice.Message)))
        $html | Should -Match '<code>STARTTLS_NOT_OFFERED</code> <span class="sev">&middot; Error &middot; 1 domain</span>'
    }

    It 'counts the verdicts and forced-TLS levels of the rows' {
        $html = $rows | Export-MailTlsReport
        foreach ($group in $rows | Group-Object Verdict) {
            $html | Should -Match "<div class=`"card v-$($group.Name.ToLowerInvariant())`"><div class=`"n`">$($group.Count)</div>"
        }

        foreach ($group in $rows | Group-Object ForcedTls) {
            $html | Should -Match "<tr><td>$($group.Name)</td><td class=`"n`">$($group.Count)</td>"
        }
    }

    It 'makes the same report from the rows read back with Import-Csv, with the codes but no advice' {
        $html = Import-Csv $csv | Export-MailTlsReport -Title 'From CSV'
        (Get-TableRows $html).Count | Should -Be 5
        $html | Should -Match '<title>From CSV</title>'
        $html | Should -Match '<code>CERT_EXPIRED</code> <span class="sev">&middot; Severity not known &middot; 1 domain</span>'
        $html | Should -Match 'carry only their codes'
        $html | Should -Not -Match '<p class="advice">'
        $fromObjects = $rows | Export-MailTlsReport -Format Json | ConvertFrom-Json
        $fromCsv = Import-Csv $csv | Export-MailTlsReport -Format Json | ConvertFrom-Json
        $fromCsv.Rows | ConvertTo-Json | Should -Be ($fromObjects.Rows | ConvertTo-Json)
        $fromCsv.Totals | ConvertTo-Json | Should -Be ($fromObjects.Totals | ConvertTo-Json)
    }

    It 'reads rows back from ConvertFrom-Json, and its JSON rows are what ConvertTo-Json gives' {
        $report = Get-Content -Raw $json | ConvertFrom-Json | Export-MailTlsReport -Format Json | ConvertFrom-Json
        $report.Rows | ConvertTo-Json | Should -Be (Get-Content -Raw $json | ConvertFrom-Json | ConvertTo-Json)
        $report.Totals.Domains | Should -Be 5
        ($report.Totals.Verdict.PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -Be 5
        $report.Rows[0].Verdict | Should -BeOfType [string]
    }

    It 'chooses the format by the extension, and -Format overrides it' {
        $rows | Export-MailTlsReport -Path (Join-Path $TestDrive 'r.md')
        Get-Content (Join-Path $TestDrive 'r.md') -First 1 | Should -Be '# Mail TLS report'
        $rows | Export-MailTlsReport -Path (Join-Path $TestDrive 'r.json')
        (Get-Content -Raw (Join-Path $TestDrive 'r.json') | ConvertFrom-Json).Rows.Count | Should -Be 5
        $rows | Export-MailTlsReport -Path (Join-Path $TestDrive 'r.htm')
        Get-Content (Join-Path $TestDrive 'r.htm') -First 1 | Should -Be '<!DOCTYPE html>'
        $rows | Export-MailTlsReport -Path (Join-Path $TestDrive 'r.txt') -Format markdown
        Get-Content (Join-Path $TestDrive 'r.txt') -First 1 | Should -Be '# Mail TLS report'
    }

    It 'writes the text to the pipeline without -Path, as one string' {
        $text = @($rows | Export-MailTlsReport -Format Markdown)
        $text.Count | Should -Be 1
        $text[0] | Should -BeOfType [string]
        $text[0] | Should -Match '(?m)^\| no-such\.example\.test \| Error \| None \|'
    }

    It '-WhatIf writes nothing, and -Verbose says what was written' {
        $path = Join-Path $TestDrive 'whatif.html'
        $rows | Export-MailTlsReport -Path $path -WhatIf | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
        $verbose = $rows | Export-MailTlsReport -Path $path -Verbose 4>&1
        "$verbose" | Should -Match "Wrote the Html report of 5 domains to $([regex]::Escape($path)) \(\d+ bytes\)"
    }

    It 'leaves an existing file alone without -Force, before reading any row' {
        $path = Join-Path $TestDrive 'kept.html'
        'yesterday' | Set-Content $path
        $read = @{ Rows = 0 }
        { $rows | ForEach-Object { $read.Rows++; $_ } | Export-MailTlsReport -Path $path } | Should -Throw -ErrorId "ReportFileExists,$id"
        $read.Rows | Should -Be 0
        Get-Content $path | Should -Be 'yesterday'
        $rows | Export-MailTlsReport -Path $path -Force
        Get-Content $path -First 1 | Should -Be '<!DOCTYPE html>'
    }

    It 'refuses a format it does not know' {
        { $rows | Export-MailTlsReport -Format Pdf } | Should -Throw -ErrorId "ParameterArgumentValidationError,$id"
        $path = Join-Path $TestDrive 'report.pdf'
        $err = { $rows | Export-MailTlsReport -Path $path } | Should -Throw -ErrorId "ReportFormatUnknown,$id" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $path
        Test-Path $path | Should -BeFalse
    }

    It 'says ReportFileNotWritten for a missing folder or a folder as -Path' {
        $path = Join-Path $TestDrive 'no-such-folder/report.html'
        $err = { $rows | Export-MailTlsReport -Path $path } | Should -Throw -ErrorId "ReportFileNotWritten,$id" -PassThru
        $err.CategoryInfo.Category | Should -Be 'WriteError'
        $err.Exception.Message | Should -Match 'does not exist'
        { $rows | Export-MailTlsReport -Path $TestDrive } | Should -Throw -ErrorId "ReportFileNotWritten,$id"
    }

    It 'writes InvalidInputObject for what is not a row, and reports the rows that are' {
        $bad = [pscustomobject]@{ Domain = 'odd.example'; Verdict = 'Great'; ForcedTls = 'None' }
        $html = @($rows) + 'example.com' + $bad | Export-MailTlsReport -ErrorVariable err -ErrorAction SilentlyContinue
        (Get-TableRows $html).Count | Should -Be 5
        $err.Count | Should -Be 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be "InvalidInputObject,$id" }
        $err[0].TargetObject | Should -Be 'example.com'
        $err[1].Exception.Message | Should -Be "The row of odd.example: Verdict is 'Great', not one of Pass, Warn, Fail, Error."
    }

    It 'writes NoInput and no file when no row came' {
        $path = Join-Path $TestDrive 'empty.html'
        @() | Export-MailTlsReport -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "NoInput,$id"
        Test-Path $path | Should -BeFalse
        $null | Export-MailTlsReport -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2.FullyQualifiedErrorId | Should -Be @("InvalidInputObject,$id", "NoInput,$id")
    }

    It 'takes the rows as one array through -InputObject too' {
        $html = Export-MailTlsReport -InputObject $rows -Title 'Q4 <audit>'
        (Get-TableRows $html).Count | Should -Be 5
        $html | Should -Match '<title>Q4 &lt;audit&gt;</title>'
    }
}
