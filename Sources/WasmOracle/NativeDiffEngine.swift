import Foundation
import WasmEngine

/// Our own engine (interpreter or JIT, by `Config.strategy`) behind the oracle.
///
/// Epoch interruption is always compiled in, so the oracle's watchdog can stop a call that runs
/// too long: in runs without an epoch deadline the deadline is one tick ahead and a callback
/// keeps extending it (the module's `host.tick`s are invisible) until the watchdog asks for an
/// interrupt. Epoch checks cost no fuel, so this changes no observable behaviour.
public final class NativeDiffEngine: DiffEngine {
    public let strategy: Strategy
    public let name: String
    /// The configuration every engine starts from (strategy, epochs and fuel are set per run).
    public let baseConfig: Config
    private let unsupported: String?

    public init(strategy: Strategy, config: Config = Config(), name: String? = nil) {
        self.strategy = strategy
        self.name = name ?? strategy.rawValue
        var config = config
        config.strategy = strategy
        baseConfig = config
        do {
            _ = try Engine(config)
            unsupported = nil
        } catch {
            unsupported = "\(error)"
        }
    }

    public func unsupportedReason(for options: RunOptions) -> String? { unsupported }

    public func instantiate(_ bytes: [UInt8], module: ModuleDefinition, options: RunOptions) -> (CallOutcome, (any DiffInstance)?) {
        var config = baseConfig
        config.epochInterruption = true
        config.consumeFuel = options.fuel != nil
        let engine: Engine
        do {
            engine = try Engine(config)
        } catch {
            return (.unsupported("\(error)"), nil)
        }
        let store = Store(engine)
        let instance = NativeDiffInstance(engine: engine, store: store, fuelEnabled: options.fuel != nil)
        if let deadline = options.epochDeadline {
            store.setEpochDeadline(deadline)
        } else {
            store.setEpochDeadline(1)
            let flag = instance.interruptRequested
            store.epochDeadlineCallback { _ in flag.isSet ? .trap : .continueWith(delta: 1) }
        }
        if let fuel = options.fuel { try? store.setFuel(fuel) }
        let compiled: WasmEngine.Module
        do {
            compiled = try WasmEngine.Module(engine, bytes: bytes)
        } catch {
            return (.rejected("\(error)"), nil)
        }
        // One host object per import name (see `HostImports.plan`), handed over positionally.
        do {
            guard let plan = HostImports.plan(for: module) else { return (.rejected("unknown type"), nil) }
            var objects: [[UInt8]: Extern] = [:]
            for entry in plan {
                objects[HostImports.key(entry.module, entry.name)] = try instance.makeImport(entry.item, module: entry.module, name: entry.name)
            }
            let externs = module.imports.compactMap { objects[HostImports.key($0.module, $0.name)] }
            instance.instance = try Instance(store, module: compiled, imports: externs)
        } catch {
            return (NativeDiffInstance.outcome(of: error), nil)
        }
        return (.returned([]), instance)
    }
}

/// An instance on our engine.
final class NativeDiffInstance: DiffInstance {
    let engine: Engine
    let store: Store
    let fuelEnabled: Bool
    var instance: Instance?
    var hostCalls: [HostCall] = []
    var lastTrapLocation: String?
    /// Set by the watchdog (from its thread); read by the epoch callback.
    let interruptRequested = InterruptFlag()

    init(engine: Engine, store: Store, fuelEnabled: Bool) {
        self.engine = engine
        self.store = store
        self.fuelEnabled = fuelEnabled
    }

    func makeImport(_ item: HostImports.Item, module: String, name: String) throws -> Extern {
        switch item {
        case .function(let type):
            return .function(makeFunction(module: module, name: name, type: type))
        case .memory(let type):
            return .memory(try Memory(store, type: type))
        case .table(let type):
            return .table(try Table(store, type: type, initial: type.elementType == .funcref ? .funcref(nil) : .externref(nil)))
        case .global(let type, let value):
            return .global(try Global(store, type: type, value: Self.value(from: value)))
        }
    }

