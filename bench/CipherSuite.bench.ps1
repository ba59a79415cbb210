#requires -Version 7.4
<#
.SYNOPSIS
    Get-MailTlsCipherSuite against testssl.sh and sslscan: a full enumeration of one lab listener,
    in one run, directly (RTT 0) and through a latency relay (50 ms round trip).
.DESCRIPTION
    All three find the versions and cipher suites the listener accepts over SMTP STARTTLS:
    Get-MailTlsCipherSuite (warm, in this session; and once as a fresh pwsh process), sslscan 2.0
    (a process per scan) and testssl.sh 3.0 with -p -E (protocols, every suite per protocol).
    bench/LatencyRelay adds the round-trip time, since this kernel has no tc netem. Prints the
    wall times, the ratios, the connections each tool made (counted in the Postfix log), and
    whether the targets are met: at least 50x faster than testssl.sh; faster than sslscan at
    50 ms; warm at RTT 0 no slower than sslscan's whole process. A benchmark, not a test: it fails
    only if a tool fails.
#>
param(
    [Parameter(Mandatory)]
    [string] $LabFile,

    # A case from lab.json "smtp"; good is Postfix with its defaults.
    [string] $Case = 'good',

    [int] $Iterations = 5,

    [int] $RoundTripMs = 50,

    # Where the relay listens; any free loopback address.
    [string] $RelayAddress = '127.0.0.60'
)

$ErrorActionPreference = 'Stop'
$lab = Get-Content -Raw $LabFile | ConvertFrom-Json
$listener = $lab.smtp.$Case
if (-not $listener) { throw "lab.json has no smtp case '$Case'." }
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
Import-Module (Join-Path $root 'MailTls.psd1') -Force

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

# Connections the listener saw while $Action ran (Postfix logs one "connect from" per connection).
function Measure-Run([scriptblock] $Action) {
    $tag = " postfix/$Case/smtpd["
    $before = @(Get-Content $lab.postfixLog).Count
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $result = & $Action
    $clock.Stop()
    Start-Sleep -Milliseconds 300
    $connections = @(Get-Content $lab.postfixLog | Select-Object -Skip $before | Where-Object { $_.Contains($tag) -and $_ -match ' connect from ' }).Count
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Connections = $connections; Result = $result }
}

function Invoke-Ours([string] $Address) {
    $summary = Get-MailTlsCipherSuite -ComputerName $Address -Summary
    if (-not $summary.Complete -or $summary.Suites -lt 1) { throw "Get-MailTlsCipherSuite did not finish: $($summary.Findings)" }
    $summary.Suites
}

function Invoke-OursCold([string] $Address) {
    $script = "Import-Module '$root/MailTls.psd1'; (Get-MailTlsCipherSuite -ComputerName $Address -Summary).Suites"
    $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "pwsh failed: $output" }
    [int]($output | Select-Object -Last 1)
}

function Invoke-Sslscan([string] $Address) {
    $xml = [xml](& sslscan --no-colour --starttls-smtp --xml=- "$($Address):25" 2>$null)
    if ($LASTEXITCODE -ne 0) { throw "sslscan failed with exit code $LASTEXITCODE" }
    @($xml.document.ssltest.cipher).Count
}

function Invoke-Testssl([string] $Address) {
    $json = Join-Path ([IO.Path]::GetTempPath()) "mailtls-bench-$PID.json"
    $config = Join-Path ([IO.Path]::GetTempPath()) "mailtls-bench-$PID.cnf"
    # testssl.sh cannot reach TLS 1.0-only servers through OpenSSL 3's default security level.
    Set-Content $config "openssl_conf = init`n[init]`nssl_conf = ssl`n[ssl]`nsystem_default = defaults`n[defaults]`nCipherString = ALL:@SECLEVEL=0`nMinProtocol = None"
    Remove-Item $json -ErrorAction SilentlyContinue
    $env:OPENSSL_CONF = $config
    try {
        $null = & testssl --quiet --color 0 --warnings off --starttls smtp -p -E --jsonfile $json "$($Address):25" 2>&1
    }
    finally {
        Remove-Item Env:OPENSSL_CONF
    }

    $count = @((Get-Content -Raw $json | ConvertFrom-Json) | Where-Object id -like 'cipher-*').Count
    Remove-Item $json, $config -ErrorAction SilentlyContinue
    if ($count -lt 1) { throw 'testssl.sh found no suites.' }
    $count
}

