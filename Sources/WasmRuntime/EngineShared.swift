import Atomics
import WasmCore

/// Engine-wide state the backends read: the settings that change generated code and the epoch counter.
public final class EngineShared: @unchecked Sendable {
    public let features: Features
    public let epochInterruption: Bool
    public let consumeFuel: Bool
    /// Largest wasm stack in bytes (see `ExecutionLimits` for how frames are counted).
    public let maxWasmStack: Int
    /// The epoch: one atomic add per increment, safe from any thread or a signal handler.
    public let epoch: UnsafeAtomic<UInt64>
    /// The epoch counter's storage, at a stable address so compiled code can load it directly
    /// (an aligned 8-byte load is atomic on x86-64).
    public let epochAddress: UnsafeMutablePointer<UInt64.AtomicRepresentation>

    public init(features: Features, epochInterruption: Bool, consumeFuel: Bool, maxWasmStack: Int) {
        self.features = features
        self.epochInterruption = epochInterruption
        self.consumeFuel = consumeFuel
        self.maxWasmStack = maxWasmStack
        epochAddress = .allocate(capacity: 1)
        epochAddress.initialize(to: UInt64.AtomicRepresentation(0))
        epoch = UnsafeAtomic(at: epochAddress)
    }

    deinit {
        epochAddress.deinitialize(count: 1)
        epochAddress.deallocate()
    }

    @inline(__always) public func incrementEpoch() { epoch.wrappingIncrement(ordering: .relaxed) }
    @inline(__always) public var currentEpoch: UInt64 { epoch.load(ordering: .relaxed) }
}
