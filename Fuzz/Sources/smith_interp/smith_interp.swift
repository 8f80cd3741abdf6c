import WasmFuzzing

/// libFuzzer entry point of `smith_interp`: the logic is FuzzTargets.run in WasmFuzzing.
@_cdecl("LLVMFuzzerTestOneInput")
public func smithInterpTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let failure = FuzzTargets.run("smith_interp", Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(failure)
    }
    return 0
}
