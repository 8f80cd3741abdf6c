/// Executable memory for generated code, with W^X: pages are writable while the code is copied
/// in, then switched to read+execute, never both at once.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import CWasmJIT

/// Errors of mapping executable memory.
public enum CodeMemoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `mmap` failed (e.g. out of address space); `errno` is given.
    case mapFailed(errno: Int32)
    /// `mprotect` to read+execute failed (e.g. a policy forbids executable mappings).
    case protectFailed(errno: Int32)
    /// The code is empty or its size overflows.
    case invalidSize(Int)

    public var description: String {
        switch self {
        case .mapFailed(let e): return "cannot map code memory (errno \(e))"
        case .protectFailed(let e): return "cannot make code memory executable (errno \(e))"
        case .invalidSize(let n): return "invalid code size \(n)"
        }
    }
}

/// A read+execute mapping holding finished machine code. Unmapped when the last reference goes
/// away: compiled modules keep a strong reference for as long as their code may run.
public final class CodeMemory: @unchecked Sendable {
    // Sendable: the mapping is immutable (read+execute) after init and only unmapped in deinit.

    /// Start of the mapping (page aligned); the code starts here.
    public let baseAddress: UnsafeRawPointer
    /// Number of code bytes.
    public let codeSize: Int
    /// Size of the mapping (a multiple of the page size).
    public let mappedSize: Int

    /// Maps fresh pages, copies `code` in and makes them read+execute.
    public init(code: [UInt8]) throws(CodeMemoryError) {
        let (raw, size) = try Self.mapWritable(byteCount: code.count)
        // The rest of the last page stays zero.
        code.withUnsafeBytes { src in
            if let s = src.baseAddress { raw.copyMemory(from: s, byteCount: code.count) }
        }
        try Self.makeExecutable(raw, size: size)
        baseAddress = UnsafeRawPointer(raw)
        codeSize = code.count
        mappedSize = size
    }

    /// Maps fresh pages for `byteCount` bytes of code, lets `fill` write the code straight into
    /// them (no intermediate copy; `fill` may hand disjoint parts to several threads and must
    /// return only when every write is done), then makes them read+execute. Bytes `fill` leaves
    /// alone are zero. If `fill` throws, the pages are unmapped and its error is rethrown.
    public init(byteCount: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        let (raw, size) = try Self.mapWritable(byteCount: byteCount)
        do {
            try fill(UnsafeMutableRawBufferPointer(start: raw, count: byteCount))
        } catch {
            munmap(raw, size)
            throw error
        }
        try Self.makeExecutable(raw, size: size)
        baseAddress = UnsafeRawPointer(raw)
        codeSize = byteCount
        mappedSize = size
    }

    /// 1. Private anonymous read+write pages for `byteCount` bytes (zero-filled).
    private static func mapWritable(byteCount: Int) throws(CodeMemoryError) -> (UnsafeMutableRawPointer, size: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pageSize = page > 0 ? page : 4096
        guard byteCount > 0 else { throw .invalidSize(byteCount) }
        let (rounded, overflow) = byteCount.addingReportingOverflow(pageSize - 1)
        guard !overflow else { throw .invalidSize(byteCount) }
        let size = rounded / pageSize * pageSize
        guard let raw = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0),
              raw != UnsafeMutableRawPointer(bitPattern: -1)  // MAP_FAILED
        else { throw .mapFailed(errno: errno) }
        return (raw, size)
    }

    /// Every page of the mapping is written, so on Linux they are all mapped by `mmap` itself
    /// (`MAP_POPULATE`) rather than by one page fault each while the code is copied in.
    #if os(Linux)
    private static let populate = MAP_POPULATE
    #else
    private static let populate: Int32 = 0
    #endif

    /// 2. Drop write, add execute. On failure unmap before throwing.
    private static func makeExecutable(_ raw: UnsafeMutableRawPointer, size: Int) throws(CodeMemoryError) {
        guard mprotect(raw, size, PROT_READ | PROT_EXEC) == 0 else {
            let e = errno
            munmap(raw, size)
            throw .protectFailed(errno: e)
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: baseAddress), mappedSize)
    }

    /// The address of the code at `offset` (an entry point), or nil if out of range.
    public func address(at offset: Int) -> UnsafeRawPointer? {
        guard offset >= 0, offset < codeSize else { return nil }
        return baseAddress + offset
    }

    /// Calls the function at `offset` as `void f(void *context, void *arguments)` (System V:
    /// `rdi`, `rsi`). The code must have been generated for that signature: this is the one
    /// unchecked step, the same as calling any function pointer.
    public func invoke(at offset: Int, context: UnsafeMutableRawPointer?, arguments: UnsafeMutableRawPointer?) {
        guard let entry = address(at: offset) else {
            preconditionFailure("entry offset \(offset) outside code of \(codeSize) bytes")
        }
        // `self` stays alive for the duration of this method, so the mapping does too.
        cwasmjit_invoke(entry, context, arguments)
    }
}
