using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Tests.Reporting.Browser;

/// <summary>
/// Debian's Chromium, headless, with a fresh profile and nothing that reaches the network: one-shot
/// runs (--screenshot, --dump-dom) and a session driven over the DevTools protocol on loopback.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    public const int Width = 1280;
    public const int Height = 2000;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private int _lastId;

    private HeadlessChromium(Process process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    /// <summary>Runs Chromium once on <paramref name="url"/> and returns what it printed (the DOM, with --dump-dom).</summary>
    public static async Task<string> RunOnceAsync(string url, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("mailtls-chromium-").FullName;
        using var process = Start(profile, arguments.Append(url));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Patience);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}.");
            }

            return await output;
        }
        finally
        {
            Stop(process, profile);
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until it has loaded; without scripts, the page's own script never runs.</summary>
    /// <remarks>
    /// Chromium 156's headless mode ignores --disable-javascript, and --blink-settings=scriptEnabled=false
    /// leaves --screenshot and --dump-dom with nothing; the DevTools protocol turns page scripts off for real.
    /// </remarks>
    public static async Task<HeadlessChromium> OpenAsync(string url, bool scripts = true)
    {
        var profile = Directory.CreateTempSubdirectory("mailtls-chromium-").FullName;
        var process = Start(profile, new[] { "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", url });
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var socket = new ClientWebSocket();
        try
        {
            var port = await DevToolsPortAsync(profile, process);
            using var http = new HttpClient { Timeout = Patience };
            using var targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"));
            var page = targets.RootElement.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
            await socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
            var browser = new HeadlessChromium(process, profile, socket);
            if (!scripts)
            {
                await browser.SendAsync("Emulation.setScriptExecutionDisabled", new { value = true });
                await browser.SendAsync("Page.reload", new { ignoreCache = true });
            }

            await browser.WaitUntilAsync("document.readyState === 'complete' && !!document.getElementById('domains')");
            return browser;
        }
        catch
        {
            socket.Dispose();
            Stop(process, profile);
            throw;
        }
    }

    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true });
        if (result.TryGetProperty("exceptionDetails", out var error))
        {
            throw new InvalidOperationException($"The page threw: {error}");
        }

        return result.GetProperty("result").GetProperty("value");
    }

    /// <summary>The page's markup as it stands now.</summary>
    public async Task<string> OuterHtmlAsync()
    {
        var document = await SendAsync("DOM.getDocument", new { depth = 0 });
        var html = await SendAsync("DOM.getOuterHTML", new { nodeId = document.GetProperty("root").GetProperty("nodeId").GetInt32() });
        return html.GetProperty("outerHTML").GetString()!;
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new { format = "png" });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public void Dispose()
    {
        _socket.Dispose();
        Stop(_process, _profile);
    }

    private async Task WaitUntilAsync(string condition)
    {
        var clock = Stopwatch.StartNew();
        while (!(await EvaluateAsync(condition)).GetBoolean())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"The page never reached: {condition}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> SendAsync(string method, object parameters)
    {
        var id = ++_lastId;
        var request = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters });
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        while (true)
        {
            using var message = await ReceiveAsync(timeout.Token);
            var root = message.RootElement;
            if (root.TryGetProperty("id", out var answered) && answered.GetInt32() == id)
            {
                return root.TryGetProperty("error", out var error)
                    ? throw new InvalidOperationException($"{method} failed: {error}")
                    : root.GetProperty("result").Clone();
            }
        }
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(chunk, cancellationToken);
            buffer.Write(chunk, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return JsonDocument.Parse(buffer.ToArray());
    }

    private static Process Start(string profile, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-color-profile=srgb",
            $"--user-data-dir={profile}", $"--window-size={Width},{Height}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Chromium is not installed: tests/lab/install-packages.sh installs Debian's chromium package.", ex);
        }
    }

    // Chromium writes the port it chose into the profile once it listens.
    private static async Task<int> DevToolsPortAsync(string profile, Process process)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience && !process.HasExited)
        {
            if (File.Exists(file) && File.ReadAllLines(file) is [var port, ..] && int.TryParse(port, out var number))
            {
                return number;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Chromium did not open its DevTools port.");
    }

    private static void Stop(Process process, string profile)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        Directory.Delete(profile, recursive: true);
    }
}
