#requires -Version 7.4
<#
.SYNOPSIS
    Writes the TLS-RPT test corpus: the RFC 8460 example, reports in the shapes real senders send,
    their gzip and e-mail wrappings, and broken files (truncated, invalid, wrong types, a gzip bomb).
.DESCRIPTION
    -Path gets one file per case, named after it; Pester reads them back. The sender shapes follow
    the deviations seen in the wild: zone-less datetimes, an end at the next midnight, mx-host as a
    string, an array or absent, policy-string absent or empty, a TLSA policy-string holding one
    JSON-encoded array, contact-info null, failure-details absent or empty, details that do not add up
    to the summary, free-text reason codes, failures without IPs, unknown fields, trailing data.
    -Bulk instead writes -TotalMB of realistic reports in one form (Json, Gzip or Eml) for the benchmark.
.EXAMPLE
    ./New-TlsRptCorpus.ps1 -Path /tmp/corpus
.EXAMPLE
    ./New-TlsRptCorpus.ps1 -Path /tmp/bench-json -Bulk -TotalMB 100 -Form Json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Path,

    [switch] $Bulk,

    [int] $TotalMB = 100,

    [ValidateSet('Json', 'Gzip', 'Eml')]
    [string] $Form = 'Json'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$null = New-Item -ItemType Directory -Force $Path
$utf8 = [System.Text.UTF8Encoding]::new($false)

function Write-Text([string] $Name, [string] $Text) {
    [System.IO.File]::WriteAllText((Join-Path $Path $Name), $Text, $utf8)
}

