using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Platform.Cms.Search;

/// <summary>
/// Lucene's 4.6 codec with stored fields kept as they are instead of LZ4-compressed. A search reads the stored fields
/// of each hit shown (title, address, and the body for the snippet); with compression Lucene decompresses, byte by
/// byte, everything in the hit's 16 KB chunk up to the end of the hit (several other stories), which was a fifth of a
/// search over long stories. Uncompressed, a hit's fields are one copy. The index is larger by what LZ4 saved.
/// </summary>
[CodecName(CodecName)]
public sealed class SearchCodec() : FilterCodec(new Lucene46Codec())
{
    public const string CodecName = "PlatformSearch46";

    private static readonly StoredFieldsFormat Stored = new CompressingStoredFieldsFormat("PlatformStoredFields", new Plain(), 1 << 14);

    public override StoredFieldsFormat StoredFieldsFormat => Stored;

    /// <summary>Makes the codec known to Lucene, which finds a segment's codec by the name written in the index.</summary>
    public static void Register()
    {
        lock (Stored)
        {
            if (_registered) return;
            Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(SearchCodec)] });
            _registered = true;
        }
    }

    private static bool _registered;

    /// <summary>The "compression" that stores the bytes as they are.</summary>
    private sealed class Plain : CompressionMode
    {
        public override Compressor NewCompressor() => new Writer();

        public override Decompressor NewDecompressor() => new Reader();

        public override string ToString() => "plain";

        private sealed class Writer : Compressor
        {
            public override void Compress(byte[] bytes, int off, int len, DataOutput @out) => @out.WriteBytes(bytes, off, len);
        }

        private sealed class Reader : Decompressor
        {
            public override void Decompress(DataInput @in, int originalLength, int offset, int length, BytesRef bytes)
            {
                if (offset + length > originalLength) throw new Lucene.Net.Index.CorruptIndexException($"stored fields: {offset} + {length} > {originalLength}");
                if (offset > 0) @in.SkipBytes(offset);
                if (bytes.Bytes.Length < length) bytes.Bytes = new byte[ArrayUtil.Oversize(length, 1)];
                @in.ReadBytes(bytes.Bytes, 0, length);
                bytes.Offset = 0;
                bytes.Length = length;
            }

            public override object Clone() => new Reader();
        }
    }
}
