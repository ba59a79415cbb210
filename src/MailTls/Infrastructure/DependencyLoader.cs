using System;
using System.IO;
using System.Reflection;
#if NET
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Loader;
#endif

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// Loads MailTls.Core and its dependencies (DnsClient, MailKit, MimeKit, BouncyCastle) from the
/// dependencies/ folder beside MailTls.dll. On .NET they live in their own AssemblyLoadContext,
/// so another module's MailKit or DnsClient of a different version cannot clash with ours.
/// Windows PowerShell 5.1 has no load contexts; there they load into the shared AppDomain.
/// </summary>
internal static class DependencyLoader
{
    private static readonly string DependencyDirectory =
        Path.Combine(Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location)!, "dependencies");

#if NET
    private const string CoreAssemblyName = "MailTls.Core";
    private static readonly Lazy<IsolatedContext> Context = new(() => new IsolatedContext(DependencyDirectory));
    private static bool _registered;

    public static void Register()
    {
        if (!_registered)
        {
            AssemblyLoadContext.Default.Resolving += ResolveCore;
            _registered = true;
        }
    }

    public static void Unregister()
    {
        if (_registered)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveCore;
            _registered = false;
        }
    }

    // Only the core is bridged from the default context; everything it needs then loads inside ours.
    private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, CoreAssemblyName, StringComparison.Ordinal) ? Context.Value.LoadFromAssemblyName(name) : null;

    private sealed class IsolatedContext : AssemblyLoadContext
    {
        private readonly string _directory;
        private readonly HashSet<string> _hostAssemblies;

        public IsolatedContext(string directory)
            : base("MailTls", isCollectible: false)
        {
            _directory = directory;

            // What the host ships (framework, and e.g. System.Security.Cryptography.Pkcs in pwsh) is
            // shared with it: those are built for this OS and runtime, our copies may not be.
            var trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            _hostAssemblies = new HashSet<string>(
                trusted.Split(Path.PathSeparator).Where(p => p.Length > 0).Select(Path.GetFileNameWithoutExtension)!,
                StringComparer.OrdinalIgnoreCase);
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is null || _hostAssemblies.Contains(assemblyName.Name))
            {
                return null;
            }

            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
#else
    private static bool _registered;

    public static void Register()
    {
        if (!_registered)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencies;
            _registered = true;
        }
    }

    public static void Unregister()
    {
        if (_registered)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencies;
            _registered = false;
        }
    }

    // Windows PowerShell has no binding redirects for modules; matching by simple name stands in for them.
    private static Assembly? ResolveFromDependencies(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (name is null)
        {
            return null;
        }

        var path = Path.Combine(DependencyDirectory, name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
#endif
}
