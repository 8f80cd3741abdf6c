import WasmRuntime

extension Interpreter {
    /// Prepares the calling thread for interpretation: allocates one execution stack's buffers
    /// for `maxWasmStack` bytes into the thread's `ThreadStackCache` (unless some are cached),
    /// so the first store that runs wasm on this thread does not allocate them.
    public static func prepareCurrentThread(maxWasmStack: Int) {
        let cache = ThreadStackCache.current
        guard cache.count(ExecutionStackBuffers.self, size: maxWasmStack) == 0 else { return }
        cache.put(ExecutionStackBuffers(maxBytes: maxWasmStack), size: maxWasmStack)
    }

    /// Number of execution stacks of `maxWasmStack` bytes cached on the calling thread.
    public static func cachedStacksOnCurrentThread(maxWasmStack: Int) -> Int {
        ThreadStackCache.current.count(ExecutionStackBuffers.self, size: maxWasmStack)
    }
}
