/// The validator's operand stack of type codes (`ValueType.byte` or `OperandCode.unknown`).
///
/// A growable byte buffer owned by exactly one validation run: being non-copyable, it needs no
/// copy-on-write uniqueness check on every push and pop, which an `[UInt8]` pays (the validator's
/// hottest path). This is the validator's one piece of manual memory management: `base` holds
/// `capacity` bytes, the first `count` of them initialized; every access is checked against
/// `count`.
struct OperandStack: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Number of operands on the stack.
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func append(_ code: UInt8) {
        if count == capacity { grow() }
        base[count] = code
        count += 1
    }

    /// Removes and returns the top operand; the stack must not be empty.
    @inline(__always)
    mutating func removeLast() -> UInt8 {
        precondition(count > 0, "pop from an empty operand stack")
        count -= 1
        return base[count]
    }

    /// Removes the top `n` operands (`0 <= n <= count`).
    @inline(__always)
    mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count, "operand stack underflow")
        count -= n
    }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "operand index out of range")
        return base[index]
    }

    /// Doubles the capacity, keeping the operands.
    @inline(never)
    private mutating func grow() {
        let (newCapacity, overflow) = capacity.multipliedReportingOverflow(by: 2)
        precondition(!overflow, "operand stack too large")
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
