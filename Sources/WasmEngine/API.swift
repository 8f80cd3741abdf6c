// The public API of the engine (wasmtime-shaped). Each type lives in its own file of this
// module; this file re-exports the modules whose types are part of the API.

@_exported import WasmCore
@_exported import WasmRuntime
