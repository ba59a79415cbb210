using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MailTls.HelpGen;

// Usage: dotnet MailTls.HelpGen.dll <docsDir> <moduleDir> <outDir>
// Writes <outDir>/<external help file> (MailTls.dll-Help.xml) from <docsDir>/*.md and copies
// <moduleDir>/about_*.help.txt to <outDir>. Exit codes: 0 done, 1 a page is malformed, 2 bad usage.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: dotnet MailTls.HelpGen.dll <docsDir> <moduleDir> <outDir>");
    return 2;
}

var (docsDir, moduleDir, outDir) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));
foreach (var dir in new[] { docsDir, moduleDir })
{
    if (!Directory.Exists(dir))
    {
        Console.Error.WriteLine($"error HELPGEN: directory '{dir}' does not exist.");
        return 2;
    }
}

var commands = new List<CommandDoc>();
try
{
    foreach (var page in Directory.GetFiles(docsDir, "*.md").Order(StringComparer.Ordinal))
    {
        if (MarkdownDocReader.Read(page) is { } command)
        {
            commands.Add(command);
        }
    }
}
catch (DocFormatException ex)
{
    Console.Error.WriteLine(ex.ToBuildError());
    return 1;
}

if (commands.Count == 0)
{
    Console.Error.WriteLine($"error HELPGEN: no command pages (with 'external help file' front matter) in '{docsDir}'.");
    return 1;
}

Directory.CreateDirectory(outDir);
foreach (var helpFile in commands.GroupBy(c => c.HelpFileName))
{
    var path = Path.Combine(outDir, helpFile.Key);
    MamlWriter.Write(path, helpFile);
    Console.WriteLine($"HelpGen: {path} ({string.Join(", ", helpFile.Select(c => c.Name))})");
}

foreach (var about in Directory.GetFiles(moduleDir, "about_*.help.txt"))
{
    // Rewritten rather than File.Copy'd: a copy keeps the source's time stamp, and the build's
    // up-to-date check would then see an output older than the generator and run it every time.
    var target = Path.Combine(outDir, Path.GetFileName(about));
    File.WriteAllBytes(target, File.ReadAllBytes(about));
    Console.WriteLine($"HelpGen: {target}");
}

return 0;
