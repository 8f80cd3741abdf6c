#if canImport(Glibc)
import Glibc
#endif
import WasmCore

/// One function compiled on its own (`ModuleCompiler.compileAlone`), before linking: its code
/// at offset 0 of its own assembler, and what it refers to outside itself.
struct CompiledFunction {
    var asm: X64Assembler
    /// Labels standing for defined functions (by defined index), its own included.
    var calleeLabels: [Int: Label]
    var trapStubs: [Int32: Label]
    var floatConstants: [UInt64: Label]
    var pendingTables: [(Label, [Label])]
    var relocations: [JITRelocation]
    var sites: SiteTable
}

/// The module driver: functions are compiled independently (on several threads with
/// `ParallelCompilation`), then linked in function order into one buffer with the module's
/// trap stubs, jump tables and float constants after them. Every function is compiled and
/// linked the same way whatever the number of threads, so the code is byte-identical with and
/// without parallelism.
///
/// Thread safety: a worker has its own `ModuleCompiler` (per-function state and assembler) and
/// shares only immutable things: the module, the engine's settings (`EngineShared`'s `let`s),
/// the seeded fault, `CPUFeatures.host` and the helper addresses (lazily initialised globals,
/// which Swift initialises once, thread-safely). `WASMJIT_DUMP` is read by the linking step,
/// on the calling thread.
extension ModuleCompiler {
    /// Compiles every defined function into one code buffer.
    mutating func compile(parallel: ParallelCompilation = .sequential) throws -> JITModule {
        guard module.functions.count == module.codes.count else {
            throw JITCompileError(message: "function and code section have inconsistent lengths")
        }
        let imported = module.importedFunctions.count
        let (module, engine, fault) = (self.module, self.engine, seededMiscompile)
        let workers = parallel.workers(compiling: module)
        let functions = try ParallelWork.map(count: module.codes.count, workers: workers,
                                             makeState: { () -> ModuleCompiler in
            var compiler = ModuleCompiler(module: module, engine: engine)
            compiler.seededMiscompile = fault
            return compiler
        }) { compiler, i in
            try compiler.compileAlone(i, imported: imported)
        }
        return try link(functions, parallel: workers > 1 ? parallel : .sequential)
    }

    /// Compiles defined function `defined` into a fresh assembler.
    mutating func compileAlone(_ defined: Int, imported: Int) throws -> CompiledFunction {
        try compileAlone(defined, imported: imported, body: module.codes[defined])
    }

    /// Compiles `body` as defined function `defined` into a fresh assembler. Only `body` and
    /// the module's other sections are read (`module.codes` may hold placeholders).
    mutating func compileAlone(_ defined: Int, imported: Int, body: FunctionBody) throws -> CompiledFunction {
        let index = UInt32(clamping: imported + defined)
        guard let type = module.functionType(at: index) else {
            throw JITCompileError(message: "unknown type of function \(index)")
        }
        asm = X64Assembler()
        asm.reserveCapacity(Self.expectedCodeSize(instructions: body.instructions.count))
        calleeLabels = [:]
        trapStubs = [:]
        floatConstants = [:]
        pendingTables = []
        relocations = []
        sites = SiteTable()
        let label = functionLabel(defined)
        try compileFunction(index: index, label: label, type: type, body: body)
        return CompiledFunction(asm: asm, calleeLabels: calleeLabels, trapStubs: trapStubs, floatConstants: floatConstants,
                                pendingTables: pendingTables, relocations: relocations, sites: sites)
    }

