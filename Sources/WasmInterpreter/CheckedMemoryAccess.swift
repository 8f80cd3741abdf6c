import WasmRuntime

/// Bounds-checked accesses to a linear memory: the one definition of "the `width` bytes at
/// `address + offset`, or nothing when they are not all inside the memory" that the execution
/// loop's `switch` (Machine.swift) and the threaded handlers generated from it share. A case
/// uses them in one idiom, the out-of-bounds trap at its own op:
///
///     guard let v = checkedLoad(UInt32.self, at: address, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
///
/// which Utilities/gen-threaded-handlers.py turns into the handler's trap exit (it rewrites
/// `mem.pointee` and the `throw`; it rejects any other way of reaching memory 0's bytes).
/// `address` is the wasm address operand (32 bits), `offset` the static offset; their sum is
/// taken in 64 bits, so it never wraps. The memory comes last so that a handler reads memory
/// 0's size from its context after the operands (as the hand-written checks did: reading it
/// first keeps one more register live across the address computation).

/// The first of the `width` bytes at `address + offset` of `memory`, when all of them are in bounds.
@inline(__always)
func checkedPointer(at address: UInt32, offset: UInt32 = 0, width: Int, in memory: MemoryContext) -> UnsafeMutableRawPointer? {
    let ea = UInt64(address) &+ UInt64(offset)
    guard ea &+ UInt64(width) <= memory.size else { return nil }
    return memory.base + Int(ea)
}

/// The little-endian `T` at `address + offset` of `memory`, or nil when it is out of bounds.
@inline(__always)
func checkedLoad<T: FixedWidthInteger>(_: T.Type, at address: UInt32, offset: UInt32 = 0, in memory: MemoryContext) -> T? {
    checkedPointer(at: address, offset: offset, width: MemoryLayout<T>.size, in: memory)?.loadUnaligned(as: T.self)
}

/// Stores `value` at `address + offset` of `memory`; false (nothing written) when it is out of bounds.
@inline(__always)
func checkedStore<T: FixedWidthInteger>(at address: UInt32, offset: UInt32 = 0, _ value: T, in memory: MemoryContext) -> Bool {
    guard let p = checkedPointer(at: address, offset: offset, width: MemoryLayout<T>.size, in: memory) else { return false }
    p.storeBytes(of: value, as: T.self)
    return true
}
