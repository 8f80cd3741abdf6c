#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small per-thread pool of execution stacks (the JIT's mapped wasm stacks, the interpreter's
/// slot and frame buffers), so that stores created and dropped one after another on a thread
/// reuse one stack instead of mapping, faulting in and unmapping a new one each time.
///
/// A store takes a stack of its size from the pool of the thread that first runs wasm in it,
/// and gives it back to the pool of the thread that drops it. Each pool keeps at most
/// `capacity` stacks per kind and size; extra ones are freed. A thread's pool is freed when
/// the thread exits. `Engine.tlsEagerInitialize()` fills the calling thread's pool ahead of time.
public final class ThreadStackCache {
    /// Stacks kept per kind and size on one thread.
    public static let capacity = 2

    private struct Key: Hashable {
        let kind: ObjectIdentifier
        let size: Int
    }

    private var stacks: [Key: [AnyObject]] = [:]

    /// The calling thread's pool, created on first use.
    public static var current: ThreadStackCache {
        let key = threadKey
        if let p = pthread_getspecific(key) {
            return Unmanaged<ThreadStackCache>.fromOpaque(p).takeUnretainedValue()
        }
        let cache = ThreadStackCache()
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }

    /// The thread-specific key; its destructor releases a thread's pool when the thread exits.
    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { p in
            // Runs on the exiting thread; freeing the pool frees its stacks.
            #if canImport(Darwin)
            Unmanaged<ThreadStackCache>.fromOpaque(p).release()
            #else
            if let p { Unmanaged<ThreadStackCache>.fromOpaque(p).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    /// Takes a cached stack of class `type` and `size`, if there is one.
    public func take<T: AnyObject>(_ type: T.Type, size: Int) -> T? {
        let key = Key(kind: ObjectIdentifier(type), size: size)
        guard let stack = stacks[key]?.popLast() else { return nil }
        return stack as? T
    }

    /// Keeps `stack` for reuse; returns false (and keeps nothing) when the pool is full.
    @discardableResult
    public func put<T: AnyObject>(_ stack: T, size: Int) -> Bool {
        let key = Key(kind: ObjectIdentifier(T.self), size: size)
        guard stacks[key, default: []].count < Self.capacity else { return false }
        stacks[key, default: []].append(stack)
        return true
    }

    /// Number of cached stacks of class `type` and `size`.
    public func count<T: AnyObject>(_ type: T.Type, size: Int) -> Int {
        stacks[Key(kind: ObjectIdentifier(type), size: size)]?.count ?? 0
    }

    /// Frees every stack cached on this thread (for a thread about to idle, or to measure).
    public func removeAll() { stacks.removeAll() }

    /// Number of cached stacks of any kind.
    public var totalCount: Int { stacks.values.reduce(0) { $0 + $1.count } }
}
