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
        let functions = try ParallelWork.map(count: module.codes.count, workers: parallel.workers(compiling: module),
                                             makeState: { () -> ModuleCompiler in
            var compiler = ModuleCompiler(module: module, engine: engine)
            compiler.seededMiscompile = fault
            return compiler
        }) { compiler, i in
            try compiler.compileAlone(i, imported: imported)
        }
        return try link(functions)
    }

    /// Compiles defined function `defined` into a fresh assembler.
    mutating func compileAlone(_ defined: Int, imported: Int) throws -> CompiledFunction {
        let index = UInt32(clamping: imported + defined)
        guard let type = module.functionType(at: index) else {
            throw JITCompileError(message: "unknown type of function \(index)")
        }
        let body = module.codes[defined]
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
    /// and float constants they use, and resolves every reference between them.
    mutating func link(_ functions: [CompiledFunction]) throws -> JITModule {
        asm = X64Assembler()
        var total = 4096
        for f in functions { total += f.asm.offset + 16 }
        asm.reserveCapacity(total)
        trapStubs = [:]
        floatConstants = [:]
        pendingTables = []
        relocations = []
        sites = SiteTable()
        sites.reserveCapacity(functions.reduce(0) { $0 + $1.sites.count })
        let functionLabels = functions.map { _ in asm.newLabel() }
        var entries: [Int] = []
        entries.reserveCapacity(functions.count)
        for f in functions {
            asm.align(16)
            entries.append(asm.offset)
            let base = asm.offset
            var given = [Label?](repeating: nil, count: f.asm.labelCount)
            for (callee, l) in f.calleeLabels {
                guard callee >= 0, callee < functionLabels.count else { throw JITCompileError(message: "unknown function \(callee)") }
                given[l.id] = functionLabels[callee]
            }
            for (code, l) in f.trapStubs { given[l.id] = stub(code) }
            for (bits, l) in f.floatConstants { given[l.id] = floatConstantLabel(bits) }
            let map = asm.append(f.asm, labels: given)
            for (table, targets) in f.pendingTables { pendingTables.append((map[table.id], targets.map { map[$0.id] })) }
            for r in f.relocations { relocations.append(JITRelocation(offset: base + r.offset, address: r.address)) }
            sites.append(f.sites, base: base)
        }
        for (code, label) in trapStubs.sorted(by: { $0.key < $1.key }) { emitTrapStub(code: code, label: label) }
        for (table, targets) in pendingTables { asm.jumpTable(table, targets) }
        asm.align(8, withNops: false)
        for (bits, label) in floatConstants.sorted(by: { $0.key < $1.key }) {
            asm.bind(label)
            asm.data64(bits)
        }
        if asm.offset == 0 { asm.int3() }
        let bytes: [UInt8]
        do { bytes = try asm.takeFinishedCode() } catch { throw JITCompileError(message: "\(error)") }
        if let path = getenv("WASMJIT_DUMP") {
            let f = fopen(path, "wb")
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, f) }
            fclose(f)
        }
        let memory = try CodeMemory(code: bytes)
        return JITModule(module: module, code: memory, entryOffsets: entries, sites: sites, relocations: relocations)
    }
}
