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
///
/// The buffers are reused: they come from the calling thread's `ThreadStackCache` when buffers
/// of the same size are cached, and go back to the cache of the thread that frees this stack.
final class ExecutionStack {
    static let frameOverhead = 32
    let maxBytes: Int
    let buffers: ExecutionStackBuffers
    let slots: UnsafeMutablePointer<UInt64>
    let slotCapacity: Int
    let frames: UnsafeMutablePointer<Frame>
    let frameCapacity: Int
    var frameCount = 0
    /// First free slot: where a new entry from the host starts its frame.
    var top: UnsafeMutablePointer<UInt64>

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
        buffers = ThreadStackCache.current.take(ExecutionStackBuffers.self, size: maxBytes)
            ?? ExecutionStackBuffers(maxBytes: maxBytes)
        slots = buffers.slots
        slotCapacity = buffers.slotCapacity
        frames = buffers.frames
        frameCapacity = buffers.frameCapacity
        top = slots
    }

    deinit { ThreadStackCache.current.put(buffers, size: maxBytes) }

    /// Whether a frame of `frameSize` slots at `fp` fits, with `frameCount + 1` frames live.
    @inline(__always)
    func fits(fp: UnsafeMutablePointer<UInt64>, frameSize: Int) -> Bool {
        let used = (fp - slots + frameSize) &* 8 &+ (frameCount &+ 1) &* ExecutionStack.frameOverhead
        return used <= maxBytes
    }
}

/// The memory of an `ExecutionStack`: the slot and frame buffers for `maxBytes` of stack.
final class ExecutionStackBuffers {
    let slots: UnsafeMutablePointer<UInt64>
    let slotCapacity: Int
    let frames: UnsafeMutablePointer<Frame>
    let frameCapacity: Int

    init(maxBytes: Int) {
        slotCapacity = maxBytes / 8 + 1
        frameCapacity = maxBytes / ExecutionStack.frameOverhead + 1
        slots = .allocate(capacity: slotCapacity)
        frames = .allocate(capacity: frameCapacity)
    }

    deinit {
        slots.deallocate()
        frames.deallocate()
    }
}

/// Backing for the memory context of instances without a memory (size 0: every access traps).
nonisolated(unsafe) let emptyMemoryContext: UnsafeMutablePointer<MemoryContext> = {
    let p = UnsafeMutablePointer<MemoryContext>.allocate(capacity: 1)
    p.initialize(to: MemoryContext(base: UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8), size: 0))
    return p
}()
