#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates and packages MailTls. A thin wrapper over dotnet.
.DESCRIPTION
    Build    dotnet build of the solution (both module builds: net8.0 and netstandard2.0).
    Test     Build, start the loopback lab if it is not running, run xUnit and Pester (Pester
             once per module build), and end with one line "N passed, N failed, N skipped".
    Demo     Build, start the lab, and run the main job against it.
    Bench    Build, start the lab, and run the benchmarks in bench/.
    Package  Release build staged as out/MailTls/<version>/, validated by publishing it to a
             local PSResource repository under out/.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$frameworks = 'net8.0', 'netstandard2.0'

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'MailTls.slnx'), '--configuration', $Configuration, '--nologo', '--verbosity', 'minimal')
}

function Get-LabFile {
    $labDir = if ($env:MAILTLS_LAB_DIR) { $env:MAILTLS_LAB_DIR } else { '/tmp/mailtls-lab' }
    Join-Path $labDir 'lab.json'
}

# Returns $true when this call started the lab (so the caller stops it again).
function Start-Lab {
    $wasRunning = Test-LabRunning
    Invoke-Native bash @((Join-Path $root 'tests/lab/start.sh'))
    -not $wasRunning
}

function Test-LabRunning {
    if (-not (Test-Path (Get-LabFile))) { return $false }
    & bash (Join-Path $root 'tests/lab/status.sh') *> $null
    $LASTEXITCODE -eq 0
}

function Stop-Lab { Invoke-Native bash @((Join-Path $root 'tests/lab/stop.sh')) }

# Test processes see the lab's resolver as the system's (a private mount namespace; see the script),
# so a lookup without -DnsServer never leaves the machine.
function Invoke-InLabDns {
    param([string[]] $Command)
    & bash (Join-Path $root 'tests/lab/with-lab-dns.sh') @Command
}

function Invoke-XunitTests {
    $results = Join-Path $root 'out/test-results'
    Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
    Invoke-InLabDns dotnet, test, (Join-Path $root 'MailTls.slnx'), --no-build, --configuration, $Configuration, --nologo, `
        --logger, 'trx;LogFileName=core.trx', --logger, 'console;verbosity=normal', --results-directory, $results | Out-Host
    $trx = Get-ChildItem $results -Filter *.trx -Recurse | Select-Object -First 1
    if (-not $trx) {
        Write-Warning 'xUnit wrote no results file; counting the run as one failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }

    $counters = ([xml](Get-Content -Raw $trx.FullName)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

# Each module build gets its own pwsh process: an imported binary module cannot be unloaded.
function Invoke-PesterTests([string] $Framework) {
    $resultFile = Join-Path $root "out/test-results/pester-$Framework.json"
    $env:MAILTLS_FRAMEWORK = $Framework
    try {
        Invoke-InLabDns dotnet, pwsh, -NoProfile, -NonInteractive, -File, (Join-Path $root 'tests/Invoke-PesterSuite.ps1'), -ResultPath, $resultFile | Out-Host
    }
    finally {
        Remove-Item Env:MAILTLS_FRAMEWORK
    }

    if (-not (Test-Path $resultFile)) {
        Write-Warning "Pester ($Framework) wrote no result; counting the run as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }

    Get-Content -Raw $resultFile | ConvertFrom-Json
}

function Invoke-Tests {
    Invoke-Build
    $startedLab = Start-Lab
    try {
        $runs = @(Invoke-XunitTests)
        foreach ($framework in $frameworks) {
            Write-Host "`n=== Pester against the $framework build ===" -ForegroundColor Cyan
            $runs += Invoke-PesterTests $framework
        }
    }
    finally {
        if ($startedLab) { Stop-Lab }
    }

    $passed = ($runs | Measure-Object Passed -Sum).Sum
    $failed = ($runs | Measure-Object Failed -Sum).Sum
    $skipped = ($runs | Measure-Object Skipped -Sum).Sum
    Write-Host ''
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

