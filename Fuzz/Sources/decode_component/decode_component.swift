import WasmFuzzing

/// libFuzzer entry point of `decode_component`: the logic is FuzzTargets.run in WasmFuzzing.
@_cdecl("LLVMFuzzerTestOneInput")
public func decodeComponentTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let failure = FuzzTargets.run("decode_component", Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(failure)
    }
    return 0
}
