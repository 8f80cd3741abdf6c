// Reading and writing values in 64-bit slots (core spec §4.3 numbers). 32-bit values (i32, f32)
// are kept zero-extended in their slot; f32/f64 are stored as their bit patterns.

@inline(__always) func i32(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
@inline(__always) func s32(_ v: UInt64) -> Int32 { Int32(truncatingIfNeeded: v) }
@inline(__always) func s64(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
@inline(__always) func f32(_ v: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: v)) }
@inline(__always) func f64(_ v: UInt64) -> Double { Double(bitPattern: v) }
@inline(__always) func w(_ v: UInt32) -> UInt64 { UInt64(v) }
@inline(__always) func w(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: v)) }
@inline(__always) func w(_ v: Float) -> UInt64 { UInt64(v.bitPattern) }
@inline(__always) func w(_ v: Double) -> UInt64 { v.bitPattern }
@inline(__always) func w(_ v: Bool) -> UInt64 { v ? 1 : 0 }
/// A float as the threaded float accumulator holds it: its slot's bit pattern (an f32
/// zero-extended), computed without leaving the vector register.
@inline(__always) func fw(_ v: Float) -> Double { unsafeBitCast(SIMD2<Float>(v, 0), to: Double.self) }
@inline(__always) func fw(_ v: Double) -> Double { v }
