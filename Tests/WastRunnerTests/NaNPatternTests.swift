import Testing
import WastRunner

@Suite struct NaNPatternTests {
    @Test func canonicalF32() {
        #expect(NaNPattern.isCanonical(f32: 0x7FC0_0000))
        #expect(NaNPattern.isCanonical(f32: 0xFFC0_0000))
        #expect(!NaNPattern.isCanonical(f32: 0x7FC0_0001))
        #expect(!NaNPattern.isCanonical(f32: 0x7FA0_0000))
        #expect(!NaNPattern.isCanonical(f32: 0x7F80_0000))
        #expect(!NaNPattern.isCanonical(f32: 0x3F80_0000))
    }

    @Test func arithmeticF32() {
        #expect(NaNPattern.isArithmetic(f32: 0x7FC0_0000))
        #expect(NaNPattern.isArithmetic(f32: 0xFFC0_0001))
        #expect(NaNPattern.isArithmetic(f32: 0x7FFF_FFFF))
        // A signalling NaN (quiet bit clear) and infinity are not arithmetic NaNs.
        #expect(!NaNPattern.isArithmetic(f32: 0x7FA0_0000))
        #expect(!NaNPattern.isArithmetic(f32: 0x7F80_0000))
    }

    @Test func canonicalAndArithmeticF64() {
        #expect(NaNPattern.isCanonical(f64: 0x7FF8_0000_0000_0000))
        #expect(NaNPattern.isCanonical(f64: 0xFFF8_0000_0000_0000))
        #expect(!NaNPattern.isCanonical(f64: 0x7FF8_0000_0000_0001))
        #expect(NaNPattern.isArithmetic(f64: 0x7FF8_0000_0000_0001))
        #expect(!NaNPattern.isArithmetic(f64: 0x7FF4_0000_0000_0000))
        #expect(!NaNPattern.isArithmetic(f64: 0x7FF0_0000_0000_0000))
        #expect(!NaNPattern.isCanonical(f64: 0x3FF0_0000_0000_0000))
    }
}
