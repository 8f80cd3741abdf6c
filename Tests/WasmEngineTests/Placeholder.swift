import Testing

@Test func placeholder_WasmEngineTests() { #expect(1 + 1 == 2) }
