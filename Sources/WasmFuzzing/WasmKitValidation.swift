import WasmCore
@_spi(Fuzzing) import WasmKit
import WasmTypes

/// WasmKit's opinion on whether a binary module is valid.
public enum WasmKitVerdict: Hashable, Sendable {
    /// Parsed, instantiated and every function body compiled (validated).
    case accepted
    /// Rejected while parsing, validating or compiling, with WasmKit's message.
    case rejected(String)
    /// WasmKit could not decide: instantiation stopped before the bodies were compiled (a trap
    /// in segment initialisation, a resource limit, an import it cannot stub).
    case undecided(String)
}

/// Asks WasmKit 0.4.2 whether `bytes` is valid. WasmKit has no stand-alone validator: bodies are
/// validated when they are compiled, so this parses, instantiates with stub imports (start function
/// dropped, memories and tables capped) in eager compilation mode, and maps the error kinds.
public func wasmKitValidate(_ bytes: [UInt8]) -> WasmKitVerdict {
    var module: WasmKit.Module
    do {
        module = try parseWasm(bytes: bytes, features: [.referenceTypes])
    } catch {
        return .rejected("\(error)")
    }
    module.dropStartFunction()
    let engine = WasmKit.Engine(configuration: EngineConfiguration(compilationMode: .eager, features: [.referenceTypes]))
    let store = WasmKit.Store(engine: engine)
    store.resourceLimiter = CappedResources()
    var imports = Imports()
    do {
        for entry in module.imports {
            let value: ExternalValueConvertible
            switch entry.descriptor {
            case .function(let typeIndex):
                guard let type = module.functionType(at: typeIndex) else { return .rejected("unknown type \(typeIndex)") }
                value = WasmKit.Function(store: store, type: type) { _, _ in [] }
            case .global(let type):
                value = try WasmKit.Global(store: store, type: type, value: kitZero(type.valueType))
            case .memory(let type):
                value = try WasmKit.Memory(store: store, type: type)
            case .table(let type):
                value = try WasmKit.Table(store: store, type: type)
            case .tag:
                return .rejected("tags are not enabled")
            }
            imports.define(module: entry.module, name: entry.name, value.externalValue)
        }
    } catch {
        return .undecided("cannot stub imports: \(error)")
    }
    do {
        _ = try module.instantiate(store: store, imports: imports)
        return .accepted
    } catch let error as WasmKit.Trap {
        return .undecided("trapped during instantiation: \(error)")
    } catch is ResourceCap {
        return .undecided("exceeds the memory/table cap")
    } catch {
        return .rejected("\(error)")
    }
}

private func kitZero(_ type: WasmTypes.ValueType) -> WasmKit.Value {
    switch type {
    case .i32: return .i32(0)
    case .i64: return .i64(0)
    case .f32: return .f32(0)
    case .f64: return .f64(0)
    case .v128: return .i32(0)
    case .ref(let refType): return refType.heapType == .externRef ? .ref(.extern(nil)) : .ref(.function(nil))
    }
}

private struct ResourceCap: Error {}

/// Refuses memories above 64 MiB and tables above a million elements (by throwing, so the
/// refusal is told apart from a validation error).
private final class CappedResources: ResourceLimiter {
    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        if desired > 64 << 20 { throw ResourceCap() }
        return true
    }
    func limitTableGrowth(to desired: Int) throws -> Bool {
        if desired > 1 << 20 { throw ResourceCap() }
        return true
    }
}