    func makeFunction(module: String, name: String, type: FuncType) -> Func {
        let engine = self.engine
        return Func(store, type: type) { [weak self] _, args in
            self?.hostCalls.append(HostCall(module: module, name: name, arguments: args.map(Self.diffValue)))
            if HostImports.isTick(module, name) { engine.incrementEpoch() }
            return type.results.map { Self.value(from: .zero($0)) }
        }
    }

    func incrementEpoch() { engine.incrementEpoch() }

    /// Sets the flag the epoch callback reads and reaches any epoch deadline (runs with a deadline
    /// have no callback; theirs is at most a few ticks ahead).
    func interrupt() {
        interruptRequested.set()
        for _ in 0..<64 { engine.incrementEpoch() }
    }

    func call(_ name: String, _ arguments: [DiffValue]) -> CallOutcome {
        guard let function = instance?.function(name) else { return .unsupported("no exported function \(name)") }
        do {
            return .returned(try function.call(arguments.map(Self.value(from:))).map(Self.diffValue))
        } catch {
            lastTrapLocation = (error as? Trap)?.backtrace.first?.description
            return Self.outcome(of: error)
        }
    }

    func snapshot() -> StateSnapshot {
        var state = StateSnapshot()
        state.tables = [:]
        for (name, value) in instance?.exports ?? [] {
            switch value {
            case .memory:
                break  // compared in place: `withMemories`
            case .global(let global):
                state.globals[name] = Self.diffValue(global.get())
            case .table(let table):
                state.tables?[name] = (0..<table.size).map { table.get($0).map(Self.diffValue) ?? .funcref(isNull: true) }
            case .function:
                break
            }
        }
        state.fuel = fuelEnabled ? try? store.getFuel() : nil
        state.hostCalls = hostCalls
        return state
    }

    func withMemories<R>(_ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
        var memories: [(String, Memory)] = []
        for (name, value) in instance?.exports ?? [] {
            if case .memory(let memory) = value { memories.append((name, memory)) }
        }
        return Self.lend(memories[...], [:], body)
    }

    private static func lend<R>(_ items: ArraySlice<(String, Memory)>, _ lent: [String: UnsafeRawBufferPointer],
                                _ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
        guard let (name, memory) = items.first else { return body(lent) }
        return memory.withUnsafeBytes { bytes in
            var lent = lent
            lent[name] = bytes
            return lend(items.dropFirst(), lent, body)
        }
    }

    static func outcome(of error: Error) -> CallOutcome {
        if let trap = error as? Trap {
            switch trap.kind {
            case .callStackExhausted: return .stackExhausted
            case .unreachable: return .trapped(.unreachable, message: trap.message)
            case .integerDivideByZero: return .trapped(.integerDivideByZero, message: trap.message)
            case .integerOverflow: return .trapped(.integerOverflow, message: trap.message)
            case .invalidConversionToInteger: return .trapped(.invalidConversionToInteger, message: trap.message)
            case .outOfBoundsMemoryAccess: return .trapped(.outOfBoundsMemoryAccess, message: trap.message)
            case .outOfBoundsTableAccess, .undefinedElement: return .trapped(.tableBounds, message: trap.message)
            case .uninitializedElement: return .trapped(.uninitializedElement, message: trap.message)
            case .indirectCallTypeMismatch: return .trapped(.indirectCallTypeMismatch, message: trap.message)
            case .interrupt: return .trapped(.interrupt, message: trap.message)
            case .outOfFuel: return .trapped(.outOfFuel, message: trap.message)
            case .hostError: return .trapped(.hostError, message: trap.message)
            }
        }
        return .rejected("\(error)")
    }

    static func value(from value: DiffValue) -> Value {
        switch value {
        case .i32(let v): return .i32(Int32(bitPattern: v))
        case .i64(let v): return .i64(Int64(bitPattern: v))
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .funcref: return .funcref(nil)
        case .externref(let v): return .externref(v)
        }
    }

    static func diffValue(_ value: Value) -> DiffValue {
        switch value {
        case .i32(let v): return .i32(UInt32(bitPattern: v))
        case .i64(let v): return .i64(UInt64(bitPattern: v))
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .funcref(let f): return .funcref(isNull: f == nil)
        case .externref(let v): return .externref(v)
        }
    }
}

/// A flag one thread sets and another reads.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock(); defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock(); value = true; lock.unlock()
    }
}
