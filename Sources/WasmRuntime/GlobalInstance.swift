import WasmCore

/// A global instance (core spec §4.2.9). The value lives in a heap cell at a stable address
/// (`cell`) so compiled code can read and write it directly.
public final class GlobalInstance {
    public let type: GlobalType
    public let cell: UnsafeMutablePointer<UInt64>

    public init(type: GlobalType, value: UInt64) {
        self.type = type
        cell = .allocate(capacity: 1)
        cell.initialize(to: value)
    }

    deinit { cell.deallocate() }

    public var value: UInt64 {
        get { cell.pointee }
        set { cell.pointee = newValue }
    }
}
