import Foundation
import Testing
import WAT
import WastRunner
@testable import WasmCore

/// Runs the decoder over every module of the WebAssembly 2.0 spec test suite: modules the suite
/// expects to be valid or invalid (but well-formed) must decode; every binary `assert_malformed`
/// module must be rejected with a message containing the suite's expected text.
@Suite struct DecoderSpecSuiteTests {
    /// The suite directory (see `SpecSuite`).
    static func specDirectory() -> URL? { SpecSuite.wasm2Directory.map { URL(fileURLWithPath: $0) } }

    struct FileResult {
        var decoded = 0
        var rejected = 0
        var textMalformedSkipped = 0
        var notEncodable = 0
        var failures: [String] = []
    }

    /// Bytes of a module directive, or nil if the text could not be parsed or encoded by WAT.
    static func moduleBytes(_ source: ModuleSource) -> [UInt8]? {
        switch source {
        case .binary(let bytes): return bytes
        case .text(var wat): return try? wat.encode()
        case .quote(let text):
            guard var wat = try? parseWAT(String(decoding: text, as: UTF8.self)) else { return nil }
            return try? wat.encode()
        }
    }

    static func run(file: URL) throws -> FileResult {
        var result = FileResult()
        let text = try String(contentsOf: file, encoding: .utf8)
        var wast = try parseWAST(text)

        func expectDecodes(_ bytes: [UInt8]?, _ what: String, _ line: Int) {
            guard let bytes else { result.notEncodable += 1; return }
            do {
                _ = try decodeModule(bytes)
                result.decoded += 1
            } catch {
                result.failures.append("line \(line): \(what) failed to decode: \(error)")
            }
        }

        while let (directive, location) = wast.nextDirectiveResult() {
            let line = location.computeLineAndColumn().line
            guard case .success(let d) = directive else { continue }
            switch d {
            case .module(let m):
                expectDecodes(moduleBytes(m.source), "module", line)
            case .assertInvalid(let m, _):
                expectDecodes(moduleBytes(m.source), "assert_invalid module", line)
            case .assertUnlinkable(var wat, _):
                expectDecodes(try? wat.encode(), "assert_unlinkable module", line)
            case .assertTrap(.wat(var wat), _), .assertReturn(.wat(var wat), _):
                expectDecodes(try? wat.encode(), "module", line)
            case .assertMalformed(let m, let message):
                guard case .binary(let bytes) = m.source else {
                    result.textMalformedSkipped += 1
                    continue
                }
                do {
                    _ = try decodeModule(bytes)
                    result.failures.append("line \(line): expected \"\(message)\", but the module decoded")
                } catch let error as DecodeError {
                    if error.message.contains(message) {
                        result.rejected += 1
                    } else {
                        result.failures.append("line \(line): expected \"\(message)\", got \"\(error.message)\" at \(error.offset)")
                    }
                } catch {
                    result.failures.append("line \(line): expected \"\(message)\", got non-DecodeError \(error)")
                }
            default:
                continue
            }
        }
        return result
    }

    /// The non-SIMD `.wast` files of the suite (empty if the suite is absent).
    static let files: [String] = {
        guard let dir = specDirectory(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".wast") && !$0.hasPrefix("simd_") }.sorted()
    }()

    /// Reports whether the suite was found and how many SIMD files are skipped.
    @Test func specSuiteIsPresentOrSkipped() throws {
        guard let dir = Self.specDirectory() else {
            print("DecoderSpecSuiteTests: spec suite not found (set WASM_SPEC_DIR); skipped")
            return
        }
        let all = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".wast") }
        let simd = all.filter { $0.hasPrefix("simd_") }
        print("DecoderSpecSuiteTests: \(Self.files.count) files checked, \(simd.count) simd_*.wast files skipped")
        #expect(Self.files.count + simd.count == all.count)
        #expect(Self.files.count > 0)
    }

    /// One file: every well-formed module decodes, every binary malformed module is rejected
    /// with the expected message.
    @Test(arguments: files)
    func specFile(_ name: String) throws {
        let dir = try #require(Self.specDirectory())
        let r = try Self.run(file: dir.appendingPathComponent(name))
        print("  \(name): \(r.decoded) decoded, \(r.rejected) malformed rejected as expected, "
            + "\(r.failures.count) mismatches, \(r.textMalformedSkipped) text-format assert_malformed skipped, "
            + "\(r.notEncodable) modules WAT could not encode")
        for f in r.failures { print("    \(name) \(f)") }
        #expect(r.failures.isEmpty, "\(r.failures.count) mismatches in \(name)")
        // Every file of the suite has at least one module directive.
        #expect(r.decoded + r.rejected + r.textMalformedSkipped + r.notEncodable > 0)
    }
}