function Start-Relay {
    & dotnet build (Join-Path $root 'bench/LatencyRelay/LatencyRelay.csproj') --nologo --verbosity quiet | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'bench/LatencyRelay does not build.' }
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in (Join-Path $root 'out/bench/LatencyRelay/LatencyRelay.dll'), '--rtt', $RoundTripMs, '--map', "tcp:$($RelayAddress):25=$($listener.address):25") {
        $start.ArgumentList.Add([string]$argument)
    }

    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $relay = [Diagnostics.Process]::Start($start)
    $ready = $relay.StandardOutput.ReadLine()
    if ($ready -notlike 'ready:*') { throw "The relay did not start: $ready" }
    $relay
}

$rows = [Collections.Generic.List[object]]::new()
function Add-Row([string] $Rtt, [string] $Tool, [object[]] $Runs) {
    $rows.Add([pscustomobject]@{
            RTT         = $Rtt
            Tool        = $Tool
            Seconds     = [math]::Round((Get-Median @($Runs.Seconds)), 3)
            Runs        = $Runs.Count
            Connections = ($Runs | Select-Object -Last 1).Connections
            Suites      = ($Runs | Select-Object -Last 1).Result
        })
}

Write-Host "Full enumeration of $($listener.host) ($($listener.address):25, STARTTLS), $Iterations runs where cheap"
$null = Invoke-Ours $listener.address # warm-up: JIT, probe threads
$direct = $listener.address
Add-Row '0 ms' 'Get-MailTlsCipherSuite (warm session)' @(1..$Iterations | ForEach-Object { Measure-Run { Invoke-Ours $direct } })
Add-Row '0 ms' 'Get-MailTlsCipherSuite (new pwsh process)' @(Measure-Run { Invoke-OursCold $direct })
Add-Row '0 ms' 'sslscan' @(1..$Iterations | ForEach-Object { Measure-Run { Invoke-Sslscan $direct } })
Add-Row '0 ms' 'testssl.sh -p -E' @(Measure-Run { Invoke-Testssl $direct })

$relay = Start-Relay
try {
    $slow = $RelayAddress
    $latencyRuns = [math]::Max(1, [math]::Floor($Iterations / 2))
    Add-Row "$RoundTripMs ms" 'Get-MailTlsCipherSuite (warm session)' @(1..$latencyRuns | ForEach-Object { Measure-Run { Invoke-Ours $slow } })
    Add-Row "$RoundTripMs ms" 'sslscan' @(1..$latencyRuns | ForEach-Object { Measure-Run { Invoke-Sslscan $slow } })
    Add-Row "$RoundTripMs ms" 'testssl.sh -p -E' @(Measure-Run { Invoke-Testssl $slow })
}
finally {
    $relay.StandardInput.Close()
    if (-not $relay.WaitForExit(5000)) { $relay.Kill() }
}

$rows | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
function Get-Seconds([string] $Rtt, [string] $Tool) { ($rows | Where-Object { $_.RTT -eq $Rtt -and $_.Tool -eq $Tool }).Seconds }
$ours0 = Get-Seconds '0 ms' 'Get-MailTlsCipherSuite (warm session)'
$ours50 = Get-Seconds "$RoundTripMs ms" 'Get-MailTlsCipherSuite (warm session)'
$testssl0 = (Get-Seconds '0 ms' 'testssl.sh -p -E') / $ours0
$testssl50 = (Get-Seconds "$RoundTripMs ms" 'testssl.sh -p -E') / $ours50
$sslscan0 = (Get-Seconds '0 ms' 'sslscan') / $ours0
$sslscan50 = (Get-Seconds "$RoundTripMs ms" 'sslscan') / $ours50
function Verdict([bool] $Met) { if ($Met) { 'MET' } else { 'NOT MET' } }
Write-Host ('  testssl.sh / ours: {0,7:0.0}x at 0 ms, {1,7:0.0}x at {2} ms (target >= 50x) {3}' -f $testssl0, $testssl50, $RoundTripMs, (Verdict ($testssl0 -ge 50 -and $testssl50 -ge 50)))
Write-Host ('  sslscan / ours:    {0,7:0.00}x at {1} ms (target > 1x, faster than sslscan) {2}' -f $sslscan50, $RoundTripMs, (Verdict ($sslscan50 -gt 1)))
Write-Host ('  sslscan / ours:    {0,7:0.00}x at 0 ms, warm session vs sslscan''s whole process (target >= 1x) {1}' -f $sslscan0, (Verdict ($sslscan0 -ge 1)))
