using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailTls.Certificates;

namespace MailTls.Smtp;

/// <summary>
/// Names what went wrong in a probe by the step it happened in, with the evidence and a fix.
/// "Ran" tells whether the probe got far enough to say anything about TLS: if not, the verdict is
/// Error (nothing known), otherwise the finding counts against the server.
/// </summary>
internal static class SmtpFailureClassifier
{
    public static (Finding Finding, bool Ran) ClassifyConnect(SocketException? error, bool timedOut, IPEndPoint endpoint, TimeSpan timeout)
    {
        var where = Describe(endpoint);
        if (timedOut || error?.SocketErrorCode == SocketError.TimedOut)
        {
            return (new Finding(FindingCodes.ConnectTimeout, Severity.Error,
                endpoint.Port == SmtpProbeOptions.SmtpPort
                    ? $"No answer to a TCP connection to {where} within {Seconds(timeout)} s. Outbound port 25 may be blocked on this network (many ISPs and cloud providers block it); probe from a host that sends mail, or check the server's firewall."
                    : $"No answer to a TCP connection to {where} within {Seconds(timeout)} s. Port {endpoint.Port} may be blocked by a firewall on the way or at the server; check both."), false);
        }

        if (error?.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return (new Finding(FindingCodes.ConnectRefused, Severity.Error,
                $"{where} refused the connection: nothing listens on port {endpoint.Port} there. Check that the mail server runs and listens on this address."), false);
        }

        return (new Finding(FindingCodes.ConnectUnreachable, Severity.Error,
            $"Could not connect to {where} ({error?.SocketErrorCode.ToString() ?? "unknown error"}). Check the route to the server and that this address is right."), false);
    }

    /// <summary>
    /// True for what a server can cause (network errors, SMTP replies, TLS failures, our timeouts
    /// firing); false for anything else, which is a fault of MailTls's own and must not be blamed on it.
    /// </summary>
    /// <param name="error">What the dialogue threw.</param>
    /// <param name="limitFired">One of the probe's own limits (per-step time, byte count, the whole dialogue's time) stopped it.</param>
    public static bool IsCausedByServer(Exception error, bool limitFired) => error switch
    {
        IOException or SocketException or TimeoutException => true,
        MailKit.CommandException or SmtpCommandException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException => true,
        SslHandshakeException or System.Security.Authentication.AuthenticationException => true,
        // A closed socket or a cancelled read is how our own time and size limits stop a stuck server.
        ObjectDisposedException or OperationCanceledException => limitFired,
        _ => false,
    };

    public static (Finding Finding, bool Ran) ClassifyDialogue(Exception error, SmtpTranscript transcript, GuardedStream stream, HandshakeCapture capture, SmtpProbeOptions options, bool timedOutOverall)
    {
        var implicitTls = options.Mode == SmtpTlsMode.Implicit;
        var inHandshake = implicitTls ? capture.CertificateAt is null && transcript.Greeting is null : transcript.StartTlsReplyAt is not null && transcript.LastCommand == "STARTTLS";
        var ran = implicitTls || transcript.EhloAnswered;

        if (stream.LimitExceeded)
        {
            return (new Finding(FindingCodes.SmtpReplyTooLarge, Severity.Error,
                $"The server sent more than {options.MaxServerBytes / 1024} KiB {Step(transcript, implicitTls)} without completing a reply; no SMTP server does that, and senders give up too."), ran);
        }

        if (stream.TimedOut || timedOutOverall || error is TimeoutException)
        {
            return ClassifyTimeout(transcript, options, implicitTls, inHandshake, ran);
        }

        if (error is SmtpCommandException command)
        {
            return ClassifyReply(command, transcript);
        }

        if (inHandshake || error is SslHandshakeException or System.Security.Authentication.AuthenticationException)
        {
            return (new Finding(FindingCodes.TlsHandshakeFailed, Severity.Error,
                $"The TLS handshake failed: {HandshakeReason(error)}. MailTls offered the TLS versions this system enables (TLS 1.2 and 1.3 on current systems); a server limited to TLS 1.0/1.1 or to obsolete ciphers fails this way, and senders then deliver without TLS or not at all."), true);
        }

        if (error is IOException or SocketException or SmtpProtocolException)
        {
            if (transcript.Greeting is null && !implicitTls)
            {
                return (new Finding(FindingCodes.SmtpNoBanner, Severity.Error,
                    $"The server closed the connection without a greeting ({Innermost(error).Message}). It may not be an SMTP server, or it drops this client."), false);
            }

            return (new Finding(FindingCodes.SmtpConnectionLost, Severity.Error,
                $"The server closed the connection {Step(transcript, implicitTls)} ({Innermost(error).Message})."), ran);
        }

        return (new Finding(FindingCodes.SmtpProtocolError, Severity.Error,
            $"The SMTP dialogue failed {Step(transcript, implicitTls)}: {Innermost(error).Message}"), ran);
    }

