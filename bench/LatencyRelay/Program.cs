using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bench;

// A user-space latency relay for benchmarks: this kernel has no tc netem. Usage:
//   LatencyRelay --rtt 50 --map tcp:127.0.0.60:25=127.0.0.11:25 [--map udp:127.0.0.60:53=127.0.0.2:53 ...]
// Each direction is delayed by half the round-trip time, in order; TCP data waits one round trip
// after the client connects, as the handshake would make it. Prints "ready" once every mapping
// listens, the accepted TCP connections per mapping on exit (Ctrl+C, SIGTERM or end of stdin).
var rtt = TimeSpan.Zero;
var mappings = new List<RelayMapping>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rtt" when i + 1 < args.Length:
            rtt = TimeSpan.FromMilliseconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
            break;
        case "--map" when i + 1 < args.Length:
            mappings.Add(RelayMapping.Parse(args[++i]));
            break;
        default:
            Console.Error.WriteLine("usage: LatencyRelay --rtt <milliseconds> --map [tcp|udp:]listen:port=target:port [--map ...]");
            return 2;
    }
}

if (mappings.Count == 0)
{
    Console.Error.WriteLine("usage: LatencyRelay --rtt <milliseconds> --map [tcp|udp:]listen:port=target:port [--map ...]");
    return 2;
}

// Not disposed: the exit handlers below may still fire while the process ends.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

var oneWay = TimeSpan.FromTicks(rtt.Ticks / 2);
var tcp = mappings.Where(m => !m.Udp).Select(m => (Mapping: m, Relay: new TcpRelay(m, oneWay))).ToList();
var tasks = tcp.Select(t => t.Relay.RunAsync(stop.Token))
    .Concat(mappings.Where(m => m.Udp).Select(m => new UdpRelay(m, oneWay).RunAsync(stop.Token)))
    .ToList();
await Task.Delay(100);
var failed = tasks.FirstOrDefault(t => t.IsFaulted);
if (failed is not null)
{
    Console.Error.WriteLine($"cannot listen: {failed.Exception!.InnerException!.Message}");
    return 1;
}

Console.WriteLine($"ready: {string.Join("; ", mappings)}, round trip {rtt.TotalMilliseconds} ms");
_ = Task.Run(() =>
{
    // A parent that goes away closes stdin: stop with it.
    while (Console.In.ReadLine() is not null)
    {
    }

    stop.Cancel();
});
try
{
    await Task.WhenAll(tasks);
}
catch (OperationCanceledException)
{
}

foreach (var (mapping, relay) in tcp)
{
    Console.WriteLine($"{mapping}: {relay.Connections} connections");
}

return 0;
