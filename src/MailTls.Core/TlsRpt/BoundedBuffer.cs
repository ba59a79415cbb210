using System;
using System.IO;

namespace MailTls.TlsRpt;

/// <summary>
/// A write-only stream into one reusable array that refuses to grow past a cap, so a gzip bomb
/// stops at the cap and thousands of reports reuse the same memory.
/// </summary>
internal sealed class BoundedBuffer : Stream
{
    private readonly int _cap;
    private byte[] _data = new byte[64 * 1024];
    private int _length;

    public BoundedBuffer(int cap) => _cap = cap;

    /// <summary>Set when a write would have passed the cap; the content is then incomplete.</summary>
    public bool Overflowed { get; private set; }

    public ReadOnlySpan<byte> Content => new(_data, 0, _length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public void Reset()
    {
        _length = 0;
        Overflowed = false;
    }

    /// <summary>A read-only stream over the content, for decompressing what was just written.</summary>
    public MemoryStream OpenContent() => new(_data, 0, _length, writable: false);

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Overflowed)
        {
            return;
        }

        if ((long)_length + count > _cap)
        {
            Overflowed = true;
            throw new CapExceededException();
        }

        if (_length + count > _data.Length)
        {
            Array.Resize(ref _data, (int)Math.Min(_cap, Math.Max((long)_data.Length * 2, (long)_length + count)));
        }

        Buffer.BlockCopy(buffer, offset, _data, _length, count);
        _length += count;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Thrown out of Write to stop a copy (decompression, MIME decoding) at the cap.</summary>
    internal sealed class CapExceededException : IOException
    {
    }
}
