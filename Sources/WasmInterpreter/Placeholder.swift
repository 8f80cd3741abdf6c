public enum WasmInterpreterPlaceholder {}
