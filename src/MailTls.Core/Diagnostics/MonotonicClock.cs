using System.Diagnostics;

namespace MailTls.Diagnostics;

/// <summary>Milliseconds on a clock that never jumps (Environment.TickCount64 is missing from netstandard2.0).</summary>
internal static class MonotonicClock
{
    private static readonly double TicksPerMillisecond = Stopwatch.Frequency / 1000.0;

    public static long NowMs => (long)(Stopwatch.GetTimestamp() / TicksPerMillisecond);
}
