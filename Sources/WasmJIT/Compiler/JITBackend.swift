import CWasmJIT
import WasmCore
import WasmRuntime

/// The x86-64 JIT backend: compiles each module once with `ModuleCompiler` and runs the
/// machine code on the calling thread's stack.
///
/// Stack: wasm frames live on the host thread's stack. At the outermost entry a limit is fixed
/// at `Config.maxWasmStack` below the current stack pointer, but never closer than
/// `JITStoreState.hostMargin` to the end of the thread's stack (from `pthread_getattr_np`), so
/// deep recursion traps "call stack exhausted" and never overflows the thread. Every prologue
/// compares its `rsp` (after reserving the frame) against that limit before touching the frame.
public final class JITBackend: Backend {
    public init() {}

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
        return try compiler.compile()
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
            var buffer = [UInt64](repeating: 0, count: Swift.max(f.type.params.count, f.type.results.count, 1))
            for (k, a) in arguments.enumerated() where k < buffer.count { buffer[k] = a }
            let sc = st.context
            let savedLimit = sc.pointee.stackLimit
            if store.nativeDepth == 0 {
                sc.pointee.stackLimit = st.computeStackLimit(maxWasmStack: store.engine.maxWasmStack)
            }
            sc.pointee.fuel = store.fuel
            sc.pointee.epochDeadline = store.epochDeadline
            sc.pointee.trapCode = 0
            store.nativeDepth += 1
            defer {
                store.nativeDepth -= 1
                sc.pointee.stackLimit = savedLimit
            }
            let trapSlot = UnsafeMutableRawPointer(sc).advanced(by: Int(Offsets.trapState))
                .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            let result = buffer.withUnsafeMutableBytes { buf in
                cwasmjit_invoke_catching(code, UnsafeMutableRawPointer(ctx), buf.baseAddress, trapSlot)
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
