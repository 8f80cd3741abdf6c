import WasmEngine

/// Our engine's largest table (elements). Kept in its own file: WasmKitDiffEngine.swift cannot
/// import WasmEngine next to WasmKit without ambiguous names.
let ourTableLimit: UInt64 = Table.maximumElements
