# The Exchange cmdlets, parameters and parameter values that Export-ForcedTlsPolicy's Exchange and
# Exchange Online scripts may use, copied from the SYNTAX sections (and value lists) of Microsoft's
# cmdlet reference, as published in the MicrosoftDocs/office-docs-powershell repository
# (exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md). Common parameters are those of
# about_CommonParameters. Export-ForcedTlsPolicy.Tests.ps1 checks every command of the generated
# scripts against this list.
@{
    CommonParameters = @(
        # https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters
        'Debug', 'ErrorAction', 'ErrorVariable', 'InformationAction', 'InformationVariable', 'OutVariable',
        'OutBuffer', 'PipelineVariable', 'ProgressAction', 'Verbose', 'WarningAction', 'WarningVariable'
    )

    Cmdlets = @{
        'Get-SendConnector' = @{
            Source     = 'https://learn.microsoft.com/powershell/module/exchangepowershell/get-sendconnector'
            Parameters = @('Identity', 'DomainController')
        }
        'New-SendConnector' = @{
            Source     = 'https://learn.microsoft.com/powershell/module/exchangepowershell/new-sendconnector'
            Parameters = @(
                'Name', 'AddressSpaces', 'AuthenticationCredential', 'CloudServicesMailEnabled', 'Comment', 'Confirm',
                'ConnectionInactivityTimeOut', 'ConnectorType', 'Custom', 'DNSRoutingEnabled', 'DomainController',
                'DomainSecureEnabled', 'Enabled', 'ErrorPolicies', 'Force', 'ForceHELO', 'Fqdn', 'FrontendProxyEnabled',
                'IgnoreSTARTTLS', 'Internal', 'Internet', 'IsCoexistenceConnector', 'IsScopedConnector',
                'LinkedReceiveConnector', 'MaxMessageSize', 'Partner', 'Port', 'ProtocolLoggingLevel', 'RequireOorg',
                'RequireTLS', 'SmartHostAuthMechanism', 'SmartHosts', 'SmtpMaxMessagesPerConnection', 'SourceIPAddress',
                'SourceTransportServers', 'TlsAuthLevel', 'TlsCertificateName', 'TlsDomain', 'Usage',
                'UseExternalDNSServersEnabled', 'WhatIf'
            )
            Values     = @{ TlsAuthLevel = @('EncryptionOnly', 'CertificateValidation', 'DomainValidation') }
        }
        'Set-SendConnector' = @{
            Source     = 'https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector'
            Parameters = @(
                'Identity', 'AddressSpaces', 'AuthenticationCredential', 'CloudServicesMailEnabled', 'Comment', 'Confirm',
                'ConnectionInactivityTimeOut', 'ConnectorType', 'DNSRoutingEnabled', 'DomainController',
                'DomainSecureEnabled', 'Enabled', 'ErrorPolicies', 'Force', 'ForceHELO', 'Fqdn', 'FrontendProxyEnabled',
                'IgnoreSTARTTLS', 'IsCoexistenceConnector', 'IsScopedConnector', 'LinkedReceiveConnector',
                'MaxMessageSize', 'Name', 'Port', 'ProtocolLoggingLevel', 'RequireOorg', 'RequireTLS',
                'SmartHostAuthMechanism', 'SmartHosts', 'SmtpMaxMessagesPerConnection', 'SourceIPAddress',
                'SourceTransportServers', 'TlsAuthLevel', 'TlsCertificateName', 'TlsDomain',
                'UseExternalDNSServersEnabled', 'WhatIf'
            )
            Values     = @{ TlsAuthLevel = @('EncryptionOnly', 'CertificateValidation', 'DomainValidation') }
        }
        'Get-OutboundConnector' = @{
            Source     = 'https://learn.microsoft.com/powershell/module/exchangepowershell/get-outboundconnector'
            Parameters = @('Identity', 'IncludeTestModeConnectors', 'IsTransportRuleScoped', 'ResultSize')
        }
        'New-OutboundConnector' = @{
            Source     = 'https://learn.microsoft.com/powershell/module/exchangepowershell/new-outboundconnector'
            Parameters = @(
                'Name', 'AllAcceptedDomains', 'CloudServicesMailEnabled', 'Comment', 'Confirm', 'ConnectorSource',
                'ConnectorType', 'Enabled', 'IsTransportRuleScoped', 'LinkForModifiedConnector', 'RecipientDomains',
                'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled', 'SmartHosts', 'TestMode', 'TlsDomain',
                'TlsSettings', 'UseMXRecord', 'WhatIf'
            )
            Values     = @{ TlsSettings = @('EncryptionOnly', 'CertificateValidation', 'DomainValidation'); ConnectorType = @('Partner', 'OnPremises') }
        }
        'Set-OutboundConnector' = @{
            Source     = 'https://learn.microsoft.com/powershell/module/exchangepowershell/set-outboundconnector'
            Parameters = @(
                'Identity', 'AllAcceptedDomains', 'CloudServicesMailEnabled', 'Comment', 'Confirm', 'ConnectorSource',
                'ConnectorType', 'Enabled', 'IsTransportRuleScoped', 'IsValidated', 'LastValidationTimestamp', 'Name',
                'RecipientDomains', 'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled', 'SmartHosts', 'TestMode',
                'TlsDomain', 'TlsSettings', 'UseMXRecord', 'ValidationRecipients', 'WhatIf'
            )
            Values     = @{ TlsSettings = @('EncryptionOnly', 'CertificateValidation', 'DomainValidation'); ConnectorType = @('Partner', 'OnPremises') }
        }
    }
}