function Get-Gzip([byte[]] $Bytes) {
    $buffer = [System.IO.MemoryStream]::new()
    $gzip = [System.IO.Compression.GZipStream]::new($buffer, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    $gzip.Write($Bytes, 0, $Bytes.Length)
    $gzip.Dispose()
    $buffer.ToArray()
}

# The report e-mail of RFC 8460 §5.3: multipart/report; report-type=tlsrpt, with a human-readable part and the report.
function Get-ReportMail([byte[]] $Report, [string] $MediaType = 'application/tlsrpt+gzip', [string] $FileName = 'report.json.gz', [string] $ReportType = 'report-type="tlsrpt"') {
    $base64 = [Convert]::ToBase64String($Report, 'InsertLineBreaks')
    @"
From: TLS Reporting <noreply-smtp-tls-reporting@sender.example>
To: tlsrpt@example.net
Subject: Report Domain: example.net Submitter: sender.example Report-ID: <2024.06.03T00.00.00Z+example.net@sender.example>
Date: Tue, 04 Jun 2024 01:02:03 +0000
Message-ID: <report-1@sender.example>
TLS-Report-Domain: example.net
TLS-Report-Submitter: sender.example
MIME-Version: 1.0
Content-Type: multipart/report; $ReportType; boundary="----=_Part_1"

------=_Part_1
Content-Type: text/plain; charset=us-ascii

This is an aggregate TLS report from sender.example.

------=_Part_1
Content-Type: $MediaType; name="$FileName"
Content-Disposition: attachment; filename="$FileName"
Content-Transfer-Encoding: base64

$base64
------=_Part_1--
"@ -replace "`r?`n", "`r`n"
}

function ConvertTo-Json10($Value) { $Value | ConvertTo-Json -Depth 10 -Compress }

# RFC 8460 §5 example, with the line break the RFC's layout puts inside a JSON string removed.
$rfcExample = @'
{
  "organization-name": "Company-X",
  "date-range": {
    "start-datetime": "2016-04-01T00:00:00Z",
    "end-datetime": "2016-04-01T23:59:59Z"
  },
  "contact-info": "sts-reporting@company-x.example",
  "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
  "policies": [{
    "policy": {
      "policy-type": "sts",
      "policy-string": ["version: STSv1","mode: testing",
            "mx: *.mail.company-y.example","max_age: 86400"],
      "policy-domain": "company-y.example",
      "mx-host": ["*.mail.company-y.example"]
    },
    "summary": {
      "total-successful-session-count": 5326,
      "total-failure-session-count": 303
    },
    "failure-details": [{
      "result-type": "certificate-expired",
      "sending-mta-ip": "2001:db8:abcd:0012::1",
      "receiving-mx-hostname": "mx1.mail.company-y.example",
      "failed-session-count": 100
    }, {
      "result-type": "starttls-not-supported",
      "sending-mta-ip": "2001:db8:abcd:0013::1",
      "receiving-mx-hostname": "mx2.mail.company-y.example",
      "receiving-ip": "203.0.113.56",
      "failed-session-count": 200,
      "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported"
    }, {
      "result-type": "validation-failure",
      "sending-mta-ip": "198.51.100.62",
      "receiving-ip": "203.0.113.58",
      "receiving-mx-hostname": "mx-backup.mail.company-y.example",
      "failed-session-count": 3,
      "failure-reason-code": "X509_V_ERR_PROOF_OF_POSSESSION"
    }]
  }]
}
'@

function New-Report {
    param(
        [string] $Organization = 'sender.example',
        [string] $ReportId = '2024-06-03T00:00:00Z_example.net',
        [object] $Start = '2024-06-03T00:00:00Z',
        [object] $End = '2024-06-03T23:59:59Z',
        [object] $Contact = 'tlsrpt@sender.example',
        [object[]] $Policies
    )
    [ordered]@{
        'organization-name' = $Organization
        'date-range'        = [ordered]@{ 'start-datetime' = $Start; 'end-datetime' = $End }
        'contact-info'      = $Contact
        'report-id'         = $ReportId
        'policies'          = @($Policies)
    }
}

function New-StsPolicy([object] $MxHost = @('mx1.example.net', 'mx2.example.net'), [long] $Ok = 1000, [long] $Failed = 0, [object] $Details = $null) {
    $policy = [ordered]@{
        'policy-type'   = 'sts'
        'policy-string' = @('version: STSv1', 'mode: enforce', 'mx: mx1.example.net', 'mx: mx2.example.net', 'max_age: 604800')
        'policy-domain' = 'example.net'
    }
    if ($null -ne $MxHost) { $policy['mx-host'] = $MxHost }
    $entry = [ordered]@{ policy = $policy; summary = [ordered]@{ 'total-successful-session-count' = $Ok; 'total-failure-session-count' = $Failed } }
    if ($null -ne $Details) { $entry['failure-details'] = @($Details) }
    $entry
}

function New-Detail([string] $Type = 'certificate-expired', [long] $Count = 1, [string] $Mx = 'mx1.example.net', [string] $Ip = '192.0.2.10') {
    [ordered]@{ 'result-type' = $Type; 'sending-mta-ip' = $Ip; 'receiving-mx-hostname' = $Mx; 'receiving-ip' = '203.0.113.25'; 'failed-session-count' = $Count }
}

if ($Bulk) {
    # Reports of realistic size: a large sender's daily report, 2 policies, 120 failure details.
    $details = foreach ($i in 1..120) {
        New-Detail -Type (('certificate-expired', 'starttls-not-supported', 'validation-failure', 'sts-policy-fetch-error')[$i % 4]) -Count ($i % 7 + 1) -Mx "mx$($i % 3 + 1).example.net" -Ip "198.51.100.$($i % 250 + 1)"
    }
    $sum = ($details | ForEach-Object { $_['failed-session-count'] } | Measure-Object -Sum).Sum
    $template = ConvertTo-Json10 (New-Report -ReportId '@ID@' -Policies @(
            (New-StsPolicy -Ok 123456 -Failed $sum -Details $details),
            (New-StsPolicy -MxHost 'mx3.example.net' -Ok 4242)
        ))
    $count = [int][math]::Ceiling($TotalMB * 1MB / $utf8.GetByteCount($template))
    foreach ($i in 1..$count) {
        $bytes = $utf8.GetBytes($template.Replace('@ID@', "bulk-$i"))
        switch ($Form) {
            'Json' { [System.IO.File]::WriteAllBytes((Join-Path $Path "report-$i.json"), $bytes) }
            'Gzip' { [System.IO.File]::WriteAllBytes((Join-Path $Path "report-$i.json.gz"), (Get-Gzip $bytes)) }
            'Eml' { Write-Text "report-$i.eml" (Get-ReportMail (Get-Gzip $bytes)) }
        }
    }
    return
}

# --- Valid reports, one per sender shape ---------------------------------------------------
Write-Text 'rfc8460-example.json' $rfcExample

# Google-style: no mx-host, no failure-details when nothing failed, compact JSON.
Write-Text 'google-style.json' (ConvertTo-Json10 (New-Report -Organization 'Google Inc.' -Contact 'smtp-tls-reporting@google.com' -Policies @(New-StsPolicy -MxHost $null -Ok 52)))

# Microsoft-style: mx-host as an array, failure details with receiving-mx-helo.
$helo = New-Detail -Type 'validation-failure' -Count 4
$helo['receiving-mx-helo'] = 'mx1.example.net'
Write-Text 'microsoft-style.json' (ConvertTo-Json10 (New-Report -Organization 'Microsoft Corporation' -Contact 'tlsrpt-noreply@microsoft.com' -Policies @(New-StsPolicy -MxHost @('*.example.net') -Ok 300 -Failed 4 -Details @($helo))))

Write-Text 'mx-host-string.json' (ConvertTo-Json10 (New-Report -Policies @(New-StsPolicy -MxHost 'mx1.example.net' -Ok 10)))
Write-Text 'zoneless-dates.json' (ConvertTo-Json10 (New-Report -Start '2024-06-03T00:00:00' -End '2024-06-04T00:00:00' -Policies @(New-StsPolicy -Ok 7)))
Write-Text 'contact-null.json' (ConvertTo-Json10 (New-Report -Contact $null -Policies @(New-StsPolicy -Ok 7)))

$noString = New-StsPolicy -Ok 9
$noString.policy.Remove('policy-string')
Write-Text 'policy-string-absent.json' (ConvertTo-Json10 (New-Report -Policies @($noString)))
$emptyString = New-StsPolicy -Ok 9
$emptyString.policy['policy-string'] = @()
Write-Text 'policy-string-empty.json' (ConvertTo-Json10 (New-Report -Policies @($emptyString)))

$tlsa = [ordered]@{
    policy  = [ordered]@{ 'policy-type' = 'tlsa'; 'policy-string' = @('["3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6","2 1 1 B7C6CF1EA9A5E1E3E3D6C0F5C1A25F4A0F6A7B1C2D3E4F5061728394A5B6C7D8"]'); 'policy-domain' = 'example.net'; 'mx-host' = 'mx1.example.net' }
    summary = [ordered]@{ 'total-successful-session-count' = 88; 'total-failure-session-count' = 2 }
    'failure-details' = @([ordered]@{ 'result-type' = 'tlsa-invalid'; 'failed-session-count' = 2; 'failure-reason-code' = 'no TLSA record matched the certificate chain (DANE-EE 3 1 1)' })
}
Write-Text 'tlsa-json-array.json' (ConvertTo-Json10 (New-Report -Policies @($tlsa)))

Write-Text 'failure-details-absent.json' (ConvertTo-Json10 (New-Report -Policies @(New-StsPolicy -Ok 5 -Failed 2)))
Write-Text 'failure-details-empty.json' (ConvertTo-Json10 (New-Report -Policies @((New-StsPolicy -Ok 5 -Failed 0) + @{ 'failure-details' = @() })))
Write-Text 'count-mismatch.json' (ConvertTo-Json10 (New-Report -Policies @(New-StsPolicy -Ok 5 -Failed 10 -Details @((New-Detail -Count 3), (New-Detail -Type 'starttls-not-supported' -Count 4)))))

$noIp = [ordered]@{ 'result-type' = 'sts-policy-fetch-error'; 'failed-session-count' = 6; 'failure-reason-code' = 'HTTP 404 fetching https://mta-sts.example.net/.well-known/mta-sts.txt' }
$unknownType = [ordered]@{ 'result-type' = 'vendor-specific-timeout'; 'failed-session-count' = 1; 'receiving-mx-hostname' = 'mx2.example.net' }
Write-Text 'no-ip-free-text.json' (ConvertTo-Json10 (New-Report -Policies @(New-StsPolicy -Ok 5 -Failed 7 -Details @($noIp, $unknownType))))

$noPolicy = [ordered]@{ policy = [ordered]@{ 'policy-type' = 'no-policy-found'; 'policy-domain' = 'example.net' }; summary = [ordered]@{ 'total-successful-session-count' = 40; 'total-failure-session-count' = 0 } }
$extra = New-Report -Policies @($noPolicy)
$extra['x-vendor-extension'] = [ordered]@{ nested = @(1, 2, 3); flag = $true }
$extra.policies[0]['x-sender-note'] = 'ignored'
Write-Text 'unknown-fields.json' (ConvertTo-Json10 $extra)

Write-Text 'trailing-data.json' ((ConvertTo-Json10 (New-Report -Policies @(New-StsPolicy -Ok 3))) + "`n`0`0-- signature --`n")

# --- Wrappings ----------------------------------------------------------------------------------
$google = [System.IO.File]::ReadAllBytes((Join-Path $Path 'google-style.json'))
$rfcBytes = $utf8.GetBytes($rfcExample)
[System.IO.File]::WriteAllBytes((Join-Path $Path 'rfc8460-example.json.gz'), (Get-Gzip $rfcBytes))
[System.IO.File]::WriteAllBytes((Join-Path $Path 'gzip-without-extension.bin'), (Get-Gzip $google))
Write-Text 'report-gzip.eml' (Get-ReportMail (Get-Gzip $rfcBytes))
Write-Text 'report-json-unquoted.eml' (Get-ReportMail $google 'application/tlsrpt+json' 'report.json' 'report-type=tlsrpt')
Write-Text 'report-octet-stream.eml' (Get-ReportMail (Get-Gzip $google) 'application/octet-stream' 'sender.example!example.net!1717372800!1717459199.json.gz')
$inner = Get-ReportMail (Get-Gzip $google)
Write-Text 'forwarded-report.eml' (@"
From: Admin <admin@example.net>
To: archive@example.net
Subject: Fwd: TLS report
Message-ID: <fwd-1@example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain

See the attached report.
--outer
Content-Type: message/rfc822

$inner
--outer--
"@ -replace "`r?`n", "`r`n")
$null = New-Item -ItemType Directory -Force (Join-Path $Path 'maildir/cur')
Write-Text 'maildir/cur/1717459323.M1P2.host:2,S' (Get-ReportMail (Get-Gzip $google))

# --- Broken input -------------------------------------------------------------------------------
$whole = ConvertTo-Json10 (New-Report -Policies @(New-StsPolicy -Ok 3))
Write-Text 'broken-truncated.json' $whole.Substring(0, 120)
Write-Text 'broken-invalid.json' ('{"organization-name": "x", "policies": [ }')
Write-Text 'broken-wrong-type.json' ($whole.Replace('"total-successful-session-count":3', '"total-successful-session-count":{"n":3}'))
Write-Text 'broken-not-a-report.json' '{"kind": "dmarc", "records": []}'
Write-Text 'broken-no-attachment.eml' "From: a@example.net`r`nTo: b@example.net`r`nSubject: hello`r`nMIME-Version: 1.0`r`nContent-Type: text/plain`r`n`r`nNo report here.`r`n"
$missing = New-Report -Policies @(New-StsPolicy -Ok 3)
$missing.Remove('organization-name')
$missing.Remove('report-id')
$missing.policies[0].Remove('summary')
Write-Text 'missing-fields.json' (ConvertTo-Json10 $missing)
[System.IO.File]::WriteAllBytes((Join-Path $Path 'broken-not-gzip.gz'), [byte[]](0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
# A sender writing Latin-1 where JSON must be UTF-8: "Société" with a bare 0xE9.
[System.IO.File]::WriteAllBytes((Join-Path $Path 'broken-latin1.json'), [System.Text.Encoding]::Latin1.GetBytes($whole.Replace('"organization-name":"', '"organization-name":"Soci' + [char]0xE9 + 't' + [char]0xE9 + ' ')))

# A gzip bomb: 130 MiB of spaces after an opening brace, past the 128 MiB cap, in about 130 KB.
$bomb = [System.IO.FileStream]::new((Join-Path $Path 'broken-bomb.json.gz'), 'Create')
$gzip = [System.IO.Compression.GZipStream]::new($bomb, [System.IO.Compression.CompressionLevel]::Optimal)
$gzip.WriteByte([byte][char]'{')
$block = [byte[]]::new(1MB)
[Array]::Fill($block, [byte][char]' ')
foreach ($i in 1..130) { $gzip.Write($block, 0, $block.Length) }
$gzip.Dispose()
$bomb.Dispose()