    /// Lays out `functions` in order (each 16-byte aligned), then the trap stubs, jump tables
    /// and float constants they use (the tail, assembled here), and copies every function
    /// straight into the executable mapping with its references resolved, on several threads
    /// for large modules (`ParallelCompilation.workers(copying:)`; each function is copied and
    /// patched by one thread, into its own range).
    mutating func link(_ functions: [CompiledFunction], parallel: ParallelCompilation = .sequential) throws -> JITModule {
        // 1. Where each function starts, and where the tail starts (`end`).
        var entries: [Int] = []
        entries.reserveCapacity(functions.count)
        var end = 0
        // Elements are read in place (`functions[i].x`): a `for f in functions` loop copies each
        // element, retaining and releasing every array it holds.
        for i in functions.indices {
            end = (end + 15) & ~15
            entries.append(end)
            end += functions[i].asm.offset
        }
        // 2. The tail, assembled from `tailOrigin` (`end` rounded down to 16 bytes; the bytes
        // before `end` are a placeholder, not copied) so that its alignments are the module's.
        let tailOrigin = end & ~15
        asm = X64Assembler()
        asm.data([UInt8](repeating: 0, count: end - tailOrigin))
        trapStubs = [:]
        floatConstants = [:]
        pendingTables = []
        relocations = []
        var stubCodes = Set<Int32>(), constantBits = Set<UInt64>()
        for i in functions.indices {
            stubCodes.formUnion(functions[i].trapStubs.keys)
            constantBits.formUnion(functions[i].floatConstants.keys)
        }
        var stubOffsets: [Int32: Int] = [:]
        for code in stubCodes.sorted() {
            let label = asm.newLabel()
            emitTrapStub(code: code, label: label)
            stubOffsets[code] = tailOrigin + (asm.labelOffset(label) ?? 0)
        }
        // Jump tables: entries are distances to labels inside their function, placed here at
        // their final offsets (before the tail's start, in the tail's coordinates).
        var tableOffsets: [Int: [(label: Int, offset: Int)]] = [:]
        for i in functions.indices where !functions[i].pendingTables.isEmpty {
            for (table, targets) in functions[i].pendingTables {
                let placed = try targets.map { target -> Label in
                    guard let bound = functions[i].asm.labelOffset(target) else { throw JITCompileError(message: "jump table target not bound") }
                    let label = asm.newLabel()
                    asm.bind(label, at: entries[i] + bound - tailOrigin)
                    return label
                }
                let label = asm.newLabel()
                asm.jumpTable(label, placed)
                tableOffsets[i, default: []].append((table.id, tailOrigin + (asm.labelOffset(label) ?? 0)))
            }
        }
        asm.align(8, withNops: false)
        var constantOffsets: [UInt64: Int] = [:]
        for bits in constantBits.sorted() {
            constantOffsets[bits] = tailOrigin + asm.offset
            asm.data64(bits)
        }
        if tailOrigin + asm.offset == 0 { asm.int3() }
        let tail: [UInt8]
        do { tail = try asm.takeFinishedCode() } catch { throw JITCompileError(message: "\(error)") }

        // 3. Sites and relocations, in code order.
        var moduleRelocations: [JITRelocation] = []
        var relocationCount = relocations.count, siteCount = 0
        for i in functions.indices {
            relocationCount += functions[i].relocations.count
            siteCount += functions[i].sites.count
        }
        moduleRelocations.reserveCapacity(relocationCount)
        sites = SiteTable()
        sites.reserveCapacity(siteCount)
        for i in functions.indices {
            let base = entries[i]
            for r in functions[i].relocations { moduleRelocations.append(JITRelocation(offset: base + r.offset, address: r.address)) }
            sites.append(functions[i].sites, base: base)
        }
        for r in relocations { moduleRelocations.append(JITRelocation(offset: tailOrigin + r.offset, address: r.address)) }
        relocations = moduleRelocations

        // 4. The code, written straight into the mapping.
        let padding = Self.nopPaddings
        let tailStart = end - tailOrigin
        let memory = try CodeMemory(byteCount: tailOrigin + tail.count) { code in
            _ = try ParallelWork.map(count: functions.count, workers: parallel.workers(copying: end), makeState: { [Int?]() }) { targets, i in
                let base = entries[i]
                let asm = functions[i].asm
                targets.removeAll(keepingCapacity: true)
                targets.reserveCapacity(asm.labelCount)
                for id in 0..<asm.labelCount { targets.append(asm.labelOffset(Label(id: id)).map { base + $0 }) }
                for (callee, l) in functions[i].calleeLabels where targets[l.id] == nil {
                    guard callee >= 0, callee < entries.count else { throw JITCompileError(message: "unknown function \(callee)") }
                    targets[l.id] = entries[callee]
                }
                for (code, l) in functions[i].trapStubs { targets[l.id] = stubOffsets[code] }
                for (bits, l) in functions[i].floatConstants { targets[l.id] = constantOffsets[bits] }
                for (label, offset) in tableOffsets[i] ?? [] { targets[label] = offset }
                do { try asm.copyLinked(into: code, at: base, targets: targets) } catch { throw JITCompileError(message: "\(error)") }
                // The padding up to the next function.
                let next = i + 1 < entries.count ? entries[i + 1] : base + asm.offset
                for (k, byte) in padding[next - base - asm.offset].enumerated() { code[base + asm.offset + k] = byte }
            }
            tail[tailStart...].withUnsafeBytes { src in
                if let s = src.baseAddress, let d = code.baseAddress { (d + end).copyMemory(from: s, byteCount: src.count) }
            }
        }
        if let path = getenv("WASMJIT_DUMP"), let file = fopen(path, "wb") {
            fwrite(memory.baseAddress, 1, memory.codeSize, file)
            fclose(file)
        }
        return JITModule(module: module, code: memory, entryOffsets: entries, sites: sites, relocations: relocations)
    }

    /// `X64Assembler.nopPadding(count: n)` for n in 0..<16: the padding between functions.
    static let nopPaddings: [[UInt8]] = (0..<16).map { X64Assembler.nopPadding(count: $0) }
}
