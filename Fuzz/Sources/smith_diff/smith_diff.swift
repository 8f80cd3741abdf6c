import WasmFuzzing

/// libFuzzer entry point of `smith_diff`: the logic is FuzzTargets.run in WasmFuzzing.
@_cdecl("LLVMFuzzerTestOneInput")
public func smithDiffTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let failure = FuzzTargets.run("smith_diff", Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(failure)
    }
    return 0
}
