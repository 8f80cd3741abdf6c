import WasmCore

/// Little-endian loads and stores at an already bounds-checked address. The engine only
/// targets little-endian hosts (x86-64, arm64), so native unaligned loads are wasm loads.
enum MemoryAccess {
    @inline(__always)
    static func load(_ op: LoadOp, _ p: UnsafeMutableRawPointer) -> UInt64 {
        switch op {
        case .i32Load, .f32Load, .i64Load32U: return UInt64(p.loadUnaligned(as: UInt32.self))
        case .i64Load, .f64Load: return p.loadUnaligned(as: UInt64.self)
        case .i32Load8S: return UInt64(UInt32(bitPattern: Int32(p.load(as: Int8.self))))
        case .i32Load8U, .i64Load8U: return UInt64(p.load(as: UInt8.self))
        case .i32Load16S: return UInt64(UInt32(bitPattern: Int32(p.loadUnaligned(as: Int16.self))))
        case .i32Load16U, .i64Load16U: return UInt64(p.loadUnaligned(as: UInt16.self))
        case .i64Load8S: return UInt64(bitPattern: Int64(p.load(as: Int8.self)))
        case .i64Load16S: return UInt64(bitPattern: Int64(p.loadUnaligned(as: Int16.self)))
        case .i64Load32S: return UInt64(bitPattern: Int64(p.loadUnaligned(as: Int32.self)))
        }
    }

    @inline(__always)
    static func store(_ op: StoreOp, _ p: UnsafeMutableRawPointer, _ v: UInt64) {
        switch op {
        case .i32Store, .f32Store, .i64Store32: p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        case .i64Store, .f64Store: p.storeBytes(of: v, as: UInt64.self)
        case .i32Store8, .i64Store8: p.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case .i32Store16, .i64Store16: p.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
        }
    }
}
