import WasmCore
import WasmRuntime

/// An absolute helper address in generated code: the 8 bytes at `offset` (the immediate of a
/// `movabs`) hold `address`, which differs between processes and must be patched on load.
struct JITRelocation: Hashable, Sendable {
    var offset: Int
    var address: UInt64
}

extension Helpers {
    /// Every address `ModuleCompiler.callHelper` may embed, by artifact helper id (the position).
    /// Append new helpers at the end (and bump `ArtifactHeader.formatVersion` if one is removed).
    static let relocatable: [UInt64] = [
        unary, binary, callHost, resolveIndirect, epoch, memoryGrow, memoryFill, memoryCopy, memoryInit,
        dataDrop, tableGet, tableSet, tableSize, tableGrow, tableFill, tableCopy, tableInit, elemDrop,
        captureBacktrace, X64Assembler.trapFunctionAddress,
    ]
}

// The JIT's code section of a precompiled artifact:
//   code length, code bytes (each relocated immediate zeroed, so artifacts do not depend on the
//   writing process), relocation count, per relocation (offset, helper id), entry count and
//   offsets (one per defined function), site count, per site (return offset, function index,
//   has-wasm-offset flag, wasm offset, skip flag).
//
// On load the structure is checked: relocations lie inside the code, do not overlap, sit on a
// `movabs r64, imm64` whose immediate is zero, and name a known helper; entries and sites lie
// inside the code; entries are one per defined function; sites name functions of the module and come in increasing code offset.
// The machine code itself cannot be verified: its integrity rests on the artifact checksum, and
// an artifact crafted with a valid checksum can run arbitrary code. Load artifacts only from
// sources trusted as much as the engine binary (wasmtime's `Module::deserialize` is `unsafe`
// for the same reason and checks neither checksum nor structure).
extension JITBackend {
    /// Largest code accepted from an artifact.
    static let maxArtifactCode = 1 << 30

    /// The machine code and metadata of `compiled` (a module this backend compiled).
    public func serialize(_ compiled: AnyObject) throws -> [UInt8] {
        guard let m = compiled as? JITModule else { throw ArtifactError(.malformed, "not a module compiled by the JIT") }
        var code = Array(UnsafeRawBufferPointer(start: m.code.baseAddress, count: m.code.codeSize))
        var w = ArtifactWriter()
        var relocations: [(Int, Int)] = []
        for r in m.relocations {
            guard let id = Helpers.relocatable.firstIndex(of: r.address) else {
                throw ArtifactError(.malformed, "helper address \(r.address) is not listed in Helpers.relocatable")
            }
            guard r.offset >= 2, r.offset + 8 <= code.count, readAddress(code, r.offset) == r.address else {
                throw ArtifactError(.malformed, "relocation at \(r.offset) does not hold its helper address")
            }
            for k in 0..<8 { code[r.offset + k] = 0 }
            relocations.append((r.offset, id))
        }
        // Every helper address left in the code must have been recorded: one that was not (a
        // call emitted without `callHelper`) would point into another process's memory.
        let helpers = Set(Helpers.relocatable)
        if code.count >= 8 {
            for offset in 0...(code.count - 8) where helpers.contains(readAddress(code, offset)) {
                throw ArtifactError(.malformed, "unrecorded helper address at code offset \(offset): call helpers through ModuleCompiler.callHelper")
            }
        }
        w.blob(code)
        w.count(relocations.count)
        for (offset, id) in relocations.sorted(by: { $0.0 < $1.0 }) {
            w.count(offset)
            w.count(id)
        }
        w.count(m.entryOffsets.count)
        for e in m.entryOffsets { w.count(e) }
        w.count(m.sites.count)
        for (offset, site) in m.sites.entries {
            w.count(offset)
            w.u32(site.functionIndex)
            w.bool(site.wasmOffset != nil)
            w.count(site.wasmOffset ?? 0)
            w.bool(site.skip)
        }
        return w.bytes
    }

    /// Loads code written by `serialize` for `module` into fresh executable memory, after the
    /// structural checks listed above; throws `ArtifactError` when they fail.
    public func deserialize(_ bytes: [UInt8], module: ModuleDefinition) throws -> AnyObject {
        var r = ArtifactReader(bytes)
        func bad(_ what: String) -> ArtifactError { ArtifactError(.malformed, "malformed artifact: JIT code: \(what)") }
        var code = try r.blob()
        guard !code.isEmpty, code.count <= Self.maxArtifactCode else { throw bad("code size \(code.count)") }
        let relocationCount = try r.elementCount(minBytes: 2)
        var previousEnd = 0
        var relocations: [JITRelocation] = []
        for _ in 0..<relocationCount {
            let offset = try r.count(), id = try r.count()
            guard offset >= previousEnd + 2, offset <= code.count - 8 else { throw bad("relocation at \(offset) outside the code or overlapping") }
            guard id < Helpers.relocatable.count else { throw bad("unknown helper \(id)") }
            guard code[offset - 2] & 0xF8 == 0x48, code[offset - 1] & 0xF8 == 0xB8, readAddress(code, offset) == 0 else {
                throw bad("relocation at \(offset) is not on a movabs with a zero immediate")
            }
            let address = Helpers.relocatable[id]
            for k in 0..<8 { code[offset + k] = UInt8(truncatingIfNeeded: address >> (8 * UInt64(k))) }
            previousEnd = offset + 8
            relocations.append(JITRelocation(offset: offset, address: address))
        }
        let entryCount = try r.elementCount()
        guard entryCount == module.codes.count else { throw bad("\(entryCount) entries for \(module.codes.count) functions") }
        var entries: [Int] = []
        for _ in 0..<entryCount {
            let e = try r.count()
            guard e < code.count else { throw bad("entry \(e) outside the code") }
            entries.append(e)
        }
        let functionCount = module.importedFunctions.count + module.codes.count
        var sites = SiteTable()
        for _ in 0..<(try r.elementCount(minBytes: 5)) {
            let offset = try r.count()
            let function = try r.u32()
            let hasOffset = try r.bool()
            let wasmOffset = try r.count()
            let skip = try r.bool()
            guard offset <= code.count, Int(function) < functionCount else { throw bad("site at \(offset) out of range") }
            guard offset > (sites.offsets.last ?? -1) else { throw bad("site at \(offset) out of order") }
            sites.append(offset, CodeSite(functionIndex: function, wasmOffset: hasOffset ? wasmOffset : nil, skip: skip))
        }
        try r.expectEnd("the JIT code")
        let memory: CodeMemory
        do { memory = try CodeMemory(code: code) } catch { throw ArtifactError(.malformed, "cannot load JIT code: \(error)") }
        return JITModule(module: module, code: memory, entryOffsets: entries, sites: sites, relocations: relocations)
    }
}

private func readAddress(_ code: [UInt8], _ offset: Int) -> UInt64 {
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(code[offset + k]) << (8 * UInt64(k)) }
    return v
}
