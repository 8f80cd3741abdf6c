import WasmRuntime

/// Bounds-checked accesses to a linear memory: the one definition of "the `width` bytes at
/// `address + offset`, or nothing when they are not all inside the memory" that the execution
/// loop's `switch` (Machine.swift) and the threaded handlers generated from it share. A case
/// uses them in one idiom, the out-of-bounds trap at its own op:
///
///     guard let v = mem.pointee.load(UInt32.self, at: address, offset: offset) else { throw trap(.outOfBoundsMemoryAccess, pc) }
///
/// which Utilities/gen-threaded-handlers.py turns into the handler's trap exit (it rewrites
/// `mem.pointee` and the `throw`; it rejects any other way of reaching memory 0's bytes).
/// `address` is the wasm address operand (32 bits), `offset` the static offset; their sum is
/// taken in 64 bits, so it never wraps.
extension MemoryContext {
    /// The first of the `width` bytes at `address + offset`, when all of them are in bounds.
    @inline(__always)
    func checkedPointer(at address: UInt32, offset: UInt32 = 0, width: Int) -> UnsafeMutableRawPointer? {
        let ea = UInt64(address) &+ UInt64(offset)
        guard ea &+ UInt64(width) <= size else { return nil }
        return base + Int(ea)
    }

    /// The little-endian `T` at `address + offset`, or nil when it is out of bounds.
    @inline(__always)
    func load<T: FixedWidthInteger>(_: T.Type, at address: UInt32, offset: UInt32 = 0) -> T? {
        checkedPointer(at: address, offset: offset, width: MemoryLayout<T>.size)?.loadUnaligned(as: T.self)
    }

    /// Stores `value` at `address + offset`; false (nothing written) when it is out of bounds.
    @inline(__always)
    func store<T: FixedWidthInteger>(at address: UInt32, offset: UInt32 = 0, _ value: T) -> Bool {
        guard let p = checkedPointer(at: address, offset: offset, width: MemoryLayout<T>.size) else { return false }
        p.storeBytes(of: value, as: T.self)
        return true
    }
}
