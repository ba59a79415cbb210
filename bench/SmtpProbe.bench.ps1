#requires -Version 7.4
<#
.SYNOPSIS
    Test-SmtpTls against posttls-finger (Postfix's own TLS probe), on the lab's good listener, in
    one run: 50 warm probes from this pwsh session against 50 posttls-finger processes.
.DESCRIPTION
    Both do the same work: connect, greeting, EHLO, STARTTLS, TLS handshake, certificate
    verification against the lab CA, EHLO, QUIT. posttls-finger is one process per probe, as
    admins run it; Test-SmtpTls runs warm in a session, as scripts run it. Prints both medians
    and the ratio. A benchmark, not a test: it fails only if a probe does not succeed.
#>
param(
    [Parameter(Mandatory)]
    [string] $LabFile,

    [int] $Iterations = 50,

    [int] $WarmUp = 5
)

$ErrorActionPreference = 'Stop'
$lab = Get-Content -Raw $LabFile | ConvertFrom-Json
$good = $lab.smtp.good
Import-Module (Join-Path $PSScriptRoot '../MailTls.psd1') -Force

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-Ours {
    $probe = { Test-SmtpTls -ComputerName $good.address -ServerName $good.host -TrustedRootCertificate $lab.caCertificate }
    foreach ($i in 1..$WarmUp) { $null = & $probe }
    foreach ($i in 1..$Iterations) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = & $probe
        $clock.Stop()
        if ($result.Verdict -ne 'Pass') { throw "Test-SmtpTls did not pass: $($result.Findings)" }
        $clock.Elapsed.TotalMilliseconds
    }
}

# MAIL_CONFIG: posttls-finger reads main.cf; the lab's keeps it off the system's CA bundle.
function Measure-PostTlsFinger {
    $env:MAIL_CONFIG = $lab.postfixConfigDirectory
    $arguments = '-c', '-l', 'secure', '-F', $lab.caCertificate, "[$($good.address)]:25", $good.host
    foreach ($i in 1..$WarmUp) { $null = & posttls-finger @arguments 2>&1 }
    foreach ($i in 1..$Iterations) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $output = & posttls-finger @arguments 2>&1
        $clock.Stop()
        if ($LASTEXITCODE -ne 0 -or -not ($output -match 'Verified TLS connection')) {
            throw "posttls-finger did not verify the connection: $($output -join ' | ')"
        }
        $clock.Elapsed.TotalMilliseconds
    }
}

$ours = Get-Median @(Measure-Ours)
$peer = Get-Median @(Measure-PostTlsFinger)
$ratio = $ours / $peer
Write-Host ('SMTP probe of {0} ({1}), {2} runs each after {3} warm-up runs' -f $good.host, $good.address, $Iterations, $WarmUp)
Write-Host ('  Test-SmtpTls (warm session) median: {0,8:0.00} ms' -f $ours)
Write-Host ('  posttls-finger (per process) median: {0,7:0.00} ms' -f $peer)
Write-Host ('  ratio: {0:0.00}x posttls-finger (target <= 0.50x) {1}' -f $ratio, $(if ($ratio -le 0.5) { 'MET' } else { 'NOT MET' }))
