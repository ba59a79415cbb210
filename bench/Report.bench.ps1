#requires -Version 7.4
<#
.SYNOPSIS
    Export-MailTlsReport on 1,000 and 10,000 synthetic Test-MailDomainTls rows: time, size and peak
    memory per format, against PowerShell's own ConvertTo-Html of the same rows, and how long
    headless Chromium takes to load and lay out each HTML report and to sort its table.
.DESCRIPTION
    The rows are written once as the CSV Test-MailDomainTls | Export-Csv gives (a spread of
    verdicts, levels, TLS versions, expiry dates and findings, summaries of realistic length), so
    this measures the nightly "report from yesterday's CSV" job. Each size runs in one fresh pwsh
    process under /usr/bin/time (wall time and peak RSS of the whole job: start-up, Import-Csv, the
    three formats, then ConvertTo-Html). Chromium's times come from the page's own clock, so its
    start-up is not in them. A benchmark, not a test; -LabFile is accepted for build.ps1 and
    not used: nothing here touches the network.
#>
param(
    [string] $LabFile,

    [int[]] $Sizes = @(1000, 10000),

    [string] $WorkDirectory = (Join-Path ([System.IO.Path]::GetTempPath()) 'mailtls-bench-report')
)

$ErrorActionPreference = 'Stop'
$manifest = Join-Path (Split-Path $PSScriptRoot) 'MailTls.psd1'
$null = New-Item -ItemType Directory -Force $WorkDirectory

