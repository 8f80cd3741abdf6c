import WasmCore
import WasmInterpreter
import WasmJIT
import WasmRuntime

/// The wasmtime-like action taken when an epoch deadline is reached and a callback is installed.
public enum EpochDeadlineAction: Hashable, Sendable {
    /// Keep running with a new deadline `delta` ticks after the current epoch.
    case continueWith(delta: UInt64)
    /// Trap with `TrapKind.interrupt`.
    case trap
}

/// The shared state behind every copy of an `Engine`.
final class EngineBox: @unchecked Sendable {
    let config: Config
    let shared: EngineShared
    let backend: Backend
    /// How `Module` splits decoding and compilation over threads (`Config.parallelCompilation`).
    let parallel: ParallelCompilation

    init(config: Config, backend: Backend) {
        self.config = config
        self.backend = backend
        parallel = Engine.parallelCompilation(config)
        shared = EngineShared(features: config.features, epochInterruption: config.epochInterruption,
                              consumeFuel: config.consumeFuel, maxWasmStack: config.maxWasmStack)
    }
}

/// A shared engine handle: copies refer to the same engine.
public struct Engine: @unchecked Sendable {
    let box: EngineBox

    /// Validates `config` and creates an engine. Throws `EngineError` for settings that are not
    /// supported (the JIT strategy or async support on a CPU other than x86-64, a non-positive
    /// stack size). `.auto` picks the JIT on x86-64 and the interpreter elsewhere.
    public init(_ config: Config = Config()) throws {
        let backend: Backend
        switch config.strategy {
        case .jit:
            guard JITBackend.isSupported else { throw EngineError("the JIT backend requires an x86-64 CPU") }
            backend = JITBackend(seededMiscompile: config.jitSeededMiscompile, parallel: Self.parallelCompilation(config))
        case .auto:
            backend = JITBackend.isSupported
                ? JITBackend(seededMiscompile: config.jitSeededMiscompile, parallel: Self.parallelCompilation(config))
                : Interpreter(parallel: Self.parallelCompilation(config))
        case .interpreter:
            backend = Interpreter(parallel: Self.parallelCompilation(config))
        }
        if config.asyncSupport, !Fiber.isSupported {
            throw EngineError("async support requires x86-64 (fibers are not implemented on this platform)")
        }
        guard config.maxWasmStack > 0 else { throw EngineError("maxWasmStack must be greater than 0") }
        box = EngineBox(config: config, backend: backend)
    }

    init(box: EngineBox) { self.box = box }

    private static let shared: Engine = {
        // The default configuration is always valid.
        EngineBox(config: Config(), backend: JITBackend.isSupported
                    ? JITBackend(parallel: parallelCompilation(Config())) : Interpreter(parallel: parallelCompilation(Config()))).asEngine
    }()

    /// The threads `config` lets compilation use.
    static func parallelCompilation(_ config: Config) -> ParallelCompilation {
        ParallelCompilation(workers: config.parallelCompilation ? ParallelWork.availableWorkers : 1,
                            minimumCodeBytes: config.parallelCompilationMinimumCodeBytes)
    }

    /// A process-wide engine with the default configuration.
    public static var `default`: Engine { shared }
    public var config: Config { box.config }
    /// Whether code runs on the interpreter (false with the JIT backend).
    public var isInterpreter: Bool { box.backend is Interpreter }
    /// Whether calls must be made with `Func.callAsync` (`Config.asyncSupport`).
    public var isAsync: Bool { box.config.asyncSupport }
    /// Whether two handles refer to the same engine.
    public static func same(_ a: Engine, _ b: Engine) -> Bool { a.box === b.box }
    public func weak() -> WeakEngine { WeakEngine(box: box) }
    /// Atomically advances the epoch; safe from any thread or a signal handler.
    public func incrementEpoch() { box.shared.incrementEpoch() }
    /// The current epoch.
    public var currentEpoch: UInt64 { box.shared.currentEpoch }
    /// Allocates the calling thread's runtime state for this engine now instead of on first use:
    /// one execution stack of `Config.maxWasmStack` bytes (the JIT's mapped wasm stack, or the
    /// interpreter's slot and frame buffers) is put in the thread's stack cache.
    ///
    /// Every store takes its stack from the cache of the thread that first runs wasm in it, and
    /// gives it back to the cache of the thread that drops it (at most
    /// `ThreadStackCache.capacity` per kind and size; the cache is freed when the thread exits).
    /// So many short-lived stores on one thread allocate one stack, and after this call not even
    /// the first one allocates. Idempotent: a second call allocates nothing.
    public func tlsEagerInitialize() {
        if isInterpreter {
            Interpreter.prepareCurrentThread(maxWasmStack: config.maxWasmStack)
        } else {
            JITBackend.prepareCurrentThread(maxWasmStack: config.maxWasmStack)
        }
    }

    /// Number of execution stacks for this engine cached on the calling thread (a diagnostic of
    /// `tlsEagerInitialize`).
    public var cachedStacksOnCurrentThread: Int {
        isInterpreter
            ? Interpreter.cachedStacksOnCurrentThread(maxWasmStack: config.maxWasmStack)
            : JITBackend.cachedStacksOnCurrentThread(maxWasmStack: config.maxWasmStack)
    }

    /// Removes the process-wide signal handlers the engine installed: there are none, so this
    /// does nothing and never throws. Neither backend relies on faults: memory and table
    /// accesses are bounds-checked explicitly, and stack exhaustion is detected by a check in
    /// every function prologue (JIT) or call (interpreter) before the guard page could be hit;
    /// a fault in JIT code is a bug and crashes the process as it would without an engine.
    /// Other engines, live or created later, keep working after this call.
    public func unloadProcessHandlers() throws {}
}

extension EngineBox {
    var asEngine: Engine { Engine(box: self) }
}

/// A weak reference to an engine.
public struct WeakEngine: @unchecked Sendable {
    weak var box: EngineBox?
    /// The engine, if it is still alive.
    public func upgrade() -> Engine? { box.map { Engine(box: $0) } }
}
