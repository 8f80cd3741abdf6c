import WasmCore
import WasmRuntime

/// A saved caller frame.
struct Frame {
    var returnPC: UnsafeMutablePointer<Op>
    var fp: UnsafeMutablePointer<UInt64>
    var function: Unmanaged<CompiledFunction>
    var instance: Unmanaged<ModuleInstance>
}

/// The interpreter's per-store stacks: one slot stack shared by all frames (a callee's frame
/// starts at its caller's argument slots) and a frame stack; wasm→wasm calls never recurse
/// on the native stack.
///
/// Stack accounting against `Config.maxWasmStack`: every live frame counts 8 bytes per slot of
/// its frame (parameters, locals, deepest operand stack, plus one) plus `frameOverhead` bytes.
/// A call whose frame would exceed the limit traps with "call stack exhausted".
final class ExecutionStack {
    static let frameOverhead = 32
    let maxBytes: Int
    let slots: UnsafeMutablePointer<UInt64>
    let slotCapacity: Int
    let frames: UnsafeMutablePointer<Frame>
    let frameCapacity: Int
    var frameCount = 0
    /// First free slot: where a new entry from the host starts its frame.
    var top: UnsafeMutablePointer<UInt64>

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
        slotCapacity = maxBytes / 8 + 1
        frameCapacity = maxBytes / ExecutionStack.frameOverhead + 1
        slots = .allocate(capacity: slotCapacity)
        frames = .allocate(capacity: frameCapacity)
        top = slots
    }

    deinit {
        slots.deallocate()
        frames.deallocate()
    }

    /// Whether a frame of `frameSize` slots at `fp` fits, with `frameCount + 1` frames live.
    @inline(__always)
    func fits(fp: UnsafeMutablePointer<UInt64>, frameSize: Int) -> Bool {
        let used = (fp - slots + frameSize) &* 8 &+ (frameCount &+ 1) &* ExecutionStack.frameOverhead
        return used <= maxBytes
    }
}

/// Backing for the memory context of instances without a memory (size 0: every access traps).
nonisolated(unsafe) let emptyMemoryContext: UnsafeMutablePointer<MemoryContext> = {
    let p = UnsafeMutablePointer<MemoryContext>.allocate(capacity: 1)
    p.initialize(to: MemoryContext(base: UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8), size: 0))
    return p
}()