    private static (Finding, bool) ClassifyTimeout(SmtpTranscript transcript, SmtpProbeOptions options, bool implicitTls, bool inHandshake, bool ran)
    {
        var seconds = Seconds(options.PhaseTimeout);
        if (inHandshake)
        {
            var after = implicitTls ? "after connecting to the implicit-TLS port" : "after agreeing to STARTTLS";
            return (new Finding(FindingCodes.TlsTimeout, Severity.Error,
                $"The server stalled {after}: the TLS handshake did not finish within {seconds} s. Senders will give up on TLS with this server."), ran);
        }

        if (transcript.Greeting is null)
        {
            return (new Finding(FindingCodes.SmtpNoBanner, Severity.Error,
                $"Connected, but the server sent no complete greeting within {seconds} s. It may be overloaded, greylisting connections, or not an SMTP server; try a longer -Timeout."), false);
        }

        return (new Finding(FindingCodes.SmtpTimeout, Severity.Error,
            $"No reply {Step(transcript, implicitTls)} within {seconds} s."), ran);
    }

    private static (Finding, bool) ClassifyReply(SmtpCommandException command, SmtpTranscript transcript)
    {
        var code = ((int)command.StatusCode).ToString(CultureInfo.InvariantCulture);
        var text = $"{code} {command.Message}".Trim();
        if (transcript.LastCommand == "STARTTLS")
        {
            return (new Finding(FindingCodes.StartTlsRefused, Severity.Error,
                $"The server offers STARTTLS but refused it ({text}). Senders fall back to clear text; fix the server's TLS setup (certificate and key readable, TLS library working)."), true);
        }

        var greeting = transcript.LastCommand is null;
        if ((int)command.StatusCode == 421)
        {
            var when = greeting ? "in its greeting" : $"to {transcript.LastCommand}";
            return (new Finding(FindingCodes.SmtpRateLimited, Severity.Error,
                $"The server answered 421 {when} ({text}): it is busy or limiting connections from this client (some gateways allow about ten a second). That says nothing about its TLS; probe again later or with a lower -ThrottleLimit."), false);
        }

        if (greeting)
        {
            return (new Finding(FindingCodes.SmtpServiceRefused, Severity.Error,
                $"The server refused service in its greeting ({text}). It may block this client's address; probe from another network."), false);
        }

        return (new Finding(FindingCodes.SmtpProtocolError, Severity.Error,
            $"The server rejected {transcript.LastCommand} ({text})."), transcript.EhloAnswered);
    }

    private static string Step(SmtpTranscript transcript, bool implicitTls) => transcript.LastCommand switch
    {
        null when implicitTls => "during the implicit-TLS session",
        null => "before its greeting was complete",
        "STARTTLS" => "after STARTTLS",
        var command => $"after {command}",
    };

    /// <summary>Why a handshake failed, in the words of the innermost error.</summary>
    internal static string HandshakeReason(Exception error)
    {
        var innermost = Innermost(error);
        return innermost is IOException or SocketException
            ? $"the server closed the connection during the handshake ({innermost.Message})"
            : innermost.Message.TrimEnd('.');
    }

    internal static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }

    private static string Describe(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";

    internal static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
