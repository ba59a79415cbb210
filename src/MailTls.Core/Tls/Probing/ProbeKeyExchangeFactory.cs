using System.IO;
using Org.BouncyCastle.Tls;

namespace MailTls.Tls;

/// <summary>
/// Key exchanges that read the server's parameters (named curve, DH prime) from the
/// ServerKeyExchange, record them and stop: BouncyCastle would otherwise reject small DH primes
/// or curves it did not offer before the probe could see them.
/// </summary>
internal sealed class ProbeKeyExchangeFactory : DefaultTlsKeyExchangeFactory
{
    private readonly ProbeRecord _record;

    public ProbeKeyExchangeFactory(ProbeRecord record) => _record = record;

    public override TlsKeyExchange CreateECDheKeyExchangeClient(int keyExchange) => new RecordingECDhe(keyExchange, _record);

    public override TlsKeyExchange CreateECDHanonKeyExchangeClient(int keyExchange) => new RecordingECDHanon(keyExchange, _record);

    public override TlsKeyExchange CreateDheKeyExchangeClient(int keyExchange, TlsDHGroupVerifier dhGroupVerifier) => new RecordingDhe(keyExchange, dhGroupVerifier, _record);

    public override TlsKeyExchange CreateDHanonKeyExchangeClient(int keyExchange, TlsDHGroupVerifier dhGroupVerifier) => new RecordingDHanon(keyExchange, dhGroupVerifier, _record);

    // ServerECDHParams (RFC 8422 §5.4): curve_type 3 (named_curve), then the 16-bit NamedGroup.
    private static void RecordCurve(Stream input, ProbeRecord record)
    {
        if (TlsUtilities.ReadUint8(input) == ECCurveType.named_curve)
        {
            record.Group = TlsUtilities.ReadUint16(input);
        }

        throw new ProbeStopException();
    }

    // ServerDHParams (RFC 5246 §7.4.3): the prime p comes first.
    private static void RecordPrime(Stream input, ProbeRecord record)
    {
        record.DhPrimeBits = TlsDHUtilities.ReadDHParameter(input).BitLength;
        throw new ProbeStopException();
    }

    private sealed class RecordingECDhe : TlsECDheKeyExchange
    {
        private readonly ProbeRecord _record;

        public RecordingECDhe(int keyExchange, ProbeRecord record)
            : base(keyExchange) => _record = record;

        public override void ProcessServerKeyExchange(Stream input) => RecordCurve(input, _record);
    }

    private sealed class RecordingECDHanon : TlsECDHanonKeyExchange
    {
        private readonly ProbeRecord _record;

        public RecordingECDHanon(int keyExchange, ProbeRecord record)
            : base(keyExchange) => _record = record;

        public override void ProcessServerKeyExchange(Stream input) => RecordCurve(input, _record);
    }

    private sealed class RecordingDhe : TlsDheKeyExchange
    {
        private readonly ProbeRecord _record;

        public RecordingDhe(int keyExchange, TlsDHGroupVerifier verifier, ProbeRecord record)
            : base(keyExchange, verifier) => _record = record;

        public override void ProcessServerKeyExchange(Stream input) => RecordPrime(input, _record);
    }

    private sealed class RecordingDHanon : TlsDHanonKeyExchange
    {
        private readonly ProbeRecord _record;

        public RecordingDHanon(int keyExchange, TlsDHGroupVerifier verifier, ProbeRecord record)
            : base(keyExchange, verifier) => _record = record;

        public override void ProcessServerKeyExchange(Stream input) => RecordPrime(input, _record);
    }
}
