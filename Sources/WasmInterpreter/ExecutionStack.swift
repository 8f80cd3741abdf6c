import WasmCore
import WasmRuntime

/// A saved caller frame: where to return, the caller's frame pointer and code (its function is
/// `CompiledFunction.owner(of: code)`), and a link word: the caller's instance when the call
/// switched instances, otherwise the return point's handler (a threaded `ret` jumps to it
/// without first loading it from the caller's code: one dependent load less per return).
struct Frame {
    /// The return point's address, with bit 0 set when the caller's instance differs from the
    /// callee's (`link` then holds that instance; otherwise it holds the return point's handler).
    var returnPoint: UInt
    var fp: UnsafeMutablePointer<UInt64>
    var code: ThreadedPC
    /// The caller's instance (switching calls) or the return point's handler (the others).
    var link: UnsafeRawPointer?

    static let switchesInstance: UInt = 1

    /// Writes the frame of a call within one instance at `slot`.
    @inline(__always)
    static func push(_ slot: UnsafeMutablePointer<Frame>, returnPC: ThreadedPC, fp: UnsafeMutablePointer<UInt64>, code: ThreadedPC) {
        slot.pointee.returnPoint = UInt(bitPattern: returnPC)
        slot.pointee.fp = fp
        slot.pointee.code = code
        // The code is immutable once threaded, so the handler stays the return point's.
        slot.pointee.link = unsafeBitCast(returnPC.pointee.handler, to: UnsafeRawPointer.self)
    }

    /// The caller's instance of a call that switched instances (nil for the others).
    @inline(__always)
    var instance: Unmanaged<ModuleInstance>? {
        get {
            guard switchedInstance, let link else { return nil }
            return Unmanaged.fromOpaque(link)
        }
        set { link = newValue.map { UnsafeRawPointer($0.toOpaque()) } }
    }

    /// The return point's handler (frames of calls within one instance).
    @inline(__always)
    var returnHandler: ThreadedHandler {
        // Written by `push` from a handler (never null) for every frame without the tag bit.
        unsafeBitCast(link.unsafelyUnwrapped, to: ThreadedHandler.self)
    }

    /// Whether the caller runs in another instance (held in `instance`).
    @inline(__always)
    var switchedInstance: Bool { returnPoint & Frame.switchesInstance != 0 }

    /// The return point.
    @inline(__always)
    var returnPC: ThreadedPC {
        // Set from a `ThreadedPC` (never null).
        ThreadedPC(bitPattern: returnPoint & ~Frame.switchesInstance).unsafelyUnwrapped
    }
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
    /// Resolved `call_indirect` targets (see `IndirectCallCache`).
    let indirectCalls = IndirectCallCache()
    /// The context of threaded handlers, shared by the activations on this stack (each sets
    /// it before running threaded code).
    let threadedContext: ThreadedContextPointer

    init(maxBytes: Int) {
        // Threaded calls count a frame's overhead as its frame entry (`ThreadedContext.frameTop`).
        assert(MemoryLayout<Frame>.stride == ExecutionStack.frameOverhead)
        self.maxBytes = maxBytes
        buffers = ThreadStackCache.current.take(ExecutionStackBuffers.self, size: maxBytes)
            ?? ExecutionStackBuffers(maxBytes: maxBytes)
        slots = buffers.slots
        slotCapacity = buffers.slotCapacity
        frames = buffers.frames
        frameCapacity = buffers.frameCapacity
        top = slots
        // Initialized by each activation before its first threaded run.
        threadedContext = .allocate(capacity: 1)
    }

    deinit {
        threadedContext.deallocate()
        ThreadStackCache.current.put(buffers, size: maxBytes)
    }

    /// Whether a frame of `frameSize` slots at `fp` fits, with `frameCount + 1` frames live.
    @inline(__always)
    func fits(fp: UnsafeMutablePointer<UInt64>, frameSize: Int) -> Bool {
        let used = (fp - slots + frameSize) &* 8 &+ (frameCount &+ 1) &* ExecutionStack.frameOverhead
        return used <= maxBytes
    }

    /// The bound of `fits` as an address: a frame of `frameBytes` at `fp` fits, with `depth + 1`
    /// frames live, when `fp + frameBytes + depth * frameOverhead <= stackLimit` (the same
    /// accounting in bytes: no pointer difference to scale at every call).
    var stackLimit: Int { Int(bitPattern: slots) &+ maxBytes &- ExecutionStack.frameOverhead }

    /// `fits` against a `stackLimit`.
    @inline(__always)
    static func fits(_ fp: UnsafeMutablePointer<UInt64>, frameBytes: Int, depth: Int, limit: Int) -> Bool {
        Int(bitPattern: fp) &+ frameBytes &+ depth &* frameOverhead <= limit
    }
}

/// A direct-mapped cache of `call_indirect` resolutions for one store: (calling instance, type
/// index, table element) → the wasm callee and its instance. An entry stays valid for the life
/// of the store: function instances never change, a type index of an instance always names the
/// same store type, and instances live as long as their store. The table element itself is
/// read (and bounds-checked) at every call, so table mutations need no invalidation.
final class IndirectCallCache {
    struct Entry {
        var caller: UnsafeMutableRawPointer?
        var typeIndex: UInt32 = 0
        /// The funcref slot (store address + 1); 0 marks an empty entry (null never resolves).
        var ref: UInt64 = 0
        var function: UnsafeMutableRawPointer?
        var instance: UnsafeMutableRawPointer?
        /// `function`'s code and frame size when its calls write no entry slot (icalls8:
        /// `t_callIndirect` then enters it without reading the function), else nil.
        var code: ThreadedPC?
        var frameBytes = 0

        /// Whether this entry holds the resolution of element `ref` called with `typeIndex`
        /// from the instance `caller`.
        @inline(__always)
        func resolves(_ ref: UInt64, _ typeIndex: UInt32, from caller: UnsafeMutableRawPointer) -> Bool {
            self.ref == ref && self.typeIndex == typeIndex && self.caller == caller
        }
    }

    /// Element `i` of `table`, or nil past its end; read in place (a copy of the element array
    /// would cost a retain and a release).
    @inline(__always)
    static func element(_ i: UInt32, of table: Unmanaged<TableInstance>) -> UInt64? {
        table._withUnsafeGuaranteedRef { tb in Int(i) < tb.elements.count ? tb.elements[Int(i)] : nil }
    }

    static let size = 256
    let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: IndirectCallCache.size)
        entries.initialize(repeating: Entry(), count: IndirectCallCache.size)
    }

    deinit { entries.deallocate() }

    /// The entry `ref` maps to.
    @inline(__always)
    func entry(_ ref: UInt64, _ typeIndex: UInt32) -> UnsafeMutablePointer<Entry> {
        IndirectCallCache.entry(in: entries, ref, typeIndex)
    }

    /// The entry `ref` maps to in the cache whose entries are `entries`.
    @inline(__always)
    static func entry(in entries: UnsafeMutablePointer<Entry>, _ ref: UInt64, _ typeIndex: UInt32) -> UnsafeMutablePointer<Entry> {
        entries + Int(truncatingIfNeeded: (ref &+ UInt64(typeIndex) &* 31) & UInt64(IndirectCallCache.size - 1))
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
