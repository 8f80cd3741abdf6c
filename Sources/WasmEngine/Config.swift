import WasmCore
import WasmJIT

/// Which backend executes wasm code.
public enum Strategy: String, Sendable, CaseIterable {
    /// The JIT where the host supports it (x86-64), the interpreter elsewhere.
    case auto
    case interpreter
    case jit

    /// The concrete backends this machine can run: the interpreter, and the JIT on x86-64.
    public static let available: [Strategy] = {
        #if arch(x86_64)
        return [.interpreter, .jit]
        #else
        return [.interpreter]
        #endif
    }()
}

/// Engine settings, validated by `Engine.init(_:)`.
public struct Config: Hashable, Sendable {
    public var strategy: Strategy = .auto
    public var features: Features = .wasm2
    /// Insert epoch checks at function entries and loop headers.
    public var epochInterruption: Bool = false
    /// Charge fuel for executed instructions (see FUEL.md / the engine docs for the exact rule).
    public var consumeFuel: Bool = false
    /// Largest wasm stack in bytes; deeper recursion traps with "call stack exhausted".
    /// The interpreter counts each live frame as 8 bytes per slot (parameters, locals, the
    /// deepest operand stack, plus one) plus 32 bytes of frame overhead.
    public var maxWasmStack: Int = 512 * 1024
    /// Async calls: `Func.callAsync`, `Linker.instantiateAsync` and
    /// `Store.epochDeadlineAsyncYieldAndUpdate` (each async call runs on a fiber; x86-64 only).
    /// Sync `Func.call` then throws `EngineError` except from host functions inside an async call.
    public var asyncSupport: Bool = false
    /// Decode, validate and compile function bodies on several threads (all online cores), like
    /// wasmtime's `Config::parallel_compilation`; default on. Modules with little code (under
    /// about 16 KiB of function bodies) are compiled on the calling thread either way. The
    /// compiled code, precompiled artifacts and errors are the same with and without it, so it
    /// is not part of `Engine.precompileCompatibilityHash`.
    public var parallelCompilation: Bool = true
    /// The code size from which `parallelCompilation` uses threads (tests lower it to reach the
    /// parallel path with small modules).
    @_spi(Testing) public var parallelCompilationMinimumCodeBytes: Int = ParallelCompilation.defaultMinimumCodeBytes
    /// Makes the JIT miscompile one operation on purpose, to test the fuzzing harness. Honoured
    /// by debug builds only: a release JIT ignores it.
    @_spi(Testing) public var jitSeededMiscompile: SeededMiscompile? = nil

    public init() {}
}

