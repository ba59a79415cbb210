#requires -Version 7.4
<#
.SYNOPSIS
    Test-MailDomainTls over the lab's scale domains at 0 and 100 ms round-trip time, against
    `xargs -P <throttle> posttls-finger` over the same domains through the same latency relay.
.DESCRIPTION
    bench/LatencyRelay sits in front of the lab's resolver, SMTP listeners and policy host (the
    slow.test zone's addresses are the relay's), delaying each direction by half the round trip.
    For each round trip the bench prints:
    - MailTls's wall time and peak RSS (one pwsh process per run, module loaded, nothing warm);
    - posttls-finger's wall time (Postfix's own probe, one process per domain, 'secure' level
      against the lab CA, reading the relay's resolver from /etc/resolv.conf in a private mount
      namespace: the host's resolv.conf is never touched);
    - the lower bound the round trips allow: every domain needs its MX answer, the first domain to
      use an MX name its address answer, and the first to use an address and name the probe's
      round trips (connect, greeting, EHLO, STARTTLS, handshake, EHLO, QUIT); with -ThrottleLimit
      domains at once, the run cannot be shorter than the sum over domains divided by the throttle,
      nor than the longest single domain;
    - our time divided by the bound and by posttls-finger's.
    At 100 ms it runs MailTls with both per-server connection limits (16, the default, and 4), and
    with -PeakRssDomains it measures peak RSS over that many domains (restarting the lab in scale
    mode for it, then back to the default).
#>
param(
    [Parameter(Mandatory)]
    [string] $LabFile,

    [int] $ThrottleLimit = 100,

    [int[]] $RoundTripMs = @(0, 100),

    [int[]] $PerServerLimits = @(16, 4),

    [int] $PeakRssDomains = 0
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
$lab = Get-Content -Raw $LabFile | ConvertFrom-Json
$relayDll = Join-Path $root 'out/bench/LatencyRelay/LatencyRelay.dll'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

function Start-Relay([int] $Rtt) {
    $arguments = @($relayDll, '--rtt', $Rtt) + @($lab.scale.relayMaps | ForEach-Object { '--map', $_ })
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $arguments) { $info.ArgumentList.Add("$argument") }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $relay = [System.Diagnostics.Process]::Start($info)
    $line = $relay.StandardOutput.ReadLine()
    if ($line -notlike 'ready*') { throw "the relay did not start: $line" }
    $relay
}

# CPU seconds the relay has used so far: on a small machine it competes with what it relays.
function Get-RelayCpu($Relay) {
    $Relay.Refresh()
    $Relay.TotalProcessorTime.TotalSeconds
}

function Stop-Relay($Relay) {
    $Relay.StandardInput.Close()
    if (-not $Relay.WaitForExit(5000)) { $Relay.Kill() }
}