function New-Rows([int] $Count) {
    $random = [System.Random]::new(11)
    $codes = 'CERT_EXPIRED', 'CERT_EXPIRING_SOON', 'CERT_NAME_MISMATCH', 'STARTTLS_NOT_OFFERED', 'TLSRPT_MISSING', 'MTASTS_MODE_TESTING', 'DANE_UNAUTHENTICATED', 'TLS_LEGACY_PROTOCOL'
    for ($i = 0; $i -lt $Count; $i++) {
        $domain = 'partner{0:00000}.example' -f $i
        $roll = $random.Next(100)
        $protocol = if ($roll -lt 70) { 'Tls13' } elseif ($roll -lt 92) { 'Tls12' } elseif ($roll -lt 95) { 'Tls11' } elseif ($roll -lt 97) { 'Tls10' } else { '' }
        $days = if ($protocol) { $random.Next(-30, 400) } else { '' }
        $findings = @($codes | Where-Object { $random.Next(100) -lt 12 })
        $verdict = if (-not $protocol) { 'Fail' } elseif ($findings) { 'Warn' } else { 'Pass' }
        [pscustomobject][ordered]@{
            Domain = $domain; Verdict = $verdict; ForcedTls = if (-not $protocol) { 'None' } elseif ($findings) { 'Encrypt' } else { 'Verify' }
            Summary = "Every MX host encrypts, but the certificate of mx1.$domain [192.0.2.$($i % 250)] would not verify (CERT_NAME_MISMATCH): require encryption only (Postfix encrypt, Exchange EncryptionOnly) until that is fixed."
            Findings = $findings -join '; '; MxCount = 2; MxHosts = "mx1.$domain; mx2.$domain"; MxAddressesProbed = 2; MxWithStartTls = if ($protocol) { 2 } else { 0 }
            MxWithoutStartTls = if ($protocol) { 0 } else { 2 }; LowestProtocol = $protocol; CertificatesValid = if ($protocol) { $findings.Count -eq 0 } else { '' }
            CertificateProblems = ''; EarliestCertificateExpiry = if ($protocol) { (Get-Date '2026-12-01Z').AddDays($days).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') } else { '' }
            DaysUntilEarliestExpiry = $days; DnssecSigned = 'False'; Dane = 'None'; MtaStsMode = ''; MtaStsValid = ''; TlsRpt = 'NotPublished'
            CheckedAt = '2026-12-01T02:00:00Z'; ElapsedMs = 120.5
        }
    }
}

function Measure-Process([string[]] $Command) {
    $log = [System.IO.Path]::GetTempFileName()
    $output = & /usr/bin/time -v -o $log @Command 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$($Command -join ' ') failed: $output" }
    $text = Get-Content -Raw $log
    Remove-Item $log
    $wall = [regex]::Match($text, 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)')
    $rss = [double][regex]::Match($text, 'Maximum resident set size \(kbytes\): (\d+)').Groups[1].Value / 1024
    [pscustomobject]@{ Seconds = [double]$wall.Groups[2].Value * 60 + [double]$wall.Groups[3].Value; RssMiB = $rss; Output = $output }
}

# Opens the report in a frame of a small page and reads, from the page's own clock, how long the
# report took to load and lay out, and then to sort its 10,000 rows by days to expiry (Chromium's
# own start-up, seconds on a busy machine, stays out of it). ConvertTo-Html's page has no sort.
# --dump-dom prints the page's answer.
function Measure-Chromium([string] $Page) {
    $probe = "$Page.probe.html"
    Set-Content $probe @"
<!DOCTYPE html><html><body><pre id="out">no answer</pre><script>
var start = performance.now(), frame = document.createElement('iframe');
frame.width = 1280; frame.height = 2000;
frame.onload = function () {
  var d = frame.contentDocument; d.body.offsetHeight;
  var loaded = performance.now() - start, heading = d.querySelectorAll('#domains thead th')[5];
  var t = performance.now(); if (heading) { heading.click(); d.body.offsetHeight; }
  document.getElementById('out').textContent = 'loaded ' + loaded.toFixed(0) + ' sorted ' + (performance.now() - t).toFixed(0);
};
frame.src = '$([System.Uri]::new($Page).AbsoluteUri)';
document.body.appendChild(frame);
</script></body></html>
"@
    $profile = Join-Path $WorkDirectory "chromium-profile-$([guid]::NewGuid())"
    try {
        $dom = & chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update `
            --disable-sync --allow-file-access-from-files "--user-data-dir=$profile" '--window-size=1280,2000' --dump-dom ([System.Uri]::new($probe).AbsoluteUri) 2>$null
        $answer = [regex]::Match("$dom", 'loaded (\d+) sorted (\d+)')
        if (-not $answer.Success) { throw "Chromium gave no timing for $Page." }
        [pscustomobject]@{ LoadMs = [int]$answer.Groups[1].Value; SortMs = [int]$answer.Groups[2].Value }
    }
    finally {
        Remove-Item -Recurse -Force $profile -ErrorAction SilentlyContinue
    }
}

Write-Host ("Load average: {0}" -f ((((Get-Content /proc/loadavg) -split ' ')[0..2]) -join ' '))
Write-Host ('{0,7} {1,-14} {2,10} {3,10} {4,26}' -f 'rows', 'what', 'time (ms)', 'size (KB)', 'Chromium load, sort (ms)')
foreach ($size in $Sizes) {
    $csv = Join-Path $WorkDirectory "rows-$size.csv"
    if (-not (Test-Path $csv)) { New-Rows $size | Export-Csv $csv -NoTypeInformation }
    $base = Join-Path $WorkDirectory "report-$size"
    # One process: each format timed on rows already read, then ConvertTo-Html on the same rows.
    $script = @"
Import-Module '$manifest'
`$rows = @(Import-Csv '$csv')
foreach (`$ext in 'html', 'md', 'json') { '{0} {1}' -f `$ext, (Measure-Command { `$rows | Export-MailTlsReport -Path "$base.`$ext" -Force }).TotalMilliseconds }
'ConvertTo-Html {0}' -f (Measure-Command { `$rows | ConvertTo-Html | Set-Content '$base-convertto.html' }).TotalMilliseconds
"@
    $run = Measure-Process @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command', $script)
    $times = @{}
    foreach ($line in $run.Output) { if ("$line" -match '^(\S+) ([\d.]+)') { $times[$Matches[1]] = [double]$Matches[2] } }
    foreach ($ext in 'html', 'md', 'json') {
        $render = if ($ext -eq 'html') { Measure-Chromium "$base.html" | ForEach-Object { '{0,16:N0} {1,9:N0}' -f $_.LoadMs, $_.SortMs } } else { '' }
        Write-Host ('{0,7:N0} {1,-14} {2,10:N0} {3,10:N0} {4}' -f $size, "Export $ext", $times[$ext], ((Get-Item "$base.$ext").Length / 1KB), $render)
    }

    $peer = Measure-Chromium "$base-convertto.html" | ForEach-Object { '{0,16:N0} {1,9}' -f $_.LoadMs, '' }
    Write-Host ('{0,7:N0} {1,-14} {2,10:N0} {3,10:N0} {4}' -f $size, 'ConvertTo-Html', $times['ConvertTo-Html'], ((Get-Item "$base-convertto.html").Length / 1KB), $peer)
    Write-Host ('{0,7:N0} {1,-14} HTML time / ConvertTo-Html {2:N2}x; whole job {3:N1} s, peak RSS {4:N0} MiB' -f $size, '', ($times['html'] / $times['ConvertTo-Html']), $run.Seconds, $run.RssMiB)
}
