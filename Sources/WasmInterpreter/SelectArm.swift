import Synchronization

extension UnsafeMutablePointer where Pointee == UInt64 {
    /// Slot `i`, read for an arm of a `select`. A relaxed atomic load (a plain `mov` on x86-64)
    /// that code generation does not fold into the conditional move: x86 turns a conditional
    /// move with a memory operand into a branch, mispredicted half the time on the
    /// unpredictable conditions C compilers emit `select` for. Slots are only accessed by the
    /// thread running the frame; the atomic view changes nothing but the instruction choice.
    @inline(__always)
    func selectArm(_ i: Int) -> UInt64 {
        UnsafeMutableRawPointer(self + i).assumingMemoryBound(to: Atomic<UInt64>.self).pointee.load(ordering: .relaxed)
    }
}
