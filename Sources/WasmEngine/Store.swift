import WasmCore
import WasmRuntime

/// Holds all wasm objects of one instantiation graph; not thread-safe.
public final class Store {
    let engineValue: Engine
    let state: StoreState
    /// The async call in progress, if any (see `callAsync`).
    let asyncCall = AsyncCallState()
    /// User data for host functions.
    public var data: Any?

    public init(_ engine: Engine, data: Any? = nil) {
        engineValue = engine
        state = StoreState(engine: engine.box.shared, backend: engine.box.backend)
        self.data = data
    }

    public var engine: Engine { engineValue }

    /// Sets the deadline `ticks` epochs after the current one.
    public func setEpochDeadline(_ ticks: UInt64) {
        let (d, o) = engineValue.currentEpoch.addingReportingOverflow(ticks)
        state.epochDeadline = o ? UInt64.max : d
    }

    /// At the deadline, trap (the default).
    public func epochDeadlineTrap() {
        state.epochCallback = nil
        state.asyncYieldDelta = nil
    }

    /// At the deadline, call `callback` to decide (throwing traps with `.interrupt`).
    public func epochDeadlineCallback(_ callback: @escaping (Store) throws -> EpochDeadlineAction) {
        state.asyncYieldDelta = nil
        state.epochCallback = { [unowned self] in
            switch try callback(self) {
            case .continueWith(let delta): return delta
            case .trap: return nil
            }
        }
    }

    /// Sets the remaining fuel. Throws when `Config.consumeFuel` is off.
    public func setFuel(_ fuel: UInt64) throws {
        guard engineValue.config.consumeFuel else { throw EngineError("fuel is not enabled: set Config.consumeFuel") }
        state.fuel = fuel
    }

    /// The remaining fuel. Throws when `Config.consumeFuel` is off.
    public func getFuel() throws -> UInt64 {
        guard engineValue.config.consumeFuel else { throw EngineError("fuel is not enabled: set Config.consumeFuel") }
        return state.fuel
    }
}

/// Passed to host functions: the calling instance's context.
public struct Caller {
    public let store: Store
    let instance: ModuleInstance?

    /// The calling instance's export of that name, if any (e.g. its memory).
    public func export(_ name: String) -> Extern? {
        instance?.export(name).map { Extern($0, store: store) }
    }
}
