import WasmFuzzing

/// libFuzzer entry point of `smith_jit`: the logic is FuzzTargets.run in WasmFuzzing.
@_cdecl("LLVMFuzzerTestOneInput")
public func smithJitTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let failure = FuzzTargets.run("smith_jit", Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(failure)
    }
    return 0
}
