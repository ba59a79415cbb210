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

# A TCP listener whose accept queue is full: further connection attempts get no answer at all,
# like an address behind a firewall that drops port 25. Dispose the returned sockets afterwards.
function New-BlackHoleEndpoint {
    $listener = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
    $listener.Bind([System.Net.IPEndPoint]::new([ipaddress]'127.0.0.252', 0))
    $listener.Listen(0)
    $fillers = foreach ($i in 1..2) {
        $filler = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $null = $filler.ConnectAsync($listener.LocalEndPoint)
        $filler
    }
    Start-Sleep -Milliseconds 200
    [pscustomobject]@{ EndPoint = $listener.LocalEndPoint; Sockets = @($listener) + $fillers }
}

# Lines Postfix logged for one lab listener (by its log tag) since a given line count.
function Get-PostfixLog {
    param([int] $Skip = 0, [string] $Tag)
    $lines = @(Get-Content (Get-Lab).postfixLog)
    $new = @($lines | Select-Object -Skip $Skip)
    if ($Tag) { $new = @($new | Where-Object { $_.Contains(" $Tag[") }) }
    [pscustomobject]@{ Count = $lines.Count; Lines = $new }
}

# Runs a script in a second runspace, stops it (as Ctrl+C does) once it has run for a while,
# and says whether it was still running then, how it ended, and how long stopping took.
function Measure-PipelineStop {
    param([Parameter(Mandatory)] [string] $Script, [int] $RunMilliseconds = 1500)
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Import-Module '$(Join-Path $script:RepoRoot 'MailTls.psd1')'; $Script")
        $running = $shell.BeginInvoke()
        Start-Sleep -Milliseconds $RunMilliseconds
        $stillRunning = -not $running.IsCompleted
        $stop = Measure-Command { $shell.Stop() }
        [pscustomobject]@{ WasRunning = $stillRunning; State = $shell.InvocationStateInfo.State; StopSeconds = $stop.TotalSeconds }
    }
    finally {
        $shell.Dispose()
    }
}

# An object shaped like Exchange's AcceptedDomain: Name is a display name, DomainName an object
# that is not a string but whose ToString() is the domain (Exchange's SmtpDomainWithSubdomains; a
# StringBuilder stands in, being a .NET object with exactly that ToString). -Deserialized gives what
# a remote session (Import-PSSession, Invoke-Command) delivers instead.
function New-AcceptedDomain {
    param([Parameter(Mandatory)] [string] $Domain, [switch] $Deserialized)
    $smtpDomain = [System.Text.StringBuilder]::new($Domain)
    $accepted = [pscustomobject]@{
        PSTypeName = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain'
        Name       = "Contoso ($Domain)"
        DomainName = $smtpDomain
        DomainType = 'Authoritative'
        Default    = $true
    }
    $accepted | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Name } -Force
    if ($Deserialized) {
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($accepted, 2))
    }
    else {
        $accepted
    }
}

Export-ModuleMember -Function New-AcceptedDomain, Measure-PipelineStop, Get-RepoRoot, Get-Lab, Get-ExpectedFramework, Import-MailTls, New-SilentUdpEndpoint, Get-ClosedUdpPort, New-BlackHoleEndpoint, Get-PostfixLog
