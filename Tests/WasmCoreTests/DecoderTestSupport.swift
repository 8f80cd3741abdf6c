@testable import WasmCore

/// Helpers for building module binaries by hand in decoder tests.
enum Bin {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// Unsigned LEB128 of `value` (minimal length).
    static func u(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    /// A section: id, size, contents.
    static func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
        [id] + u(UInt64(contents.count)) + contents
    }

    /// A name: length and UTF-8 bytes.
    static func name(_ s: String) -> [UInt8] {
        let b = Array(s.utf8)
        return u(UInt64(b.count)) + b
    }

    /// A module: header followed by `sections`.
    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }

    /// Type section with one `() -> ()` type, function section with one function of type 0,
    /// and a code section holding `body` (locals vector included by the caller).
    static func oneFunction(body: [UInt8], extra: [[UInt8]] = []) -> [UInt8] {
        let code = section(10, [0x01] + u(UInt64(body.count)) + body)
        return header + section(1, [0x01, 0x60, 0x00, 0x00]) + section(3, [0x01, 0x00])
            + extra.flatMap { $0 } + code
    }
}

/// The `DecodeError` thrown by decoding `bytes`, or nil if it decodes.
func decodeError(_ bytes: [UInt8]) -> DecodeError? {
    do {
        _ = try decodeModule(bytes)
        return nil
    } catch let e as DecodeError {
        return e
    } catch {
        return DecodeError("unexpected error type: \(error)", offset: -1)
    }
}
