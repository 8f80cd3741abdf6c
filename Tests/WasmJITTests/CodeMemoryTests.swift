/// Executable memory: W^X permissions, bounds of entry offsets, invalid sizes.

import Foundation
import Testing
@testable import WasmJIT

/// Reads a /proc file whole (`String(contentsOfFile:)` stops after the first 4 KiB, as procfs
/// reports a size of 0).
func readProcFile(_ path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return String(data: handle.readDataToEndOfFile(), encoding: .utf8)
}

@Suite struct CodeMemoryTests {
    /// The permission string ("r-xp") of the /proc/self/maps line containing `address`.
    static func permissions(of address: UInt) -> String? {
        guard let maps = readProcFile("/proc/self/maps") else { return nil }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let lo = UInt(range[0], radix: 16), let hi = UInt(range[1], radix: 16)
            else { continue }
            if address >= lo && address < hi { return String(fields[1]) }
        }
        return nil
    }

    @Test func pagesAreReadExecuteNotWritable() throws {
        let memory = try CodeMemory(code: [0xC3])
        let address = UInt(bitPattern: memory.baseAddress)
        #expect(address % 4096 == 0)
        #expect(memory.mappedSize >= 4096)
        #expect(memory.codeSize == 1)
        guard let perms = Self.permissions(of: address) else {
            print("skipped: /proc/self/maps not readable")
            return
        }
        #expect(perms.hasPrefix("r-x"), "mapping is \(perms)")
        // The last byte of the mapping is covered too (a multi-page mapping is protected whole).
        let big = try CodeMemory(code: [UInt8](repeating: 0xCC, count: 3 * 4096 + 1))
        #expect(big.mappedSize == 4 * 4096)
        let lastPage = UInt(bitPattern: big.baseAddress) + UInt(big.mappedSize) - 1
        #expect(Self.permissions(of: lastPage)?.hasPrefix("r-x") == true)
    }

    @Test func codeIsCopiedExactly() throws {
        let code: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let memory = try CodeMemory(code: code)
        let copied = (0..<code.count).map { memory.baseAddress.load(fromByteOffset: $0, as: UInt8.self) }
        #expect(copied == code)
        // The rest of the page is zero, not leftover data.
        #expect(memory.baseAddress.load(fromByteOffset: code.count, as: UInt8.self) == 0)
    }

    @Test func entryAddressesAreBoundsChecked() throws {
        let memory = try CodeMemory(code: [0x90, 0xC3])
        #expect(memory.address(at: 0) == memory.baseAddress)
        #expect(memory.address(at: 1) == memory.baseAddress + 1)
        #expect(memory.address(at: 2) == nil)
        #expect(memory.address(at: -1) == nil)
    }

    @Test func emptyCodeIsRejected() {
        #expect(throws: CodeMemoryError.invalidSize(0)) { try CodeMemory(code: []) }
    }
}