# One fresh pwsh per run: module load and JIT count, as in a scheduled task.
# -Csv streams the rows to Export-Csv as the nightly job does (peak RSS then counts only what the run
# holds); without it the rows are kept in a variable, as an interactive user would.
function Measure-MailTls([string] $Domains, [int] $PerServer, [switch] $Csv) {
    $run = "Test-MailDomainTls -Path '$Domains' -DnsServer '$($lab.scale.relayResolver)' -TrustedRootCertificate '$($lab.caCertificate)' -ThrottleLimit $ThrottleLimit -MaxConnectionsPerServer $PerServer"
    $csvPath = Join-Path ([System.IO.Path]::GetTempPath()) "mailtls-bench-$PID.csv"
    $collect = if ($Csv) { "$run | Export-Csv -LiteralPath '$csvPath'" } else { "`$rows = $run" }
    $count = if ($Csv) { "`$rows = Import-Csv -LiteralPath '$csvPath'" } else { '' }
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$root/MailTls.psd1'
`$clock = [Diagnostics.Stopwatch]::StartNew()
$collect
`$clock.Stop()
`$peak = [math]::Round((Get-Process -Id `$PID).PeakWorkingSet64 / 1MB)
$count
[pscustomobject]@{ Seconds = `$clock.Elapsed.TotalSeconds; CpuSeconds = (Get-Process -Id `$PID).TotalProcessorTime.TotalSeconds; Rows = @(`$rows).Count; PeakMB = `$peak; Errors = @(`$rows | Where-Object Verdict -eq Error).Count } | ConvertTo-Json -Compress
"@
    try {
        $output = & bash (Join-Path $root 'tests/lab/with-lab-dns.sh') dotnet pwsh -NoProfile -NonInteractive -Command $script
        if ($LASTEXITCODE -ne 0) { throw "Test-MailDomainTls failed: $output" }
        $output | Select-Object -Last 1 | ConvertFrom-Json
    }
    finally {
        Remove-Item -LiteralPath $csvPath -ErrorAction SilentlyContinue
    }
}

function Measure-PostTlsFinger([string] $Domains) {
    $command = "MAIL_CONFIG='$($lab.postfixConfigDirectory)' xargs -a '$Domains' -P $ThrottleLimit -n 1 posttls-finger -c -l secure -t 10 -T 10 -F '$($lab.caCertificate)' >/dev/null 2>&1; true"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & bash (Join-Path $root 'tests/lab/with-lab-dns.sh') --resolver $lab.scale.relayResolver bash -c $command
    $clock.Stop()
    $clock.Elapsed.TotalSeconds
}

# The fewest round trips each domain needs, given what domains before it already had answered.
function Get-LowerBoundRoundTrips {
    $kinds = Import-Csv $lab.scale.kinds -Delimiter "`t"
    $names = @{}
    $probes = @{}
    $tlsProbe = 6.5   # connect, greeting (half), EHLO, STARTTLS, handshake, EHLO, QUIT
    $plainProbe = 3.5 # connect, greeting (half), EHLO, QUIT
    $total = 0.0
    $longest = 0.0
    foreach ($row in $kinds) {
        $i = [int]$row.domain.Substring(1)
        $mx = switch ($row.kind) {
            'bigmail' { 'mx.bigmail' } 'hosted' { "mx$($i % 250).hosted" } 'hosted-dane' { "mx$($i % 250).hosted" }
            'own' { "mx.$($row.domain)" } 'nostarttls' { 'mx.nostarttls' } 'expired' { 'mx.expired' }
            'noaddress' { 'noaddr' } 'mxnxdomain' { "gone-$($row.domain)" } 'implicit' { $row.domain } default { $null }
        }
        $trips = 1.0
        if ($mx) {
            if (-not $names.ContainsKey($mx)) { $names[$mx] = $true; $trips += 1 }
            if ($row.kind -notin 'noaddress', 'mxnxdomain' -and -not $probes.ContainsKey($mx)) {
                $probes[$mx] = $true
                $trips += if ($row.kind -eq 'nostarttls') { $plainProbe } else { $tlsProbe }
            }
        }

        $total += $trips
        $longest = [math]::Max($longest, $trips)
    }

    [pscustomobject]@{ Total = $total; Longest = $longest; Domains = $kinds.Count }
}

Write-Host 'Building bench/LatencyRelay ...'
Invoke-Native dotnet @('build', (Join-Path $root 'bench/LatencyRelay/LatencyRelay.csproj'), '-c', 'Release', '-o', (Split-Path $relayDll), '--nologo', '-v', 'q')

$trips = Get-LowerBoundRoundTrips
$results = foreach ($rtt in $RoundTripMs) {
    $relay = Start-Relay $rtt
    try {
        $limits = if ($rtt -gt 0) { $PerServerLimits } else { $PerServerLimits[0] }
        $ours = foreach ($limit in $limits) {
            $relayBefore = Get-RelayCpu $relay
            $run = Measure-MailTls $lab.scale.slowDomains $limit
            [pscustomobject]@{ Limit = $limit; Run = $run; RelayCpu = (Get-RelayCpu $relay) - $relayBefore }
        }
        $peer = Measure-PostTlsFinger $lab.scale.slowDomains
    }
    finally {
        Stop-Relay $relay
    }

    $bound = [math]::Max($trips.Total / $ThrottleLimit, $trips.Longest) * $rtt / 1000
    foreach ($run in $ours) {
        [pscustomobject]@{
            'RTT ms'         = $rtt
            'Per server'     = $run.Limit
            Domains          = $run.Run.Rows
            'MailTls s'      = [math]::Round($run.Run.Seconds, 2)
            'Peak RSS MB'    = $run.Run.PeakMB
            'CPU s'          = [math]::Round($run.Run.CpuSeconds, 1)
            'Relay CPU s'    = [math]::Round($run.RelayCpu, 1)
            'posttls-finger s' = [math]::Round($peer, 2)
            'Bound s'        = [math]::Round($bound, 2)
            'x bound'        = if ($bound -gt 0) { [math]::Round($run.Run.Seconds / $bound, 2) } else { $null }
            'x posttls-finger' = [math]::Round($run.Run.Seconds / $peer, 3)
        }
    }
}

Write-Host ("Test-MailDomainTls over {0} domains (slow.test) with -ThrottleLimit {1}, against xargs -P {1} posttls-finger, through bench/LatencyRelay" -f $trips.Domains, $ThrottleLimit)
Write-Host ("Lower bound: {0:0} domain round trips in all, the longest domain {1:0.#}; bound = max(total / throttle, longest) x RTT" -f $trips.Total, $trips.Longest)
$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host ("CPU s: our whole pwsh process (start-up and module load included); Relay CPU s: the relay's during our run. With {0} cores, the two share the machine with the lab's unbound and Postfix." -f [Environment]::ProcessorCount)
$at100 = $results | Where-Object { $_.'RTT ms' -eq 100 -and $_.'Per server' -eq $PerServerLimits[0] }
if ($at100) {
    Write-Host ('Targets at 100 ms: within 1.3x of the bound ({0}x: {1}); at least 5x faster than posttls-finger ({2:0.0}x: {3})' -f `
        $at100.'x bound', $(if ($at100.'x bound' -le 1.3) { 'MET' } else { 'NOT MET' }),
        (1 / $at100.'x posttls-finger'), $(if ($at100.'x posttls-finger' -le 0.2) { 'MET' } else { 'NOT MET' }))
}

if ($PeakRssDomains -gt 0) {
    Write-Host "Peak RSS over $PeakRssDomains domains: restarting the lab in scale mode ..."
    $env:MAILTLS_LAB_SCALE = $PeakRssDomains
    try {
        Invoke-Native bash @((Join-Path $root 'tests/lab/stop.sh'))
        Invoke-Native bash @((Join-Path $root 'tests/lab/start.sh'))
        $lab = Get-Content -Raw $LabFile | ConvertFrom-Json
        $relay = Start-Relay 0
        try {
            # The first run after the restart fills the lab resolver's cache (validating 10,000 fresh
            # zones costs unbound more CPU than the run itself); the nightly-job figure comes second, warm.
            $kept = Measure-MailTls $lab.scale.slowDomains $PerServerLimits[0]
            $streamed = Measure-MailTls $lab.scale.slowDomains $PerServerLimits[0] -Csv
        }
        finally { Stop-Relay $relay }
        Write-Host ('  streamed to Export-Csv (the nightly job): {0} rows in {1:0.0} s, peak RSS {2} MB (target <= 250 MB: {3})' -f `
                $streamed.Rows, $streamed.Seconds, $streamed.PeakMB, $(if ($streamed.PeakMB -le 250) { 'MET' } else { 'NOT MET' }))
        Write-Host ('  kept in a variable (first, cold resolver):  {0} rows in {1:0.0} s, peak RSS {2} MB' -f $kept.Rows, $kept.Seconds, $kept.PeakMB)
    }
    finally {
        Remove-Item Env:MAILTLS_LAB_SCALE
        Invoke-Native bash @((Join-Path $root 'tests/lab/stop.sh'))
        Invoke-Native bash @((Join-Path $root 'tests/lab/start.sh'))
    }
}
