#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmRuntime

/// The interpreter backend: lowers every function body once at compile time and runs the
/// lowered code on a per-store slot stack.
public final class Interpreter: Backend {
    /// Threads for lowering function bodies (the lowered code is the same with any number).
    let parallel: ParallelCompilation

    public init(parallel: ParallelCompilation = .sequential) {
        self.parallel = parallel
    }

    public func compile(_ module: ModuleDefinition, engine: EngineShared) throws -> AnyObject {
        let imported = module.importedFunctions.count
        // Signatures of the whole function index space, computed once (not per call site).
        var signatures: [FuncType] = []
        for ti in module.allFunctionTypeIndices {
            guard Int(ti) < module.types.count else { throw LoweringError(message: "unknown type \(ti)") }
            signatures.append(module.types[Int(ti)])
        }
        guard module.codes.count == module.functions.count, imported + module.codes.count == signatures.count else {
            throw LoweringError(message: "function and code section have inconsistent lengths")
        }
        // Bodies are lowered independently (on several threads for large modules: each
        // `Lowering` is its own, and the module, engine settings and signatures are only read).
        let functions = try ParallelWork.map(count: module.codes.count, workers: parallel.workers(compiling: module),
                                             makeState: { () }) { _, i in
            let index = UInt32(imported + i)
            var lowering = Lowering(module: module, engine: engine, signatures: signatures, importedFunctions: imported)
            return try lowering.lower(functionIndex: index, type: signatures[Int(index)], body: module.codes[i])
        }
        if let path = getenv("WASMINTERP_DUMP") { LoweredCodeDump.write(functions, to: String(cString: path)) }
        return CompiledModule(functions: functions)
    }

    public func invoke(_ store: StoreState, function: Int, arguments: [UInt64]) throws -> [UInt64] {
        let f = store.functions[function]
        switch f.kind {
        case .host(let h):
            return try h.body(nil, arguments)
        case .wasm(let inst, let di):
            let stack: ExecutionStack
            if let s = store.executionState as? ExecutionStack {
                stack = s
            } else {
                stack = ExecutionStack(maxBytes: store.engine.maxWasmStack)
                store.executionState = stack
            }
            guard store.nativeDepth < StoreState.maxNativeDepth else { throw Trap(.callStackExhausted) }
            let cf = unsafeDowncast(inst.code, to: CompiledModule.self).functions[di]
            let fp = stack.top
            guard stack.fits(fp: fp, frameSize: cf.frameSize), arguments.count == cf.paramCount else {
                throw Trap(.callStackExhausted)
            }
            let savedTop = stack.top, savedFrames = stack.frameCount
            store.nativeDepth += 1
            defer {
                stack.top = savedTop
                stack.frameCount = savedFrames
                store.nativeDepth -= 1
            }
            for (k, a) in arguments.enumerated() { fp[k] = a }
            cf.initializeSlots(fp)
            stack.top = fp + cf.frameSize
            var machine = Machine(store: store, stack: stack, function: cf, instance: inst, fp: fp)
            try machine.run()
            #if DEBUG
            if store.nativeDepth == 1 { ExecutedOpCount.report() }
            #endif
            return Array(UnsafeBufferPointer(start: fp, count: cf.resultCount))
        }
    }
}
