/// Disassembles machine code with the toolchain's `llvm-objdump` (Intel syntax) to check the
/// assembler's encodings against an independent decoder.
///
/// `llvm-objdump` reads only object files, so the raw bytes are first wrapped into an ELF
/// relocatable with `llvm-objcopy -I binary`, their section renamed to `.text`.

import Foundation
import Testing
@testable import WasmJIT

enum Disassembler {
    /// Paths of `llvm-objcopy` and `llvm-objdump`, or nil when they are not installed.
    static let tools: (objcopy: String, objdump: String)? = findTools()

    private static func findTools() -> (objcopy: String, objdump: String)? {
        let fm = FileManager.default
        var dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        // The Swift toolchain's bin directory, found through the `swift` on PATH.
        for dir in dirs {
            let swift = dir + "/swift"
            if fm.isExecutableFile(atPath: swift) {
                let real = (try? fm.destinationOfSymbolicLink(atPath: swift)).map {
                    $0.hasPrefix("/") ? $0 : dir + "/" + $0
                } ?? swift
                dirs.append((real as NSString).deletingLastPathComponent)
            }
        }
        dirs.append("/opt/swift/usr/bin")
        func find(_ name: String) -> String? {
            dirs.map { $0 + "/" + name }.first { fm.isExecutableFile(atPath: $0) }
        }
        guard let objcopy = find("llvm-objcopy"), let objdump = find("llvm-objdump") else { return nil }
        return (objcopy, objdump)
    }

    struct ToolError: Error, CustomStringConvertible {
        var description: String
    }

    /// One decoded instruction: its offset in the code and its normalized text.
    struct Line: Equatable {
        var offset: Int
        var text: String
    }

    /// Decodes `code`, returning each instruction's offset and text normalized like
    /// `add rax, qword ptr [rdi + 0x8]`: single spaces, no raw bytes, no `<symbol>` or `# address`
    /// comments (branch targets stay as absolute offsets into the code, e.g. `jmp 0x10`).
    static func disassemble(_ code: [UInt8]) throws -> [Line] {
        guard let tools else { throw ToolError(description: "llvm-objdump not found") }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmjit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("code.bin")
        let obj = dir.appendingPathComponent("code.o")
        try Data(code).write(to: bin)

        _ = try run(tools.objcopy, ["-I", "binary", "-O", "elf64-x86-64",
                                    "--rename-section=.data=.text,code", bin.path, obj.path])
        let text = try run(tools.objdump, ["-d", "--no-show-raw-insn", "--print-imm-hex",
                                           "-M", "intel", obj.path])
        var lines: [Line] = []
        var inCode = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw)
            if line.hasSuffix(">:") { inCode = true; continue }
            guard inCode, let colon = line.firstIndex(of: ":"),
                  let offset = Int(line[..<colon].trimmingCharacters(in: .whitespaces), radix: 16)
            else { continue }
            lines.append(Line(offset: offset, text: normalize(String(line[line.index(after: colon)...]))))
        }
        return lines
    }

    /// Collapses whitespace and drops trailing comments and symbolic branch targets.
    static func normalize(_ line: String) -> String {
        var s = line
        if let hash = s.range(of: " #") ?? s.range(of: "\t#") { s = String(s[..<hash.lowerBound]) }
        if let angle = s.range(of: " <") { s = String(s[..<angle.lowerBound]) }
        return s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static func run(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ToolError(description: "\(tool) failed: " + (String(data: errData, encoding: .utf8) ?? ""))
        }
        return String(data: data, encoding: .utf8) ?? ""
    }
}

/// One instruction form to check: the expected Intel-syntax text, written by hand, and the
/// assembler calls that should produce it.
struct EncodingCase: Sendable {
    var expected: String
    var emit: @Sendable (inout X64Assembler) -> Void

    init(_ expected: String, _ emit: @escaping @Sendable (inout X64Assembler) -> Void) {
        self.expected = expected
        self.emit = emit
    }
}

/// Emits every case into one buffer, disassembles it once, and checks that each case decodes as
/// exactly one instruction, at its own offset and of its own length, with the expected text.
func checkEncodings(_ cases: [EncodingCase], sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard Disassembler.tools != nil else {
        print("skipped: llvm-objdump/llvm-objcopy not found, encodings not checked")
        return
    }
    var asm = X64Assembler()
    var starts: [Int] = []
    for c in cases {
        starts.append(asm.offset)
        c.emit(&asm)
    }
    let end = asm.offset
    let lines = try Disassembler.disassemble(try asm.finish())
    var byOffset: [Int: Int] = [:]
    for (i, l) in lines.enumerated() { byOffset[l.offset] = i }
    for (i, c) in cases.enumerated() {
        let next = i + 1 < starts.count ? starts[i + 1] : end
        guard let li = byOffset[starts[i]] else {
            Issue.record("case \(i) `\(c.expected)`: no instruction decoded at offset \(starts[i])",
                         sourceLocation: sourceLocation)
            continue
        }
        let decodedEnd = li + 1 < lines.count ? lines[li + 1].offset : end
        #expect(lines[li].text == c.expected, "case \(i)", sourceLocation: sourceLocation)
        #expect(decodedEnd == next, "case \(i) `\(c.expected)`: decoded length differs from emitted length",
                sourceLocation: sourceLocation)
    }
}
