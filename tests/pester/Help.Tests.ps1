# Get-Help's text comes from docs/<Cmdlet>.md, turned into en-US/MailTls.dll-Help.xml by
# build/MailTls.HelpGen at build time. These tests hold that help to the cmdlets themselves, so a
# parameter renamed, added or changed in code fails here until its page says the same.
# Run 'dotnet build' first: the module and its help are build output.

BeforeDiscovery {
    # Discovery needs the cmdlets and their parameters to name one test per parameter.
    Import-Module (Join-Path $PSScriptRoot ../../MailTls.psd1) -Force
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $cmdlets = foreach ($command in Get-Command -Module MailTls -CommandType Cmdlet) {
        @{
            Name       = $command.Name
            Parameters = @($command.Parameters.Values | Where-Object Name -NotIn $commonParameters | ForEach-Object { @{ Parameter = $_.Name } })
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot ../../MailTls.psd1) -Force
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    # Help says 'True (ByPropertyName, ByValue)' or 'False'; the cmdlet says it with two flags.
    function ConvertFrom-PipelineInputText([string] $Text) {
        if ($Text -match '^True \((.*)\)$') {
            @($Matches[1] -split ',\s*' | Where-Object { $_ -in 'ByValue', 'ByPropertyName' } | Sort-Object)
        }
        else {
            @()
        }
    }

    function Get-PipelineInputKind($Parameter) {
        @(
            if ($Parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
            if ($Parameter.ValueFromPipeline) { 'ByValue' }
        )
    }

    function Get-PositionText([int] $Position) {
        if ($Position -lt 0) { 'named' } else { "$Position" }
    }
}

Describe 'MailTls help' -Tag CI {
    It 'has cmdlets to check' {
        @(Get-Command -Module MailTls -CommandType Cmdlet).Count | Should -BeGreaterThan 0
    }

    It 'has the about_MailTls topic' {
        $text = Get-Help about_MailTls -ErrorAction Stop | Out-String
        $text | Should -Match 'TOPIC\s+about_MailTls'
        foreach ($heading in 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'EXAMPLES', 'SEE ALSO') {
            $text | Should -Match "(?m)^$heading\s*$" -Because "an about topic has a $heading section"
        }
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets -Tag CI {
    BeforeAll {
        $command = Get-Command -Name $Name -CommandType Cmdlet
        $help = Get-Help -Name $Name -Full
        $documented = @($help.parameters.parameter)
    }

    It 'sends Get-Help -Online to its own page in docs/' {
        $page = "https://github.com/mailtls/MailTls/blob/main/docs/$Name.md"
        $command.HelpUri | Should -Be $page
        @($help.relatedLinks.navigationLink)[0].uri | Should -Be $page
    }

    It 'has a synopsis from its page' {
        # Without a help file, Get-Help makes the synopsis up from the syntax.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '<CommonParameters>' -Because 'a synopsis made from the syntax means no help file was found'
    }

    It 'has a description' {
        ($help.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least 3 examples, each with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $examples) {
            "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "$($example.title.Trim('- ')) needs code"
        }
    }

    It 'documents -<Parameter> with its type, mandatory flag, position and pipeline input' -ForEach $Parameters {
        $metadata = $command.Parameters[$Parameter]
        $doc = $documented | Where-Object name -EQ $Parameter
        $doc | Should -Not -BeNullOrEmpty -Because "docs/$($command.Name).md must have a '### -$Parameter' section"
        $doc.type.name | Should -Be $metadata.ParameterType.Name

        # The PARAMETERS section shows one entry; it must hold whenever every parameter set agrees.
        # Per-set differences are checked against the syntax lines below.
        $attributes = @($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $mandatory = @($attributes.Mandatory | Sort-Object -Unique)
        if ($mandatory.Count -eq 1) {
            [bool]::Parse($doc.required) | Should -Be $mandatory[0] -Because 'Required must match the cmdlet'
        }

        $positions = @($attributes | ForEach-Object { Get-PositionText $_.Position } | Sort-Object -Unique)
        if ($positions.Count -eq 1) {
            $doc.position | Should -Be $positions[0] -Because 'Position must match the cmdlet'
        }

        $pipeline = @($attributes | ForEach-Object { (Get-PipelineInputKind $_) -join ',' } | Sort-Object -Unique)
        if ($pipeline.Count -eq 1) {
            (ConvertFrom-PipelineInputText $doc.pipelineInput) -join ',' | Should -Be $pipeline[0] -Because 'Accept pipeline input must match the cmdlet'
        }
    }

    It 'documents no parameter the cmdlet lacks' {
        $actual = @($command.Parameters.Keys)
        $extra = @($documented.name | Where-Object { $_ -notin $actual })
        $extra | Should -BeNullOrEmpty -Because 'help must not document parameters the cmdlet does not have'
    }

    It 'shows one syntax line per parameter set, each as the cmdlet declares it' {
        $syntaxItems = @($help.syntax.syntaxItem)
        $syntaxItems.Count | Should -Be $command.ParameterSets.Count
        foreach ($set in $command.ParameterSets) {
            $expected = @($set.Parameters | Where-Object Name -NotIn $CommonParameters)
            $names = ($expected.Name | Sort-Object) -join ','
            $line = $syntaxItems | Where-Object { (@($_.parameter.name | Sort-Object) -join ',') -eq $names }
            $line | Should -Not -BeNullOrEmpty -Because "set '$($set.Name)' has parameters $names"
            foreach ($setParameter in $expected) {
                $doc = @($line)[0].parameter | Where-Object name -EQ $setParameter.Name
                "$($setParameter.Name): $($doc.required) $($doc.position) $((ConvertFrom-PipelineInputText $doc.pipelineInput) -join ',')" |
                    Should -Be "$($setParameter.Name): $($setParameter.IsMandatory.ToString().ToLowerInvariant()) $(Get-PositionText $setParameter.Position) $((Get-PipelineInputKind $setParameter) -join ',')"
            }
        }
    }
}
