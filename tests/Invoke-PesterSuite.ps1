#requires -Version 7.4
<#
.SYNOPSIS
    Runs every tests/pester/*.Tests.ps1 in this process against the module build chosen by
    $env:MAILTLS_FRAMEWORK and writes {Passed, Failed, Skipped} as JSON to -ResultPath.
#>
param(
    [Parameter(Mandatory)]
    [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
$nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
$pester = Join-Path $nugetRoot 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) {
    throw "Pester 5.7.1 is not in the NuGet cache ($pester). Run 'dotnet restore' (tests/MailTls.Core.Tests downloads it)."
}

Import-Module $pester -RequiredVersion 5.7.1

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $configuration

# A failing BeforeAll fails a whole block or file without failing its tests: count those too.
$summary = [pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
}
$null = New-Item -ItemType Directory -Force (Split-Path $ResultPath)
$summary | ConvertTo-Json | Set-Content -Path $ResultPath
