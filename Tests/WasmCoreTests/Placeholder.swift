import Testing

@Test func placeholder_WasmCoreTests() { #expect(1 + 1 == 2) }
