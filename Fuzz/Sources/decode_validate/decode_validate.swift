import WasmFuzzing

/// libFuzzer entry point of `decode_validate`: the logic is FuzzTargets.run in WasmFuzzing.
@_cdecl("LLVMFuzzerTestOneInput")
public func decodeValidateTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let failure = FuzzTargets.run("decode_validate", Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(failure)
    }
    return 0
}
