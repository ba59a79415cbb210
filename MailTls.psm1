# Picks the build that fits this PowerShell: net8.0 on PowerShell 7.4+, netstandard2.0 on
# Windows PowerShell 5.1. MAILTLS_FRAMEWORK=netstandard2.0 forces the 5.1 build on PowerShell 7,
# which is how the tests exercise both builds.
$framework = if ($env:MAILTLS_FRAMEWORK) { $env:MAILTLS_FRAMEWORK } elseif ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
if ($framework -notin 'net8.0', 'netstandard2.0') {
    throw "MAILTLS_FRAMEWORK is '$framework'; use 'net8.0' or 'netstandard2.0', or unset it."
}

$assembly = Join-Path $PSScriptRoot "bin/$framework/MailTls.dll"
if (-not (Test-Path -LiteralPath $assembly)) {
    throw "MailTls is not built: '$assembly' is missing. Run 'dotnet build' in '$PSScriptRoot' first."
}

Import-Module -Name $assembly
