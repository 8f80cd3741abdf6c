import Testing
@testable import WasmSmith

@Test func intInRangeStaysInRange() {
    var u = Unstructured(seed: 7)
    for _ in 0..<1000 {
        let v = u.int(in: -5...9)
        #expect((-5...9).contains(v))
    }
}

@Test func exhaustedBytesGiveLowerBounds() {
    var u = Unstructured([])
    #expect(u.int(in: 3...9) == 3)
    #expect(u.bool() == false)
    #expect(u.ratio(9, 10) == false)
    #expect(u.choose([4, 5, 6]) == 4)
    #expect(u.bytes(3) == [0, 0, 0])
}

@Test func seededStreamIsFixed() {
    // SplitMix64 with seed 0: first output is 0xE220A8397B1DCDAF (reference value of the algorithm).
    let u = Unstructured(seed: 0, count: 8)
    #expect(u.data == [0xAF, 0xCD, 0x1D, 0x7B, 0x39, 0xA8, 0x20, 0xE2])
}

@Test func fullWidthRangeDoesNotTrap() {
    var u = Unstructured([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    #expect(u.int(in: 0...UInt64.max) == UInt64.max)
    var v = Unstructured([0x80, 0, 0, 0, 0, 0, 0, 0])
    #expect(v.int(in: Int.min...Int.max) == 0)
}
