import Crypto
import WasmRuntime

/// What a precompiled artifact holds.
public enum ArtifactKind: UInt8, Hashable, Sendable {
    case module = 1
    case component = 2
}

/// The fixed header of a precompiled artifact, and sealing/opening of the whole artifact.
///
/// Layout (88 bytes, integers little-endian), followed by the payload:
///
/// | bytes | field |
/// | --- | --- |
/// | 0..<8 | magic `00 63 77 61 73 6D 0D 0A` ("\0cwasm\r\n", distinct from wasm's `\0asm`) |
/// | 8..<12 | format version (`formatVersion`) |
/// | 12 | kind (`ArtifactKind`) |
/// | 13..<16 | reserved, zero |
/// | 16..<48 | compatibility hash (SHA-256 of the writer's `ArtifactSettings`) |
/// | 48..<56 | payload length in bytes |
/// | 56..<88 | SHA-256 of the payload |
///
/// The payload starts with the `ArtifactSettings` (so a mismatch can name the setting), then
/// kind-specific sections. Components (a later issue) reuse `seal` / `open` with `.component`.
public enum ArtifactHeader {
    public static let magic: [UInt8] = [0x00, 0x63, 0x77, 0x61, 0x73, 0x6D, 0x0D, 0x0A]
    public static let wasmMagic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
    /// Bumped whenever the layout of the header or of any section changes.
    public static let formatVersion: UInt32 = 11
    public static let size = 88

    /// The header followed by `payload`.
    public static func seal(kind: ArtifactKind, compatibilityHash: [UInt8], payload: [UInt8]) -> [UInt8] {
        precondition(compatibilityHash.count == 32, "the compatibility hash is a SHA-256")
        var w = ArtifactWriter()
        w.raw(magic)
        w.fixed32(formatVersion)
        w.byte(kind.rawValue)
        w.raw([0, 0, 0])
        w.raw(compatibilityHash)
        w.fixed64(UInt64(payload.count))
        w.raw(sha256(payload))
        w.raw(payload)
        return w.bytes
    }

    /// The kind of artifact `bytes` claims to be (magic and kind byte only; nothing verified).
    public static func detect(_ bytes: [UInt8]) -> ArtifactKind? {
        guard bytes.count > 12, bytes.starts(with: magic) else { return nil }
        return ArtifactKind(rawValue: bytes[12])
    }

    /// A verified artifact: header fields and a reader over the payload.
    public struct Opened: Sendable {
        public var kind: ArtifactKind
        public var compatibilityHash: [UInt8]
        public var payload: ArtifactReader
    }

    /// Checks magic, version, kind, length and checksum, in that order, and returns the payload.
    public static func open(_ bytes: [UInt8], expecting expected: ArtifactKind) throws(ArtifactError) -> Opened {
        if bytes.starts(with: wasmMagic) {
            throw ArtifactError(.wasmBinary, "this is a wasm binary, not a precompiled artifact: load it with Module(engine, bytes:)")
        }
        let prefix = Swift.min(bytes.count, magic.count)
        guard prefix > 0, bytes[0..<prefix].elementsEqual(magic[0..<prefix]) else {
            throw ArtifactError(.notArtifact, "not a precompiled artifact (no \\0cwasm magic)")
        }
        guard bytes.count >= size else {
            throw ArtifactError(.truncated, "truncated artifact: expected at least \(size) bytes, found \(bytes.count)")
        }
        var r = ArtifactReader(bytes, from: magic.count)
        let version = try r.fixed32()
        guard version == formatVersion else {
            throw ArtifactError(.incompatible, "incompatible artifact: format version \(version), this engine reads version \(formatVersion)")
        }
        let kindByte = try r.byte()
        guard let kind = ArtifactKind(rawValue: kindByte) else {
            throw ArtifactError(.malformed, "malformed artifact: unknown kind \(kindByte)")
        }
        guard kind == expected else {
            throw ArtifactError(.wrongKind, "the artifact is a precompiled \(kind), not a \(expected)")
        }
        guard try r.raw(3) == [0, 0, 0] else { throw ArtifactError(.malformed, "malformed artifact: reserved header bytes are not zero") }
        let hash = try r.raw(32)
        let length = try r.fixed64()
        let checksum = try r.raw(32)
        let available = UInt64(bytes.count - size)
        guard length <= available else {
            // `length` ≤ available here implies no overflow below.
            let expectedTotal = length > UInt64(Int.max - size) ? "more than \(Int.max)" : "\(Int(length) + size)"
            throw ArtifactError(.truncated, "truncated artifact: expected \(expectedTotal) bytes, found \(bytes.count)")
        }
        guard length == available else {
            throw ArtifactError(.malformed, "malformed artifact: \(available - length) bytes after the announced end")
        }
        let payload = Array(bytes[size...])
        guard sha256(payload) == checksum else {
            throw ArtifactError(.checksumMismatch, "checksum mismatch: the artifact is corrupted")
        }
        return Opened(kind: kind, compatibilityHash: hash, payload: ArtifactReader(payload))
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}

extension ArtifactKind: CustomStringConvertible {
    public var description: String { self == .module ? "module" : "component" }
}
