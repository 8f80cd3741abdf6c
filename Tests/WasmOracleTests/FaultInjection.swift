import WasmCore
@testable import WasmOracle

/// A deliberately wrong engine: wraps a correct one and breaks one thing, to prove the oracle
/// notices and classifies it.
final class FaultyEngine: DiffEngine {
    enum Fault {
        /// Adds one to every i32 result.
        case wrongResult
        /// Reports integer divide by zero as integer overflow.
        case wrongTrapKind
        /// Loses every write to memory byte 16 (it always reads back 0).
        case lostMemoryWrite
        /// Ignores the epoch deadline.
        case missedEpochInterruption
    }

    let inner: any DiffEngine
    let fault: Fault
    var name: String { "faulty-\(inner.name)" }

    init(_ inner: any DiffEngine, fault: Fault) {
        self.inner = inner
        self.fault = fault
    }

    func unsupportedReason(for options: RunOptions) -> String? { inner.unsupportedReason(for: options) }

    func instantiate(_ bytes: [UInt8], module: ModuleDefinition, options: RunOptions) -> (CallOutcome, (any DiffInstance)?) {
        var options = options
        if fault == .missedEpochInterruption { options.epochDeadline = nil }
        let (outcome, instance) = inner.instantiate(bytes, module: module, options: options)
        return (outcome, instance.map { FaultyInstance(inner: $0, fault: fault) })
    }
}

final class FaultyInstance: DiffInstance {
    func incrementEpoch() { inner.incrementEpoch() }
    let inner: any DiffInstance
    let fault: FaultyEngine.Fault

    init(inner: any DiffInstance, fault: FaultyEngine.Fault) {
        self.inner = inner
        self.fault = fault
    }

    var lastTrapLocation: String? { inner.lastTrapLocation }

    func call(_ name: String, _ arguments: [DiffValue]) -> CallOutcome {
        let outcome = inner.call(name, arguments)
        switch (fault, outcome) {
        case (.wrongResult, .returned(let values)):
            return .returned(values.map { if case .i32(let v) = $0 { return .i32(v &+ 1) } else { return $0 } })
        case (.wrongTrapKind, .trapped(.integerDivideByZero, let message)):
            return .trapped(.integerOverflow, message: message)
        default:
            return outcome
        }
    }

    func snapshot() -> StateSnapshot {
        var state = inner.snapshot()
        if fault == .lostMemoryWrite {
            for (name, var bytes) in state.memories where bytes.count > 16 {
                bytes[16] = 0
                state.memories[name] = bytes
            }
        }
        return state
    }
}
