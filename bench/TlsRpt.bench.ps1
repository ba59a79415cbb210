#requires -Version 7.4
<#
.SYNOPSIS
    Import-TlsRptReport against python3's json module on a generated corpus of TLS-RPT reports,
    as plain JSON, gzip and report e-mails; and Get-ReceivedTls on message header text.
.DESCRIPTION
    Writes -TotalMB of reports (realistic daily reports of ~18 KB, 2 policies, 120 failure details)
    in each form under -WorkDirectory, plus a corpus a quarter that size, then times one fresh pwsh
    process per run (whole process: start-up, module load, reading every file, one object per
    policy counted) under /usr/bin/time for wall time and peak RSS. The baseline reads the same files
    in python3 in the same run: json.load(open(f)) for JSON (the issue's command), gzip.open for gzip,
    the email package for .eml. MB/s counts the reports' JSON bytes. A benchmark, not a test.
    -LabFile is accepted for build.ps1 and not used: nothing here touches the network.
#>
param(
    [string] $LabFile,

    [int] $TotalMB = 100,

    [string] $WorkDirectory = (Join-Path ([System.IO.Path]::GetTempPath()) 'mailtls-bench-tlsrpt'),

    [int] $Messages = 100000
)

$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$generator = Join-Path $root 'tests/corpus/tlsrpt/New-TlsRptCorpus.ps1'
$manifest = Join-Path $root 'MailTls.psd1'
# The interpreter itself: a version manager's shim would add its own start-up to every python run.
$pythonExe = (& python3 -c 'import sys; print(sys.executable)').Trim()

function New-Corpus([string] $Form, [int] $Megabytes) {
    $dir = Join-Path $WorkDirectory "$Form-$Megabytes"
    if (-not (Test-Path (Join-Path $dir '.done'))) {
        Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
        & $generator -Path $dir -Bulk -TotalMB $Megabytes -Form $Form
        $null = New-Item (Join-Path $dir '.done')
    }
    $dir
}

# Runs a command under /usr/bin/time -v; returns wall seconds, peak RSS in MiB and the command's output.
function Measure-Process([string[]] $Command) {
    $log = [System.IO.Path]::GetTempFileName()
    $output = & /usr/bin/time -v -o $log @Command 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$($Command -join ' ') failed: $output" }
    $text = Get-Content -Raw $log
    Remove-Item $log
    $wall = [regex]::Match($text, 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)')
    $seconds = [double]$wall.Groups[2].Value * 60 + [double]$wall.Groups[3].Value
    if ($wall.Groups[1].Success) { $seconds += [double]$wall.Groups[1].Value * 3600 }
    $rss = [double][regex]::Match($text, 'Maximum resident set size \(kbytes\): (\d+)').Groups[1].Value / 1024
    [pscustomobject]@{ Seconds = $seconds; RssMiB = $rss; Output = ($output | Out-String).Trim() }
}

function Measure-Import([string] $Dir, [int] $ExpectedReports) {
    $script = "Import-Module '$manifest'; (Get-ChildItem -LiteralPath '$Dir' -File | Where-Object Name -ne '.done' | Import-TlsRptReport | Measure-Object).Count"
    $run = Measure-Process @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command', $script)
    if ([int]$run.Output -ne $ExpectedReports * 2) { throw "Import-TlsRptReport returned $($run.Output) policies, expected $($ExpectedReports * 2)." }
    $run
}

function Measure-Python([string] $Dir, [string] $Form) {
    $files = @(Get-ChildItem -LiteralPath $Dir -File | Where-Object Name -ne '.done').FullName
    $code = switch ($Form) {
        'Json' { 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' }
        'Gzip' { 'import json,sys,gzip; [json.load(gzip.open(f)) for f in sys.argv[1:]]' }
        'Eml' {
            'import json,sys,gzip,email,email.policy
for f in sys.argv[1:]:
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    [json.loads(gzip.decompress(p.get_payload(decode=True))) for p in m.walk() if p.get_content_type() == "application/tlsrpt+gzip"]'
        }
    }
    Measure-Process (@($pythonExe, '-c', $code) + $files)
}

$null = New-Item -ItemType Directory -Force $WorkDirectory
$reportBytes = $null
$rows = foreach ($case in @(@{ Form = 'Json'; MB = [int]($TotalMB / 4) }, @{ Form = 'Json'; MB = $TotalMB }, @{ Form = 'Gzip'; MB = $TotalMB }, @{ Form = 'Eml'; MB = $TotalMB })) {
    $dir = New-Corpus $case.Form $case.MB
    $count = @(Get-ChildItem -LiteralPath $dir -File | Where-Object Name -ne '.done').Count
    $jsonDir = New-Corpus 'Json' $case.MB
    $jsonMB = ((Get-ChildItem -LiteralPath $jsonDir -File | Where-Object Name -ne '.done' | Measure-Object Length -Sum).Sum) / 1MB
    $fileMB = ((Get-ChildItem -LiteralPath $dir -File | Where-Object Name -ne '.done' | Measure-Object Length -Sum).Sum) / 1MB
    $ours = Measure-Import $dir $count
    $python = Measure-Python $dir $case.Form
    [pscustomobject]@{
        Corpus      = "$($case.Form) $($case.MB) MB"
        Files       = $count
        FileMB      = [math]::Round($fileMB, 1)
        JsonMB      = [math]::Round($jsonMB, 1)
        'MB/s'      = [math]::Round($jsonMB / $ours.Seconds, 1)
        PeakRssMiB  = [math]::Round($ours.RssMiB)
        'Python MB/s' = [math]::Round($jsonMB / $python.Seconds, 1)
        PythonRssMiB = [math]::Round($python.RssMiB)
        'Time ratio' = [math]::Round($ours.Seconds / $python.Seconds, 2)
    }
}

$start = Measure-Process @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$manifest'")
$load = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '
Write-Host "Machine: $([Environment]::ProcessorCount) cores, load average $load"
Write-Host "Import-TlsRptReport (whole pwsh process) against python3 on the same files; MB/s counts JSON bytes"
Write-Host ('  (starting dotnet pwsh and importing the module alone takes {0:0.00} s and {1:N0} MiB)' -f $start.Seconds, $start.RssMiB)
$rows | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
$plain = $rows | Where-Object Corpus -EQ "Json $TotalMB MB"
$small = $rows | Where-Object Corpus -EQ "Json $([int]($TotalMB / 4)) MB"
Write-Host ('  plain JSON: {0} MB/s (target >= 100) {1}' -f $plain.'MB/s', $(if ($plain.'MB/s' -ge 100) { 'MET' } else { 'NOT MET' }))
Write-Host ('  peak RSS: {0} MiB at {1} MB, {2} MiB at {3} MB of JSON (target: independent of corpus size)' -f $small.PeakRssMiB, $small.JsonMB, $plain.PeakRssMiB, $plain.JsonMB)

# Get-ReceivedTls: message header text in memory, five hops each, in one warm pwsh process.
$samples = Join-Path $root 'tests/pester/Get-ReceivedTls.Tests.ps1'
$received = @"
Import-Module '$manifest'
`$text = [regex]::Match((Get-Content -Raw '$samples'), "(?s)@'\r?\n(Received:.*?)\r?\n'@").Groups[1].Value -replace "`r?`n", "`r`n"
`$messages = [string[]]::new($Messages)
for (`$i = 0; `$i -lt $Messages; `$i++) { `$messages[`$i] = `$text.Replace('hops-1@', "hops-`$i@") }
`$null = Get-ReceivedTls -InputObject `$messages[0..999]
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$hops = (Get-ReceivedTls -InputObject `$messages | Measure-Object).Count
`$clock.Stop()
`$summaryClock = [Diagnostics.Stopwatch]::StartNew()
`$summaries = (Get-ReceivedTls -InputObject `$messages -Summary | Measure-Object).Count
`$summaryClock.Stop()
if (`$summaries -ne $Messages) { throw "-Summary gave `$summaries objects" }
'{0} {1} {2} {3}' -f `$hops, `$clock.Elapsed.TotalSeconds, $Messages, `$summaryClock.Elapsed.TotalSeconds
"@
$run = Measure-Process @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command', $received)
$hops, $seconds, $count, $summarySeconds = ($run.Output -split '\s+')
$rate = [double]$count / [double]$seconds
Write-Host ('Get-ReceivedTls on header text: {0:N0} messages ({1:N0} hops) in {2:0.00} s = {3:N0} messages/s (target >= 10,000) {4}; peak RSS {5:N0} MiB' -f `
        [int]$count, [int]$hops, [double]$seconds, $rate, $(if ($rate -ge 10000) { 'MET' } else { 'NOT MET' }), $run.RssMiB)
Write-Host ('  with -Summary (one object per message): {0:N0} messages/s' -f ([double]$count / [double]$summarySeconds))
Write-Host ('  (load average while running: {0})' -f (((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '))
