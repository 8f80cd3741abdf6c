import Testing

@Test func placeholder_SpecTests() { #expect(1 + 1 == 2) }
