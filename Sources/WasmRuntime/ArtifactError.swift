/// Why a precompiled artifact was rejected.
public struct ArtifactError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Hashable, Sendable {
        /// The bytes do not start with the artifact magic.
        case notArtifact
        /// The bytes are a wasm binary (`\0asm`), not an artifact.
        case wasmBinary
        /// Fewer bytes than the header announces.
        case truncated
        /// The payload's SHA-256 differs from the header's.
        case checksumMismatch
        /// Written by an engine whose settings (or format or package version) differ.
        case incompatible
        /// A component artifact where a module was expected, or the reverse.
        case wrongKind
        /// Well-formed bytes whose structure is wrong (bad counts, indices out of range, ...).
        case malformed
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