# The main job, against the lab since there is no Internet here: the lab's domains, their MX
# hosts through the lab resolver, and every MX address probed for STARTTLS and its certificate.
function Invoke-Demo {
    Invoke-Build
    $null = Start-Lab
    $lab = Get-Content -Raw (Get-LabFile) | ConvertFrom-Json
    Import-Module (Join-Path $root 'MailTls.psd1') -Force
    $labArgs = @{ DnsServer = $lab.resolver; TrustedRootCertificate = $lab.caCertificate }
    $out = New-Item -ItemType Directory -Force (Join-Path $root 'out/demo')

    # One domain per case the lab serves: good, DANE, MTA-STS, each certificate fault, legacy TLS, no STARTTLS, DNS faults.
    $domains = 'example.test', 'tls12.example.test', 'example2.test', 'dane-partial.example.test', 'sts-testing.example.test',
        'sts-mxmiss.example.test', 'expired.example.test', 'wrongname.example.test', 'selfsigned.example.test',
        'nointermediate.example.test', 'weakkey.example.test', 'sha1.example.test', 'legacyall.example.test',
        'legacy.example.test', 'nostarttls.example.test', 'nullmx.example.test', 'noaddr.example.test', 'no-such.example.test', 'bogus.test'
    Write-Host "Test-MailDomainTls <$($domains.Count) lab domains> -IncludeProtocolScan -DnsServer $($lab.resolver) -TrustedRootCertificate $($lab.caCertificate)" -ForegroundColor Cyan
    $rows = $domains | Test-MailDomainTls @labArgs -IncludeProtocolScan
    # Out-String -Width: a redirected console reports 80 columns, too few for the table.
    $rows | Out-String -Width 160 | Write-Host
    Write-Host 'What to do, per domain:' -ForegroundColor Cyan
    foreach ($row in $rows) { Write-Host ('  {0,-28} {1}' -f $row.Domain, $row.Summary) }

    $csv = Join-Path $out 'mail-tls.csv'
    $html = Join-Path $out 'mail-tls-report.html'
    $rows | Export-Csv $csv -NoTypeInformation
    $rows | Export-MailTlsReport -Path $html -Force | Out-Null
    Write-Host "`nWrote $csv and $html (open the HTML file in a browser)." -ForegroundColor Cyan

    Write-Host "`nThe nightly run at scale: Test-MailDomainTls -Path $($lab.scale.domains) ($($lab.scale.count) generated domains)" -ForegroundColor Cyan
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $scale = Test-MailDomainTls -Path $lab.scale.domains @labArgs -ThrottleLimit 100
    $clock.Stop()
    Write-Host ('{0} rows in {1:0.0} s' -f @($scale).Count, $clock.Elapsed.TotalSeconds)
    $scale | Group-Object ForcedTls -NoElement | Sort-Object Name | Format-Table @{ n = 'ForcedTls'; e = 'Name' }, Count -AutoSize | Out-String | Write-Host
    $scale | Export-MailTlsReport -Path (Join-Path $out 'scale-report.html') -Title 'Scale lab: nightly mail TLS report' -Force | Out-Null
}

function Invoke-Bench {
    Invoke-Build
    $null = Start-Lab
    foreach ($bench in Get-ChildItem (Join-Path $root 'bench') -Filter '*.bench.ps1') {
        & $bench.FullName -LabFile (Get-LabFile)
    }
}

function Invoke-Package {
    $script:Configuration = 'Release'
    Invoke-Build
    $manifest = Import-PowerShellDataFile (Join-Path $root 'MailTls.psd1')
    $stage = Join-Path $root "out/MailTls/$($manifest.ModuleVersion)"
    Remove-Item -Recurse -Force (Join-Path $root 'out/MailTls') -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $stage
    Copy-Item (Join-Path $root 'MailTls.psd1'), (Join-Path $root 'MailTls.psm1'), (Join-Path $root 'LICENSE') $stage
    $null = New-Item -ItemType Directory -Force (Join-Path $stage 'module')
    Copy-Item (Join-Path $root 'module/*.ps1xml') (Join-Path $stage 'module')
    Copy-Item -Recurse (Join-Path $root 'en-US') $stage
    foreach ($framework in $frameworks) {
        $target = Join-Path $stage "bin/$framework"
        $null = New-Item -ItemType Directory -Force $target
        Copy-Item -Recurse (Join-Path $root "bin/$framework/*") $target
    }

    Get-ChildItem $stage -Recurse -Include '*.pdb', '*.xml' | Where-Object Name -ne 'MailTls.dll-Help.xml' | Remove-Item
    # The staged copy must work on its own, not only pass the manifest test.
    & dotnet pwsh -NoProfile -Command "Import-Module '$stage/MailTls.psd1'; (Get-Command -Module MailTls).Count; (Get-Help Resolve-MailExchanger).Synopsis" | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'The staged module does not import.' }

    $null = Test-ModuleManifest (Join-Path $stage 'MailTls.psd1')
    $repository = Join-Path $root 'out/repository'
    $null = New-Item -ItemType Directory -Force $repository
    Register-PSResourceRepository -Name MailTlsBuild -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $stage -Repository MailTlsBuild
    }
    finally {
        Unregister-PSResourceRepository -Name MailTlsBuild
    }

    $package = Get-ChildItem $repository -Filter 'MailTls.*.nupkg' | Sort-Object LastWriteTime | Select-Object -Last 1
    Write-Host "Staged $stage; Publish-PSResource accepted it: $($package.FullName)"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Tests }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
}
