# Shared by every *.Tests.ps1: where the repo and the lab are, and how to load the module under test.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-RepoRoot { $script:RepoRoot }

# The lab writes one file with its addresses and CA path; tests read nothing else about it.
function Get-Lab {
    $dir = if ($env:MAILTLS_LAB_DIR) { $env:MAILTLS_LAB_DIR } else { '/tmp/mailtls-lab' }
    $file = Join-Path $dir 'lab.json'
    if (-not (Test-Path $file)) {
        throw "The loopback lab is not running ($file is missing). Start it with: bash tests/lab/start.sh"
    }

    Get-Content -Raw $file | ConvertFrom-Json
}

# Which build MailTls.psm1 loads in this process (build.ps1 sets MAILTLS_FRAMEWORK per run).
function Get-ExpectedFramework {
    if ($env:MAILTLS_FRAMEWORK) { $env:MAILTLS_FRAMEWORK } else { 'net8.0' }
}

function Import-MailTls {
    Import-Module (Join-Path $script:RepoRoot 'MailTls.psd1') -Force -Global
}

# A UDP socket that receives queries and never answers: a resolver that has gone silent.
function New-SilentUdpEndpoint {
    [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]'127.0.0.250', 0))
}

# A loopback UDP port with nothing bound to it: the kernel answers ICMP port unreachable.
function Get-ClosedUdpPort {
    $probe = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]'127.0.0.251', 0))
    $port = $probe.Client.LocalEndPoint.Port
    $probe.Dispose()
    $port
}

Export-ModuleMember -Function Get-RepoRoot, Get-Lab, Get-ExpectedFramework, Import-MailTls, New-SilentUdpEndpoint, Get-ClosedUdpPort
