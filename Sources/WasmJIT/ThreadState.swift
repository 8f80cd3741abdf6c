import WasmRuntime

extension JITBackend {
    /// Prepares the calling thread for running JIT code: maps one wasm stack of
    /// `maxWasmStack` bytes into the thread's `ThreadStackCache` (unless one is cached), so the
    /// first store that runs wasm on this thread does not map it.
    public static func prepareCurrentThread(maxWasmStack: Int) {
        WasmStack.prefillThreadCache(maxWasmStack: maxWasmStack)
    }

    /// Number of wasm stacks of `maxWasmStack` bytes cached on the calling thread.
    public static func cachedStacksOnCurrentThread(maxWasmStack: Int) -> Int {
        ThreadStackCache.current.count(WasmStackMapping.self, size: maxWasmStack)
    }
}
