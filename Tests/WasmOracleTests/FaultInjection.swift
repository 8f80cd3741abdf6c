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

    func snapshot() -> StateSnapshot { inner.snapshot() }

    func withMemories<R>(_ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
        guard fault == .lostMemoryWrite else { return inner.withMemories(body) }
        // Copies with byte 16 cleared, lent in place.
        let copies = inner.withMemories { memories in
            memories.mapValues { bytes -> [UInt8] in
                var copy = Array(bytes)
                if copy.count > 16 { copy[16] = 0 }
                return copy
            }
        }
        return lendMemories(copies.sorted { $0.key < $1.key }[...], [:], body)
    }
}
