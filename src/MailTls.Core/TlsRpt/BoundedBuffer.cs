using System;
using System.IO;

namespace MailTls.TlsRpt;

/// <summary>
/// A write-only stream into one reusable array that refuses to grow past a cap, so a gzip bomb
/// stops at the cap and thousands of reports reuse the same memory.
/// </summary>
internal sealed class BoundedBuffer : Stream
{
    private const int StartSize = 64 * 1024;

    // A report bigger than this (a bomb near the cap, a huge forwarded mail) does not keep its array for the rest of the run.
    private const int KeepSize = 4 * 1024 * 1024;

    private readonly int _cap;
    private byte[] _data = new byte[StartSize];
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
        if (_data.Length > KeepSize)
        {
            _data = new byte[StartSize];
        }
    }

    /// <summary>
    /// Replaces the content with what the stream holds, read straight into the array: a file's
    /// length is known, so most reports take one read and no intermediate copy.
    /// </summary>
    /// <exception cref="CapExceededException">The stream holds more than the cap.</exception>
    public void Load(Stream source)
    {
        Reset();
        if (source.CanSeek)
        {
            var expected = source.Length - source.Position;
            if (expected > _cap)
            {
                Overflowed = true;
                throw new CapExceededException();
            }

            Reserve((int)expected + 1);
        }

        while (true)
        {
            if (_length == _data.Length)
            {
                if (_length >= _cap)
                {
                    // Full at the cap: one more byte means too much.
                    if (source.ReadByte() < 0)
                    {
                        return;
                    }

                    Overflowed = true;
                    throw new CapExceededException();
                }

                Reserve(_length + 1);
            }

            var read = source.Read(_data, _length, _data.Length - _length);
            if (read == 0)
            {
                return;
            }

            _length += read;
        }
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

        Reserve(_length + count);
        Buffer.BlockCopy(buffer, offset, _data, _length, count);
        _length += count;
    }

    private void Reserve(int size)
    {
        if (size > _data.Length)
        {
            Array.Resize(ref _data, (int)Math.Min(_cap, Math.Max((long)_data.Length * 2, size)));
        }
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
