import CWasmJIT
import WasmCore
import WasmRuntime

/// The x86-64 JIT backend: compiles each module once with `ModuleCompiler` and runs the
/// machine code on the calling thread's stack.
///
/// Stack: the outermost entry from the host switches to the store's dedicated `WasmStack`
/// (`maxWasmStack` bytes for wasm frames plus a margin for host calls); re-entries from host
/// functions stay on it. Every prologue compares its `rsp` (after reserving the frame) against
/// the limit before touching the frame, so deep recursion traps "call stack exhausted" and never
/// overflows anything. If the stack cannot be mapped, wasm runs on the calling thread's stack
/// with a limit `maxWasmStack` below the entry, never closer than 256 KiB to the thread's end.
public final class JITBackend: Backend {
    /// A deliberate miscompilation for harness tests; ignored by release builds.
    let seededMiscompile: SeededMiscompile?
    /// Threads for compiling function bodies (the code is the same with any number).
    let parallel: ParallelCompilation

    public init(seededMiscompile: SeededMiscompile? = nil, parallel: ParallelCompilation = .sequential) {
        self.seededMiscompile = seededMiscompile
        self.parallel = parallel
    }

    /// Whether generated code can run on this machine.
    public static var isSupported: Bool {
        #if arch(x86_64)
        return true
        #else
        return false
        #endif
    }

    public func compile(_ module: ModuleDefinition, engine: EngineShared) throws -> AnyObject {
        var compiler = ModuleCompiler(module: module, engine: engine)
        compiler.seededMiscompile = seededMiscompile
        return try compiler.compile(parallel: parallel)
    }

    /// Decodes, validates and compiles `bytes` in one fork-join: each worker decodes and
    /// validates a body and compiles it right away (`decodeAndValidateInParallel`), then the
    /// functions are linked. The module and code are the ones `decodeAndValidateModule` and
    /// `compile` make. Nil when that path does not apply (parallelism off, too little code) or
    /// anything failed: the caller then takes the usual path, which reports the error.
    public func decodeAndCompile(_ bytes: [UInt8], features: Features, engine: EngineShared) -> (ModuleDefinition, AnyObject)? {
        let fault = seededMiscompile
        guard let (module, functions) = decodeAndValidateInParallel(
            bytes, features: features, parallel: parallel,
            makeState: { outline -> (compiler: ModuleCompiler, imported: Int) in
                var compiler = ModuleCompiler(module: outline, engine: engine)
                compiler.seededMiscompile = fault
                return (compiler, outline.importedFunctions.count)
            },
            then: { state, index, body in
                try? state.compiler.compileAlone(index, imported: state.imported, body: body)
            })
        else { return nil }
        var compiler = ModuleCompiler(module: module, engine: engine)
        compiler.seededMiscompile = fault
        guard let compiled = try? compiler.link(functions, parallel: parallel) else { return nil }
        return (module, compiled)
    }

    public func invoke(_ store: StoreState, function: Int, arguments: [UInt64]) throws -> [UInt64] {
        let f = store.functions[function]
        switch f.kind {
        case .host(let h):
            return try h.body(nil, arguments)
        case .wasm:
            guard store.nativeDepth < StoreState.maxNativeDepth else { throw Trap(.callStackExhausted) }
            let st = JITStoreState.of(store)
            let entry = st.entry(function)
            guard let code = entry.pointee.code, let ctx = entry.pointee.context else {
                throw Trap(.hostError, message: "function \(function) was not compiled by the JIT backend")
            }
            // At least two slots: `cwasmjit_invoke_on_stack` loads the first two into registers.
            var buffer = [UInt64](repeating: 0, count: Swift.max(f.type.params.count, f.type.results.count, 2))
            for (k, a) in arguments.enumerated() where k < buffer.count { buffer[k] = a }
            let sc = st.context
            let savedLimit = sc.pointee.stackLimit
            var stackTop: UnsafeMutableRawPointer?
            if store.nativeDepth == 0 {
                if let ws = st.wasmStack {
                    stackTop = ws.top
                    st.setStackLimit(ws.limit)
                } else {
                    st.setStackLimit(st.computeStackLimit(maxWasmStack: store.engine.maxWasmStack))
                }
            }
            sc.pointee.fuel = store.fuel
            sc.pointee.epochDeadline = store.epochDeadline
            sc.pointee.trapCode = 0
            store.nativeDepth += 1
            defer {
                store.nativeDepth -= 1
                st.setStackLimit(savedLimit)
            }
            let trapSlot = UnsafeMutableRawPointer(sc).advanced(by: Int(Offsets.trapState))
                .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            let result = buffer.withUnsafeMutableBytes { buf in
                cwasmjit_invoke_on_stack(code, UnsafeMutableRawPointer(ctx), buf.baseAddress, trapSlot, stackTop)
            }
            store.fuel = sc.pointee.fuel
            if result != 0 {
                sc.pointee.trapCode = 0
                throw st.makeTrap(result)
            }
            return Array(buffer.prefix(f.type.results.count))
        }
    }
}
