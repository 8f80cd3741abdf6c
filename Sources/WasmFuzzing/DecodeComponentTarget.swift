import WasmCore

extension FuzzTargets {
    /// The component preamble the `decode_component` target puts before inputs without one.
    static let componentPreamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]

    /// Component bytes → `decodeComponent` (nested core modules decoded and validated, nested
    /// components, types): it must not crash and may only throw `DecodeError` / `ValidationError`.
    public static func decodeComponentTarget(_ data: [UInt8]) -> String? {
        let bytes = data.starts(with: componentPreamble.prefix(4)) ? data : componentPreamble + data
        do {
            _ = try decodeComponent(bytes)
            return nil
        } catch is DecodeError {
            return nil
        } catch is ValidationError {
            return nil
        } catch {
            return "decode_component: untyped error \(type(of: error)): \(error)"
        }
    }
}
