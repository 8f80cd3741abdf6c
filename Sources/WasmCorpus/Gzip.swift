import CZlib

/// gzip (RFC 1952) compression through the system zlib.
public enum Gzip {
    /// Why a buffer could not be compressed or decompressed.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// zlib's `windowBits` for a gzip wrapper: 15 (32 KiB window) + 16.
    private static let gzipWindowBits: Int32 = 15 + 16

    /// Compresses `data` into one gzip member.
    public static func compress(_ data: [UInt8], level: Int32 = 9) throws -> [UInt8] {
        var stream = z_stream()
        var status = deflateInit2_(&stream, level, Z_DEFLATED, gzipWindowBits, 9, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Error(message: "deflateInit2 failed (\(status))") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
        var input = data
        // zlib reads `next_in` and writes `next_out`; both buffers outlive the call below.
        status = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Error(message: "deflate failed (\(status))") }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Decompresses a gzip buffer (one or more members). Throws for corrupt or truncated input and
    /// when the output would exceed `maxSize` bytes.
    public static func decompress(_ data: [UInt8], maxSize: Int = 64 << 20) throws -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1F, data[1] == 0x8B else {
            throw Error(message: "not a gzip stream (bad magic or too short)")
        }
        var stream = z_stream()
        var status = inflateInit2_(&stream, gzipWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Error(message: "inflateInit2 failed (\(status))") }
        defer { inflateEnd(&stream) }
        var input = data
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        try input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= maxSize else { throw Error(message: "decompressed size exceeds \(maxSize) bytes") }
                switch status {
                case Z_STREAM_END:
                    // Concatenated members are valid gzip; continue with the next one if any.
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else { throw Error(message: "inflateReset failed") }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { throw Error(message: "truncated gzip stream") }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 { throw Error(message: "truncated gzip stream") }
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw Error(message: "corrupt gzip stream: \(reason)")
                }
            }
        }
        return output
    }
}
