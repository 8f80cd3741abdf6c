/// Constants biased towards the values that find bugs: zeros, ±1, extremes, powers of two,
/// NaNs with payloads, infinities and subnormals.

extension Unstructured {
    public mutating func i32Value() -> Int32 {
        switch int(in: 0...7) {
        case 0: return choose([0, 1, -1, Int32.min, Int32.max, Int32.min + 1, Int32.max - 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x8000]) ?? 0
        case 1: return Int32(1) << Int32(int(in: 0...31))
        case 2: return Int32(int(in: -16...64))
        default: return Int32(bitPattern: u32())
        }
    }

    public mutating func i64Value() -> Int64 {
        switch int(in: 0...7) {
        case 0: return choose([0, 1, -1, Int64.min, Int64.max, Int64.min + 1, Int64.max - 1, 0xFFFF_FFFF, 0x8000_0000, -0x8000_0000]) ?? 0
        case 1: return Int64(1) << Int64(int(in: 0...63))
        case 2: return Int64(int(in: -16...64))
        default: return Int64(bitPattern: u64())
        }
    }

    /// An `f32` bit pattern.
    public mutating func f32Bits() -> UInt32 {
        switch int(in: 0...9) {
        case 0:
            let specials: [UInt32] = [
                0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000,
                0x7FC0_0000, 0xFFC0_0000, 0x0000_0001, 0x8000_0001, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF,
                0x007F_FFFF, 0x4F00_0000, 0xCF00_0000, 0x5F00_0000, 0x3F00_0000,
            ]
            return choose(specials) ?? 0
        case 1:
            // A NaN with an arbitrary non-zero payload and sign.
            let payload = max(1, u32() & 0x7F_FFFF)
            return (bool() ? 0x8000_0000 : 0) | 0x7F80_0000 | payload
        case 2:
            // ±2^k.
            let e = UInt32(int(in: 1...254))
            return (bool() ? 0x8000_0000 : 0) | (e << 23)
        case 3:
            return Float(int(in: -1000...1000)).bitPattern
        default:
            return u32()
        }
    }

    /// An `f64` bit pattern.
    public mutating func f64Bits() -> UInt64 {
        switch int(in: 0...9) {
        case 0:
            let specials: [UInt64] = [
                0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000,
                0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000,
                1, 0x8000_0000_0000_0001, 0x0010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF,
                0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, 0x43E0_0000_0000_0000, 0x3FE0_0000_0000_0000,
            ]
            return choose(specials) ?? 0
        case 1:
            let payload = max(1, u64() & 0xF_FFFF_FFFF_FFFF)
            return (bool() ? 0x8000_0000_0000_0000 : 0) | 0x7FF0_0000_0000_0000 | payload
        case 2:
            let e = UInt64(int(in: 1...2046))
            return (bool() ? 0x8000_0000_0000_0000 : 0) | (e << 52)
        case 3:
            return Double(int(in: -1000...1000)).bitPattern
        default:
            return u64()
        }
    }
}
