#requires -Version 7.4
<#
.SYNOPSIS
    Test-MailClientTls against openssl s_client on the lab's six good client endpoints (submission
    587/465, IMAP 143/993, POP3 110/995 on mail.client.example.test), in one run.
.DESCRIPTION
    Test-MailClientTls checks the six endpoints in one call (in parallel, from a warm session, as
    scripts run it), each with greeting, capabilities before and after TLS, the handshake, the
    certificate checked against the lab CA, and QUIT/LOGOUT. openssl s_client is run once per endpoint,
    one process after another, as admins check endpoints by hand (-starttls smtp|imap|pop3 or implicit
    TLS, -verify_return_error against the lab CA); it reads no capabilities and says nothing of login
    before TLS. Prints both medians for the six endpoints and the ratio. A benchmark, not a test: it
    fails only if a check does not succeed.
#>
param(
    [Parameter(Mandatory)]
    [string] $LabFile,

    [int] $Iterations = 20,

    [int] $WarmUp = 3
)

$ErrorActionPreference = 'Stop'
$lab = Get-Content -Raw $LabFile | ConvertFrom-Json
$good = $lab.client.'client-good'
Import-Module (Join-Path $PSScriptRoot '../MailTls.psd1') -Force

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-Ours {
    $check = { Test-MailClientTls -ComputerName $good.host -DnsServer $lab.resolver -TrustedRootCertificate $lab.caCertificate }
    foreach ($i in 1..$WarmUp) { $null = & $check }
    foreach ($i in 1..$Iterations) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = @(& $check)
        $clock.Stop()
        if ($results.Count -ne 6 -or ($results.Verdict | Sort-Object -Unique) -ne 'Pass') { throw "Test-MailClientTls did not pass all six: $($results | Out-String)" }
        $clock.Elapsed.TotalMilliseconds
    }
}

function Measure-OpenSsl {
    $runs = foreach ($listener in $good.listeners) {
        $arguments = @('s_client', '-connect', "$($listener.address):$($listener.port)", '-servername', $good.host, '-CAfile', $lab.caCertificate, '-verify_return_error', '-brief')
        if ($listener.tls -eq 'starttls') { $arguments += '-starttls', $(if ($listener.protocol -eq 'submission') { 'smtp' } else { $listener.protocol }) }
        , $arguments
    }
    foreach ($i in 1..($WarmUp + $Iterations)) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        foreach ($arguments in $runs) {
            $output = '' | & openssl @arguments 2>&1
            if ($LASTEXITCODE -ne 0 -or -not ($output -match 'Verification: OK')) { throw "openssl $($arguments -join ' ') did not verify: $($output -join ' | ')" }
        }
        $clock.Stop()
        if ($i -gt $WarmUp) { $clock.Elapsed.TotalMilliseconds }
    }
}

$ours = Get-Median @(Measure-Ours)
$peer = Get-Median @(Measure-OpenSsl)
Write-Host ('Six client endpoints of {0}, {1} runs each after {2} warm-up runs' -f $good.host, $Iterations, $WarmUp)
Write-Host ('  Test-MailClientTls (one call, warm session) median: {0,8:0.0} ms' -f $ours)
Write-Host ('  openssl s_client (six processes) median:          {0,8:0.0} ms' -f $peer)
Write-Host ('  ratio: {0:0.00}x openssl s_client' -f ($ours / $peer))
