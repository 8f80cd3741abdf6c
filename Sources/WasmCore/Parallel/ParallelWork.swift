#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
private import Dispatch

/// Runs independent work items on a few threads: the engine's parallel compilation
/// (`Config.parallelCompilation`) decodes, validates and compiles function bodies with it.
public enum ParallelWork {
    /// Threads worth using on this machine: the online processors (at least 1, at most 64).
    public static let availableWorkers: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return Swift.min(Swift.max(Int(n), 1), 64)
    }()

    /// Calls `body(&state, index)` once for every index in `0..<count`, on up to `workers`
    /// threads (the calling thread is one of them), and returns when all calls have returned.
    /// Each thread makes its own `state` with `makeState` (per-thread buffers reused from one
    /// item to the next) and takes the next unclaimed index from a shared counter, so a thread
    /// that drew small items takes more of them. With `workers <= 1` or `count <= 1`
    /// everything runs on the calling thread, in index order.
    ///
    /// `makeState` and `body` run concurrently on several threads: whatever they share must be
    /// immutable or safe to use from several threads (the callers' own check; see
    /// `ParallelDecoding.swift`, `ModuleCompiler+Parallel.swift`).
    public static func forEach<State: ~Copyable>(
        count: Int, workers: Int, makeState: () -> State, _ body: (inout State, Int) -> Void
    ) {
        guard count > 0 else { return }
        let threads = Swift.min(workers, count)
        guard threads > 1 else {
            var state = makeState()
            for i in 0..<count { body(&state, i) }
            return
        }
        let next = WorkCounter()
        withoutActuallyEscaping(makeState) { makeState in
            withoutActuallyEscaping(body) { body in
                // The closures are not `Sendable` (see above); `concurrentPerform` returns only
                // after its last call, so they do not outlive this call.
                let work = UncheckedWork(makeState: makeState, body: body)
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    var state = work.makeState()
                    while true {
                        let i = next.take()
                        guard i < count else { return }
                        work.body(&state, i)
                    }
                }
            }
        }
    }
}

extension ParallelWork {
    /// `body(&state, i)` for every `i` in `0..<count`, run as `forEach` runs it, with the results
    /// in index order. Throws the error of the lowest index that failed: what calling `body` for
    /// one index after the other would have thrown first.
    public static func map<State: ~Copyable, Element>(
        count: Int, workers: Int, makeState: () -> State, _ body: (inout State, Int) throws -> Element
    ) throws -> [Element] {
        let slots = ResultSlots<Element>(count: count)
        let errors = ResultSlots<any Error>(count: count)
        forEach(count: count, workers: workers, makeState: makeState) { state, i in
            do { slots.set(i, try body(&state, i)) } catch { errors.set(i, error) }
        }
        for i in 0..<count { if let error = errors.take(i) { throw error } }
        // The results are moved out of their slots, not copied (a copy retains every reference
        // a result holds, from the thread that did not make it).
        var results: [Element] = []
        results.reserveCapacity(count)
        for i in 0..<count {
            guard let value = slots.take(i) else { preconditionFailure("ParallelWork.forEach skipped an item") }
            results.append(value)
        }
        return results
    }
}

/// The next unclaimed item index, shared by the threads of one `ParallelWork.forEach` call.
/// A mutex rather than an atomic: the `Synchronization` module's atomics leak their extensions
/// into client modules that use `swift-atomics` (ambiguous `AtomicRepresentation`), and one
/// uncontended lock per function body is noise next to compiling it.
private final class WorkCounter: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var next = 0

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Claims the next index.
    func take() -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let i = next
        next += 1
        return i
    }
}

/// The closures of one `ParallelWork.forEach` call, handed to its threads.
private struct UncheckedWork<State: ~Copyable>: @unchecked Sendable {
    let makeState: () -> State
    let body: (inout State, Int) -> Void
}

/// A fixed number of result slots that `ParallelWork.forEach` items fill, each item its own slot.
///
/// The one unsafe part of parallel compilation: the slots are written through a raw buffer
/// from several threads at once. That is safe because every index is claimed by exactly one
/// item (each slot is written by one thread only) and `forEach` returns only after every
/// thread finished, which orders the writes before `take()` reads them.
public final class ResultSlots<Element>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Element?>

    public init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    public var count: Int { buffer.count }

    /// Stores the result of item `index` (called by that item only).
    public func set(_ index: Int, _ value: Element) {
        precondition(index >= 0 && index < buffer.count, "result slot out of range")
        buffer[index] = value
    }

    /// The result of item `index` (nil if it stored none), moved out: its slot is left empty.
    public func take(_ index: Int) -> Element? {
        precondition(index >= 0 && index < buffer.count, "result slot out of range")
        let value = buffer.moveElement(from: index)
        buffer.initializeElement(at: index, to: nil)
        return value
    }

    /// The results in index order, nil for the items that stored none; the slots are emptied.
    public func take() -> [Element?] {
        var out: [Element?] = []
        out.reserveCapacity(buffer.count)
        for i in buffer.indices { out.append(take(i)) }
        return out
    }
}
