using System;
using System.IO;
using System.Net.Sockets;
using MailKit.Security;
using MailTls.Certificates;
using MailTls.Smtp;

namespace MailTls.Client;

/// <summary>
/// Names what went wrong in a client probe by the step it happened in, for all three protocols alike.
/// "Ran" tells whether the probe got far enough to say anything about TLS: if not, the verdict is Error.
/// </summary>
internal static class ClientFailureClassifier
{
    public static (Finding Finding, bool Ran) Classify(Exception error, ClientTranscript transcript, GuardedStream stream, HandshakeCapture capture, SmtpTlsMode mode, string tlsCommand, MailClientProbeOptions options, bool timedOutOverall)
    {
        var implicitTls = mode == SmtpTlsMode.Implicit;
        var inHandshake = capture.CertificateAt is null && (implicitTls ? transcript.Greeting is null : transcript.TlsReplyAt is not null);
        var ran = implicitTls || transcript.Answered;
        var step = Step(transcript, implicitTls);

        if (stream.LimitExceeded)
        {
            return (new Finding(FindingCodes.ServiceReplyTooLarge, Severity.Error,
                $"The server sent more than {options.Wire.MaxServerBytes / 1024} KiB {step} without completing a reply; no mail server does that, and mail clients give up too."), ran);
        }

        if (stream.TimedOut || timedOutOverall || error is TimeoutException)
        {
            var seconds = SmtpFailureClassifier.Seconds(options.PhaseTimeout);
            if (inHandshake)
            {
                return (new Finding(FindingCodes.TlsTimeout, Severity.Error,
                    $"The server stalled {(implicitTls ? "after the connection to its implicit-TLS port" : $"after agreeing to {tlsCommand}")}: the TLS handshake did not finish within {seconds} s. Mail clients cannot connect securely."), ran);
            }

            if (transcript.Greeting is null)
            {
                return (new Finding(FindingCodes.ServiceNoGreeting, Severity.Error,
                    $"Connected, but the server sent no greeting within {seconds} s. It may be overloaded or not this kind of server; try a longer -Timeout."), false);
            }

            return (new Finding(FindingCodes.ServiceTimeout, Severity.Error, $"No reply {step} within {seconds} s."), ran);
        }

        if (error is MailKit.CommandException && transcript.LastCommand == tlsCommand)
        {
            return (new Finding(FindingCodes.StartTlsRefused, Severity.Error,
                $"The server offers {tlsCommand} but refused it ({error.Message}). Mail clients then cannot protect the password; fix the server's TLS setup (certificate and key readable, TLS library working)."), true);
        }

        if (inHandshake || error is SslHandshakeException or System.Security.Authentication.AuthenticationException)
        {
            return (new Finding(FindingCodes.TlsHandshakeFailed, Severity.Error,
                $"The TLS handshake failed: {SmtpFailureClassifier.HandshakeReason(error)}. MailTls offered the TLS versions this system enables (TLS 1.2 and 1.3 on current systems); a server limited to TLS 1.0/1.1 or to obsolete ciphers fails this way, and current mail clients cannot connect to it either."), true);
        }

        var reason = SmtpFailureClassifier.Innermost(error).Message;
        if (transcript.Greeting is null)
        {
            return (new Finding(FindingCodes.ServiceNoGreeting, Severity.Error,
                $"The server closed the connection without a greeting ({reason}). It may not be this kind of server, or it drops this client."), false);
        }

        if (transcript.LastCommand is null)
        {
            return (new Finding(FindingCodes.ServiceRefused, Severity.Error,
                $"The server refused service in its greeting ({transcript.Greeting}). It may block this client's address or be overloaded; probe again later or from another network."), false);
        }

        if (error is IOException or SocketException or MailKit.ProtocolException)
        {
            return (new Finding(FindingCodes.ServiceConnectionLost, Severity.Error, $"The server closed the connection {step} ({reason})."), ran);
        }

        return (new Finding(FindingCodes.ServiceProtocolError, Severity.Error, $"The dialogue failed {step}: {reason}"), ran);
    }

    private static string Step(ClientTranscript transcript, bool implicitTls) => transcript.LastCommand switch
    {
        null when implicitTls => "during the implicit-TLS session",
        null => "before its greeting was complete",
        var command => $"after {command}",
    };
}
