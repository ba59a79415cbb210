using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// Binds the domain of whatever is piped or passed: a string as it is, and from any other object the
/// string value of its DomainName, Domain or Name property, whatever that property's type.
/// Exchange's AcceptedDomain holds an SmtpDomainWithSubdomains in DomainName (a string only through
/// ToString), and remoting delivers it deserialized; without this, PowerShell's conversion of the
/// whole object to a string would win and "Contoso" or a type name would become the "domain".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DomainNameTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly string[] Properties = { "DomainName", "Domain", "Name" };

    /// <summary>Leave Resolve-MailExchanger's objects alone, for a cmdlet that binds them to a parameter of their own.</summary>
    public bool LeaveMailExchangers { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null || value is string)
        {
            return value;
        }

        if (value is IList list && value is not IDictionary)
        {
            var items = list.Cast<object?>().Select(Domain).ToArray();
            return items.All(i => i is string or null) ? items : inputData;
        }

        return Domain(inputData) ?? inputData;
    }

    private object? Domain(object? item)
    {
        if (item is null)
        {
            return null;
        }

        var psObject = PSObject.AsPSObject(item);
        if (psObject.BaseObject is string text)
        {
            return text;
        }

        if (LeaveMailExchangers && psObject.TypeNames.Any(t => t.EndsWith("MailTls.MailExchanger", StringComparison.Ordinal)))
        {
            return item;
        }

        foreach (var name in Properties)
        {
            if (psObject.Properties[name]?.Value is { } property)
            {
                // A deserialized object keeps its original ToString, which for Exchange's types is the domain.
                return PSObject.AsPSObject(property).ToString();
            }
        }

        return item;
    }
}
