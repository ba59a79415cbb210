using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>PowerShell calls this on Import-Module and Remove-Module.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => DependencyLoader.Register();

    public void OnRemove(PSModuleInfo psModuleInfo) => DependencyLoader.Unregister();
}
