import WasmCore
import WasmRuntime

/// A slot index relative to the frame pointer: locals first (parameters, then declared
/// locals), then the operand stack, whose height is static at every instruction.
typealias Slot = UInt32
/// An index into a function's lowered code.
typealias PC = Int32
/// A slot index packed in 16 bits, for fused ops with more operands than `ThreadedOp`'s four words
/// hold otherwise (lowering only emits them when the slots fit).
typealias Slot16 = UInt16

/// One lowered (register-style) instruction. Operands name frame slots; branch targets are
/// resolved code indices; nothing is decoded at run time. Payloads are trivial values so the
/// code array needs no reference counting.
enum Op {
    // Control.
    case trap(TrapKind)
    case br(PC)
    case brIf(cond: Slot, PC)
    case brIfNot(cond: Slot, PC)
    /// Jumps to `targets[start + min(index, count)]` (the last entry is the default).
    case brTable(index: Slot, start: UInt32, count: UInt32)
    /// Returns; the results are already in slots `0..<resultCount`.
    case ret
    /// Calls defined function `function` (index among the module's defined functions);
    /// arguments start at `argBase`, results are written there.
    case callDefined(function: UInt32, argBase: Slot)
    /// Calls function `function` of the module's function index space through the instance.
    case callAny(function: UInt32, argBase: Slot)
    case callIndirect(typeIndex: UInt32, table: UInt32, index: Slot, argBase: Slot)
    case epochCheck
    case fuel(UInt32)

    // Moves and constants.
    case copy(dst: Slot, src: Slot)
    case const32(dst: Slot, UInt32)
    case const64(dst: Slot, UInt64)
    /// `dst = cond != 0 ? lhs : rhs`.
    case select(dst: Slot, lhs: Slot, rhs: Slot, cond: Slot)
    case globalGet(dst: Slot, index: UInt32)
    case globalSet(src: Slot, index: UInt32)
    case refFunc(dst: Slot, function: UInt32)
    case refIsNull(dst: Slot, src: Slot)

    // Numeric. Common operators have their own case (one dispatch, no inner switch); the
    // rest go through `unary` / `binary` and the shared `evalUnary` / `evalBinary`.
    case unary(NumericOp, dst: Slot, src: Slot)
    case binary(NumericOp, dst: Slot, lhs: Slot, rhs: Slot)
    // BEGIN GENERATED opcases (Utilities/gen-interpreter-ops.py)
    case i32Add(dst: Slot, lhs: Slot, rhs: Slot), i32Sub(dst: Slot, lhs: Slot, rhs: Slot), i32Mul(dst: Slot, lhs: Slot, rhs: Slot)
    case i32And(dst: Slot, lhs: Slot, rhs: Slot), i32Or(dst: Slot, lhs: Slot, rhs: Slot), i32Xor(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Shl(dst: Slot, lhs: Slot, rhs: Slot), i32ShrU(dst: Slot, lhs: Slot, rhs: Slot), i32ShrS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Eq(dst: Slot, lhs: Slot, rhs: Slot), i32Ne(dst: Slot, lhs: Slot, rhs: Slot), i32LtS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32LtU(dst: Slot, lhs: Slot, rhs: Slot), i32GtS(dst: Slot, lhs: Slot, rhs: Slot), i32GtU(dst: Slot, lhs: Slot, rhs: Slot)
    case i32LeS(dst: Slot, lhs: Slot, rhs: Slot), i32LeU(dst: Slot, lhs: Slot, rhs: Slot), i32GeS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32GeU(dst: Slot, lhs: Slot, rhs: Slot), i32DivS(dst: Slot, lhs: Slot, rhs: Slot), i32DivU(dst: Slot, lhs: Slot, rhs: Slot)
    case i32RemS(dst: Slot, lhs: Slot, rhs: Slot), i32RemU(dst: Slot, lhs: Slot, rhs: Slot), i64Add(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Sub(dst: Slot, lhs: Slot, rhs: Slot), i64Mul(dst: Slot, lhs: Slot, rhs: Slot), i64And(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Or(dst: Slot, lhs: Slot, rhs: Slot), i64Xor(dst: Slot, lhs: Slot, rhs: Slot), i64Shl(dst: Slot, lhs: Slot, rhs: Slot)
    case i64ShrU(dst: Slot, lhs: Slot, rhs: Slot), i64ShrS(dst: Slot, lhs: Slot, rhs: Slot), i64Eq(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Ne(dst: Slot, lhs: Slot, rhs: Slot), i64LtS(dst: Slot, lhs: Slot, rhs: Slot), i64LtU(dst: Slot, lhs: Slot, rhs: Slot)
    case i64GtS(dst: Slot, lhs: Slot, rhs: Slot), i64GtU(dst: Slot, lhs: Slot, rhs: Slot), i64LeS(dst: Slot, lhs: Slot, rhs: Slot)
    case i64LeU(dst: Slot, lhs: Slot, rhs: Slot), i64GeS(dst: Slot, lhs: Slot, rhs: Slot), i64GeU(dst: Slot, lhs: Slot, rhs: Slot)
    case i64DivS(dst: Slot, lhs: Slot, rhs: Slot), i64DivU(dst: Slot, lhs: Slot, rhs: Slot), i64RemS(dst: Slot, lhs: Slot, rhs: Slot)
    case i64RemU(dst: Slot, lhs: Slot, rhs: Slot), i32Rotl(dst: Slot, lhs: Slot, rhs: Slot), i32Rotr(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Rotl(dst: Slot, lhs: Slot, rhs: Slot), i64Rotr(dst: Slot, lhs: Slot, rhs: Slot), f32Add(dst: Slot, lhs: Slot, rhs: Slot)
    case f32Sub(dst: Slot, lhs: Slot, rhs: Slot), f32Mul(dst: Slot, lhs: Slot, rhs: Slot), f32Div(dst: Slot, lhs: Slot, rhs: Slot)
    case f32Eq(dst: Slot, lhs: Slot, rhs: Slot), f32Ne(dst: Slot, lhs: Slot, rhs: Slot), f32Lt(dst: Slot, lhs: Slot, rhs: Slot)
    case f32Gt(dst: Slot, lhs: Slot, rhs: Slot), f32Le(dst: Slot, lhs: Slot, rhs: Slot), f32Ge(dst: Slot, lhs: Slot, rhs: Slot)
    case f64Add(dst: Slot, lhs: Slot, rhs: Slot), f64Sub(dst: Slot, lhs: Slot, rhs: Slot), f64Mul(dst: Slot, lhs: Slot, rhs: Slot)
    case f64Div(dst: Slot, lhs: Slot, rhs: Slot), f64Eq(dst: Slot, lhs: Slot, rhs: Slot), f64Ne(dst: Slot, lhs: Slot, rhs: Slot)
    case f64Lt(dst: Slot, lhs: Slot, rhs: Slot), f64Gt(dst: Slot, lhs: Slot, rhs: Slot), f64Le(dst: Slot, lhs: Slot, rhs: Slot)
    case f64Ge(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Eqz(dst: Slot, src: Slot), i32WrapI64(dst: Slot, src: Slot), i64ExtendI32S(dst: Slot, src: Slot)
    case i32Extend8S(dst: Slot, src: Slot), i32Extend16S(dst: Slot, src: Slot), i64Extend8S(dst: Slot, src: Slot)
    case i64Extend16S(dst: Slot, src: Slot), i64Extend32S(dst: Slot, src: Slot), f32ConvertI32S(dst: Slot, src: Slot)
    case f32ConvertI32U(dst: Slot, src: Slot), f64ConvertI32S(dst: Slot, src: Slot), f64ConvertI32U(dst: Slot, src: Slot)
    case f64ConvertI64S(dst: Slot, src: Slot), f32DemoteF64(dst: Slot, src: Slot), f64PromoteF32(dst: Slot, src: Slot)
    case f32Neg(dst: Slot, src: Slot), f64Neg(dst: Slot, src: Slot), f32Abs(dst: Slot, src: Slot)
    case f64Abs(dst: Slot, src: Slot), f32Sqrt(dst: Slot, src: Slot), f64Sqrt(dst: Slot, src: Slot)
    case i32MulImm(dst: Slot, src: Slot, imm: UInt32), i32AndImm(dst: Slot, src: Slot, imm: UInt32), i32OrImm(dst: Slot, src: Slot, imm: UInt32)
    case i32XorImm(dst: Slot, src: Slot, imm: UInt32), i32ShlImm(dst: Slot, src: Slot, imm: UInt32), i32ShrUImm(dst: Slot, src: Slot, imm: UInt32)
    case i32ShrSImm(dst: Slot, src: Slot, imm: UInt32), i32RotlImm(dst: Slot, src: Slot, imm: UInt32), i64AddImm(dst: Slot, src: Slot, imm: UInt64)
    case i64MulImm(dst: Slot, src: Slot, imm: UInt64), i64AndImm(dst: Slot, src: Slot, imm: UInt64), i64OrImm(dst: Slot, src: Slot, imm: UInt64)
    case i64XorImm(dst: Slot, src: Slot, imm: UInt64), i64ShlImm(dst: Slot, src: Slot, imm: UInt64), i64ShrUImm(dst: Slot, src: Slot, imm: UInt64)
    case i64ShrSImm(dst: Slot, src: Slot, imm: UInt64), i64RotlImm(dst: Slot, src: Slot, imm: UInt64), i32EqImm(dst: Slot, src: Slot, imm: UInt32)
    case i32NeImm(dst: Slot, src: Slot, imm: UInt32), i32LtSImm(dst: Slot, src: Slot, imm: UInt32), i32LtUImm(dst: Slot, src: Slot, imm: UInt32)
    case i32GtSImm(dst: Slot, src: Slot, imm: UInt32), i32GtUImm(dst: Slot, src: Slot, imm: UInt32), i32LeSImm(dst: Slot, src: Slot, imm: UInt32)
    case i32LeUImm(dst: Slot, src: Slot, imm: UInt32), i32GeSImm(dst: Slot, src: Slot, imm: UInt32), i32GeUImm(dst: Slot, src: Slot, imm: UInt32)
    // END GENERATED
    /// `dst = src + imm` (i32), from `i32.add` / `i32.sub` with a constant operand.
    case i32AddImm(dst: Slot, src: Slot, imm: UInt32)
    /// Branches when `cond` is zero (a fused `i32.eqz` + `br_if`).
    case brIfEqz(cond: Slot, PC)
    /// `cond = cond + imm` (i32, a local), then branches when it is nonzero: a loop counter
    /// stepped by a constant and tested (`br_if` of a `local.tee` of an `i32.add`).
    case brIfAddImm(cond: Slot, imm: UInt32, PC)
    // Fused compare-and-branch: jumps when the comparison holds (`gt`/`ge` swap operands;
    // `if` and `br_if` that skips branch moves use the negated comparison).
    case brI32Eq(lhs: Slot, rhs: Slot, PC), brI32Ne(lhs: Slot, rhs: Slot, PC)
    case brI32LtS(lhs: Slot, rhs: Slot, PC), brI32LtU(lhs: Slot, rhs: Slot, PC)
    case brI32LeS(lhs: Slot, rhs: Slot, PC), brI32LeU(lhs: Slot, rhs: Slot, PC)
    case brI64Eq(lhs: Slot, rhs: Slot, PC), brI64Ne(lhs: Slot, rhs: Slot, PC)
    case brI64LtS(lhs: Slot, rhs: Slot, PC), brI64LtU(lhs: Slot, rhs: Slot, PC)
    case brI64LeS(lhs: Slot, rhs: Slot, PC), brI64LeU(lhs: Slot, rhs: Slot, PC)
    case brF32Eq(lhs: Slot, rhs: Slot, PC), brF32Ne(lhs: Slot, rhs: Slot, PC)
    case brF32Lt(lhs: Slot, rhs: Slot, PC), brF32Le(lhs: Slot, rhs: Slot, PC)
    /// Jumps when `!(lhs < rhs)` (true with a NaN operand).
    case brF32NotLt(lhs: Slot, rhs: Slot, PC), brF32NotLe(lhs: Slot, rhs: Slot, PC)
    case brF64Eq(lhs: Slot, rhs: Slot, PC), brF64Ne(lhs: Slot, rhs: Slot, PC)
    case brF64Lt(lhs: Slot, rhs: Slot, PC), brF64Le(lhs: Slot, rhs: Slot, PC)
    case brF64NotLt(lhs: Slot, rhs: Slot, PC), brF64NotLe(lhs: Slot, rhs: Slot, PC)
    /// Compare-with-immediate and branch: jumps when `lhs <op> imm` holds (i64 forms sign-extend
    /// `imm`), from a comparison with a constant operand fused into its branch.
    case brI32EqImm(lhs: Slot, imm: UInt32, PC), brI32NeImm(lhs: Slot, imm: UInt32, PC), brI32LtSImm(lhs: Slot, imm: UInt32, PC), brI32LtUImm(lhs: Slot, imm: UInt32, PC), brI32LeSImm(lhs: Slot, imm: UInt32, PC)
    case brI32LeUImm(lhs: Slot, imm: UInt32, PC), brI32GtSImm(lhs: Slot, imm: UInt32, PC), brI32GtUImm(lhs: Slot, imm: UInt32, PC), brI32GeSImm(lhs: Slot, imm: UInt32, PC), brI32GeUImm(lhs: Slot, imm: UInt32, PC)
    case brI64EqImm(lhs: Slot, imm: UInt32, PC), brI64NeImm(lhs: Slot, imm: UInt32, PC), brI64LtSImm(lhs: Slot, imm: UInt32, PC), brI64LtUImm(lhs: Slot, imm: UInt32, PC), brI64LeSImm(lhs: Slot, imm: UInt32, PC)
    case brI64LeUImm(lhs: Slot, imm: UInt32, PC), brI64GtSImm(lhs: Slot, imm: UInt32, PC), brI64GtUImm(lhs: Slot, imm: UInt32, PC), brI64GeSImm(lhs: Slot, imm: UInt32, PC), brI64GeUImm(lhs: Slot, imm: UInt32, PC)
    /// `dst = src ^ (src << imm)` / `dst = src ^ (src >> imm)` (i32, `imm` < 32): a shift by a
    /// constant xored with its own operand (xorshift generators, hash mixers).
    case i32XorShlImm(dst: Slot, src: Slot, imm: UInt32), i32XorShrUImm(dst: Slot, src: Slot, imm: UInt32)
    // calls/memory/arith
    /// `counter = counter + imm` (i32, a local), then jumps when `counter <op> limit` holds: a loop
    /// counter stepped by a constant and tested (an `i32.add` of a constant stored into the local,
    /// fused into the compare-and-branch after it; `limit` is never `counter`).
    case brAddImmI32Ne(counter: Slot, imm: UInt32, limit: Slot, PC), brAddImmI32LtS(counter: Slot, imm: UInt32, limit: Slot, PC)
    case brAddImmI32LtU(counter: Slot, imm: UInt32, limit: Slot, PC)
    /// The same with a constant `limit`.
    case brAddImmI32NeImm(counter: Slot, imm: UInt32, limit: UInt32, PC), brAddImmI32LtSImm(counter: Slot, imm: UInt32, limit: UInt32, PC)
    case brAddImmI32LtUImm(counter: Slot, imm: UInt32, limit: UInt32, PC)
    /// `dst = src + imm` (i32) written to two locals: an `i32.add` of a constant stored by
    /// `local.tee dst` and then `local.set copy` (one op instead of the add and a `copy`).
    case i32AddImmTee(dst: Slot, copy: Slot, src: Slot, imm: UInt32)
    /// `dst = src / d` (i32, unsigned) for a constant divisor `d` >= 2, as the high 64 bits of
    /// `magic * src` with `magic = UInt64.max / d + 1` (exact for every 32-bit dividend: Lemire,
    /// Kaser and Kurz, "Faster remainder by direct computation", 2019): a multiplication instead
    /// of a division, and no zero test.
    case i32DivUImm(dst: Slot, src: Slot, magic: UInt64)
    case i32Load(dst: Slot, addr: Slot, offset: UInt32)
    case i64Load(dst: Slot, addr: Slot, offset: UInt32)
    case i32Store(addr: Slot, value: Slot, offset: UInt32)
    /// `i32.load8_u` / `i64.load8_u`.
    case load8U(dst: Slot, addr: Slot, offset: UInt32)
    /// `i32.store8` / `i64.store8`.
    case store8(addr: Slot, value: Slot, offset: UInt32)
    case i64Store(addr: Slot, value: Slot, offset: UInt32)
    /// Loads at `UInt32(addr + imm) + offset` (a fused `i32.add` of a constant to the address:
    /// the add wraps at 32 bits like the wasm one, the offset does not).
    case i32LoadAdd(dst: Slot, addr: Slot, imm: UInt32, offset: UInt32)
    case i64LoadAdd(dst: Slot, addr: Slot, imm: UInt32, offset: UInt32)
    /// `addr = addr + imm` (i32, a local), then `i32Load` at `addr + offset`: a pointer stepped in
    /// place and loaded through (`local.tee` of an `i32.add` of a constant, then `i32.load`).
    case i32LoadBump(dst: Slot, addr: Slot, imm: UInt32, offset: UInt32)
    /// Stores at `UInt32(addr + imm) + offset`, like `i32LoadAdd`.
    case i32StoreAdd(addr: Slot, value: Slot, imm: UInt32, offset: UInt32)
    case i64StoreAdd(addr: Slot, value: Slot, imm: UInt32, offset: UInt32)
    /// `dst = lhs * rhs + imm` (i32): a fused `i32.mul` and `i32.add` of a constant.
    case i32MulAddImm(dst: Slot, lhs: Slot, rhs: Slot, imm: UInt32)
    /// `dst = src * factor + imm` (i32): a multiplication by a constant and an add of a constant
    /// (linear congruential steps, scaled indices).
    case i32MulImmAddImm(dst: Slot, src: Slot, factor: UInt32, imm: UInt32)
    /// The i64 form, with `factor` and `imm` sign-extended.
    case i64MulImmAddImm(dst: Slot, src: Slot, factor: UInt32, imm: UInt32)
    /// `dst = src * factor + addend` (i32): a multiplication by a constant added to a value.
    case i32MulImmAdd(dst: Slot, src: Slot, factor: UInt32, addend: Slot)
    /// `dst = lhs * rhs + addend`, rounded after the multiplication and after the addition
    /// like the separate wasm instructions (no fused multiply-add).
    case i64MulAdd(dst: Slot, lhs: Slot, rhs: Slot, addend: Slot)
    case f32MulAdd(dst: Slot, lhs: Slot, rhs: Slot, addend: Slot)
    case f64MulAdd(dst: Slot, lhs: Slot, rhs: Slot, addend: Slot)
    // icalls
    /// `dst = rotl(lhs ^ rhs, imm)` (i32, `imm` < 32): an `i32.xor` rotated by a constant (hash
    /// mixers, ARX ciphers; `rotr` by a constant is a `rotl`).
    case i32XorRotlImm(dst: Slot, lhs: Slot, rhs: Slot, imm: UInt32)
    /// `dst = lhs ^ (src & imm)` / `dst = lhs + (src & imm)` (i32): an `i32.xor` / `i32.add` of a
    /// value masked by a constant (byte extraction in hashes and checksums).
    case i32XorAndImm(dst: Slot, lhs: Slot, src: Slot, imm: UInt32), i32AddAndImm(dst: Slot, lhs: Slot, src: Slot, imm: UInt32)
    // loops/floats
    /// `dst = (cond & imm) != 0 ? lhs : rhs`: a `select` whose condition is a bit test (`i32.and` /
    /// `i64.and` of a constant below 2^32; an `eqz` of it swaps the arms).
    case selectAndImm(dst: Slot, lhs: Slot16, rhs: Slot16, cond: Slot, imm: UInt32)
    /// `dst = addend + (lhs - rhs)`: a float `add` whose right operand is a `sub` (rounded after
    /// each, like the separate instructions).
    case f32AddSub(dst: Slot, addend: Slot, lhs: Slot, rhs: Slot), f64AddSub(dst: Slot, addend: Slot, lhs: Slot, rhs: Slot)
    /// `dst = (lhs - rhs) + addend`: a float `add` whose left operand is a `sub`.
    case f32SubAdd(dst: Slot, lhs: Slot, rhs: Slot, addend: Slot), f64SubAdd(dst: Slot, lhs: Slot, rhs: Slot, addend: Slot)
    // ifloats
    /// Jumps when `(lhs + rhs) < limit` (`NotLt`: when it is not, true with a NaN): a float sum
    /// compared and branched on (`x*x + y*y < 4`), the sum a temporary no other op reads.
    case brF32AddLt(lhs: Slot, rhs: Slot, limit: Slot, PC), brF32AddNotLt(lhs: Slot, rhs: Slot, limit: Slot, PC)
    case brF64AddLt(lhs: Slot, rhs: Slot, limit: Slot, PC), brF64AddNotLt(lhs: Slot, rhs: Slot, limit: Slot, PC)
    /// `dst = (lhs + rhs) * factor + addend`, rounded after each operation like the separate
    /// instructions: a multiply-add whose multiplicand is a sum (`2*x*y + c` compiled as
    /// `(x + x) * y + c`, `(a + b) * c + d`).
    case f32AddMulAdd(dst: Slot, lhs: Slot16, rhs: Slot16, factor: Slot16, addend: Slot16)
    case f64AddMulAdd(dst: Slot, lhs: Slot16, rhs: Slot16, factor: Slot16, addend: Slot16)
    /// `dst = (src << shift) + imm` (i32, `shift` < 32): a scaled index plus a constant base
    /// (`&a[i]` of a static array), from an `i32.add` of a constant to an `i32.shl` by one.
    case i32ShlImmAddImm(dst: Slot, src: Slot, shift: UInt32, imm: UInt32)
    /// `addr = addr + imm` (i32, a local), `dst = i32.load(addr)`, then jumps when
    /// `dst < other` (`LtU`/`LtS`) or `other < dst` (`GtU`/`GtS`): a pointer stepped in place,
    /// loaded through and the element compared (`while (v[i] < p) i++`).
    case brLoadBumpI32LtU(dst: Slot16, addr: Slot16, imm: UInt32, other: Slot, PC)
    case brLoadBumpI32GtU(dst: Slot16, addr: Slot16, imm: UInt32, other: Slot, PC)
    case brLoadBumpI32LtS(dst: Slot16, addr: Slot16, imm: UInt32, other: Slot, PC)
    case brLoadBumpI32GtS(dst: Slot16, addr: Slot16, imm: UInt32, other: Slot, PC)
    // imem
    /// `dst = i32.load(addr)`, then `addr = addr + imm` and `copy = addr` (i32), then jumps when
    /// `dst < other` (`LtU`/`LtS`) or `other < dst` (`GtU`/`GtS`), `other` read last: a pointer
    /// loaded through and stepped after the load (`while (v[j] > p) j--` through `*q--`; the
    /// step is a `local.tee` of an `i32.add` of a constant, `copy` the local it also sets, or
    /// `addr` itself).
    case brLoadStepI32LtU(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, imm: UInt32, PC)
    case brLoadStepI32GtU(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, imm: UInt32, PC)
    case brLoadStepI32LtS(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, imm: UInt32, PC)
    case brLoadStepI32GtS(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, imm: UInt32, PC)
    /// `counter = counter + Int16(imm >> 16)` and `addr = addr + Int16(imm & 0xFFFF)` (i32, both
    /// steps sign-extended), `dst = i32.load(addr)`, then jumps like `brLoadBumpI32*`: a scan
    /// that steps an index and a pointer to the same element (`while (v[i] < p) i++` where `i`
    /// is used after the loop).
    case brLoadBumpCountI32LtU(dst: Slot16, addr: Slot16, other: Slot16, counter: Slot16, imm: UInt32, PC)
    case brLoadBumpCountI32GtU(dst: Slot16, addr: Slot16, other: Slot16, counter: Slot16, imm: UInt32, PC)
    case brLoadBumpCountI32LtS(dst: Slot16, addr: Slot16, other: Slot16, counter: Slot16, imm: UInt32, PC)
    case brLoadBumpCountI32GtS(dst: Slot16, addr: Slot16, other: Slot16, counter: Slot16, imm: UInt32, PC)
    /// `dst = i32.load((index << shift) + offset)` (the shift wraps at 32 bits like the wasm one,
    /// the offset does not): an element of a static array (`a[i]`: `i32.shl` by a constant, then
    /// the load with the array's address as its offset).
    case i32LoadScaled(dst: Slot, index: Slot, shift: UInt32, offset: UInt32)
    /// `mem[addr + offset] += imm` (i32): a load, an add of a constant and a store back to the
    /// same address (`counts[h]++`); traps where the load would.
    case i32MemAddImm(addr: Slot, imm: UInt32, offset: UInt32)
    /// `dst = src + imm` (i32), then jumps when `dst <op> limit` holds (`limit` read after the
    /// write; never `dst`): an `i32.add` of a constant into another slot fused into the
    /// compare-and-branch after it (`if (i <= (j = k + 1))`; the in-place form is `brAddImmI32*`).
    case brAddImmToI32Ne(dst: Slot16, src: Slot16, imm: UInt32, limit: Slot, PC)
    case brAddImmToI32LtS(dst: Slot16, src: Slot16, imm: UInt32, limit: Slot, PC)
    case brAddImmToI32LtU(dst: Slot16, src: Slot16, imm: UInt32, limit: Slot, PC)
    /// `copy = src`, `dst = (src << shift) + imm` (i32, `shift` < 32): a pointer to an element
    /// of a static array and a copy of its index set together (`p = &v[lo]; i = lo` before a
    /// loop that steps both); `dst`, `copy` and `src` are distinct.
    case i32ShlImmAddImmCopy(dst: Slot16, copy: Slot16, src: Slot, shift: UInt32, imm: UInt32)
    // iloops
    /// `dst = (cond & imm) != 0 ? lhs : src >> shift` (`shift` masked to the width): a `select` on
    /// a bit test whose false arm is an unsigned shift right by a constant, computed in the select
    /// instead of in a temporary slot (halving steps: `x = x & 1 ? 3 * x + 1 : x >> 1`).
    case selectAndImmI64ShrURhs(dst: Slot16, lhs: Slot16, src: Slot16, cond: Slot16, shift: UInt32, imm: UInt32)
    case selectAndImmI32ShrURhs(dst: Slot16, lhs: Slot16, src: Slot16, cond: Slot16, shift: UInt32, imm: UInt32)
    /// `dst = (cond & imm) != 0 ? src >> shift : rhs`: the shift as the true arm.
    case selectAndImmI64ShrULhs(dst: Slot16, src: Slot16, rhs: Slot16, cond: Slot16, shift: UInt32, imm: UInt32)
    case selectAndImmI32ShrULhs(dst: Slot16, src: Slot16, rhs: Slot16, cond: Slot16, shift: UInt32, imm: UInt32)
    /// `dst = lhs + (a & imm) + (b & imm)` (i32): two masked values added to a sum (`total += (x & 7)
    /// + (y & 7)`, unrolled checksums), from an `i32.add` of two `i32AddAndImm` operands.
    case i32AddAndImmPair(dst: Slot, lhs: Slot, a: Slot16, b: Slot16, imm: UInt32)
    /// `counter = counter + step` (i32, a local), and a jump when `lhs` (read first) `!= imm` (`imm` sign-extended
    /// for i64): a loop's back edge with the in-place step of a counter the loop does not test
    /// (`while (x != 1) { ...; n++; }`) moved down from where the body stepped it.
    case brI64NeImmStep(lhs: Slot16, counter: Slot16, imm: UInt32, step: UInt32, PC)
    case brI32NeImmStep(lhs: Slot16, counter: Slot16, imm: UInt32, step: UInt32, PC)
    // imem8
    /// A whole scan loop in one op: repeat { `counter = counter + Int16(imm >> 16)`,
    /// `dst = i32.load(addr)`, `addr = copy = addr + Int16(imm & 0xFFFF)` (i32, steps
    /// sign-extended) } while `dst < other` (`LtU`/`LtS`) or `other < dst` (`GtU`/`GtS`), `other`
    /// read after each step: `while (v[j] > p) j--;` whose index step heads the loop and whose
    /// pointer steps after the load (a `brLoadStepI32*` branching back to an in-place step).
    /// An out-of-bounds load traps with the counter stepped and the other slots as the previous
    /// iteration left them.
    case scanLoadStepCountI32LtU(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, counter: Slot16, imm: UInt32)
    case scanLoadStepCountI32GtU(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, counter: Slot16, imm: UInt32)
    case scanLoadStepCountI32LtS(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, counter: Slot16, imm: UInt32)
    case scanLoadStepCountI32GtS(dst: Slot16, addr: Slot16, copy: Slot16, other: Slot16, counter: Slot16, imm: UInt32)
    /// `dst = src`, then `dst2 = src2`: two `local.set`s of `local.get`s in a row (loop-carried
    /// variables moved at the end of a loop body: `i = i1; j = j1;`) in one op.
    case copyPair(dst: Slot16, src: Slot16, dst2: Slot16, src2: Slot16)
    /// `dst = i32.load(addr + offset)`, then jumps when `dst == 0` (`Eqz`) or `dst != 0` (`Nez`):
    /// a loaded value tested by the branch after the load (`while (keys[h] && ...)`).
    case brLoadI32Eqz(dst: Slot, addr: Slot, offset: UInt32, PC)
    case brLoadI32Nez(dst: Slot, addr: Slot, offset: UInt32, PC)
    // icalls8
    /// `counter = copy = counter + imm` (i32, two locals), then a jump when `cond` (another slot,
    /// computed before the step) `!= 0`: a loop's back edge testing a condition computed on the
    /// counter's old value (`do { ... } while (n-- > k)` as clang emits it: compare, `local.tee`
    /// of the step, `br_if` on the compare), one op instead of `i32AddImmTee` and `brIf`.
    case brIfI32StepTee(cond: Slot, counter: Slot16, copy: Slot16, imm: UInt32, PC)
    // ifloats8
    /// `dst = src * src`, then jumps when `other + dst < limit` (`NotLt`: when it is not, true
    /// with a NaN): a square added to another value and compared (`x*x + y*y < r`, the squares
    /// kept for the next step), from a float multiply of a value by itself and the sum branch
    /// (`brF32AddLt`...) reading it; `other` and `limit` are not `dst`.
    case brF32SquareAddLt(dst: Slot16, src: Slot16, other: Slot, limit: Slot, PC)
    case brF32SquareAddNotLt(dst: Slot16, src: Slot16, other: Slot, limit: Slot, PC)
    case brF64SquareAddLt(dst: Slot16, src: Slot16, other: Slot, limit: Slot, PC)
    case brF64SquareAddNotLt(dst: Slot16, src: Slot16, other: Slot, limit: Slot, PC)
    /// `dst = lhs * load(UInt32(addr + imm) + offset)` (f32 / f64; the load traps like `f32.load` /
    /// `f64.load`): a float load multiplied by the value before it (`a[i] * b[j]`).
    case f32MulLoad(dst: Slot16, lhs: Slot16, addr: Slot, imm: UInt32, offset: UInt32)
    case f64MulLoad(dst: Slot16, lhs: Slot16, addr: Slot, imm: UInt32, offset: UInt32)
    /// `dst = lhs * load(UInt32(addr + imm) + offset) + addend`, rounded after the multiplication
    /// and after the addition like the separate instructions: a dot product step (`s += a[i] * b[j]`).
    case f32MulLoadAdd(dst: Slot16, lhs: Slot16, addr: Slot16, addend: Slot16, imm: UInt32, offset: UInt32)
    case f64MulLoadAdd(dst: Slot16, lhs: Slot16, addr: Slot16, addend: Slot16, imm: UInt32, offset: UInt32)
    /// `dst = src * src` and `dst2 = src2 * src2`, then jumps when `dst + dst2 < limit` (`NotLt`:
    /// when it is not): both squares of `x*x + y*y < r` computed in the branch (`dst` and `dst2`
    /// distinct, neither is `limit`, and `src2` is not `dst`).
    case brF32SquaresAddLt(dst: Slot16, src: Slot16, dst2: Slot16, src2: Slot16, limit: Slot, PC)
    case brF32SquaresAddNotLt(dst: Slot16, src: Slot16, dst2: Slot16, src2: Slot16, limit: Slot, PC)
    case brF64SquaresAddLt(dst: Slot16, src: Slot16, dst2: Slot16, src2: Slot16, limit: Slot, PC)
    case brF64SquaresAddNotLt(dst: Slot16, src: Slot16, dst2: Slot16, src2: Slot16, limit: Slot, PC)
    // icalls8-r2
    /// `cond = counter >u cmp` (`GtU`) or `>s` (`GtS`) on the counter's old value, then
    /// `counter = copy = counter + imm`, then a jump when the compare held: `i32GtUImm` /
    /// `i32GtSImm`, `i32AddImmTee` and `brIf` of a rotated counted loop in one op.
    case brI32GtUImmStepTee(cond: Slot16, counter: Slot16, copy: Slot16, cmp: UInt32, imm: UInt32, PC)
    case brI32GtSImmStepTee(cond: Slot16, counter: Slot16, copy: Slot16, cmp: UInt32, imm: UInt32, PC)

    // Memory (memory 0; Wasm 2.0 has at most one).
    case load(LoadOp, dst: Slot, addr: Slot, offset: UInt32)
    case store(StoreOp, addr: Slot, value: Slot, offset: UInt32)
    case memorySize(dst: Slot)
    case memoryGrow(dst: Slot)
    /// Operands `d, val, n` in slots `base..<base+3`.
    case memoryFill(base: Slot)
    case memoryCopy(base: Slot)
    case memoryInit(data: UInt32, base: Slot)
    case dataDrop(UInt32)

    // Tables.
    case tableGet(table: UInt32, dst: Slot)
    case tableSet(table: UInt32, base: Slot)
    case tableSize(table: UInt32, dst: Slot)
    case tableGrow(table: UInt32, base: Slot)
    case tableFill(table: UInt32, base: Slot)
    case tableCopy(dst: UInt32, src: UInt32, base: Slot)
    case tableInit(element: UInt32, table: UInt32, base: Slot)
    case elemDrop(UInt32)
}

/// A lowered function body.
///
/// Frame layout (slots from the frame pointer): parameters, declared locals, the constant
/// pool (constants operands read in place, so `i32.const` & co. need no op), then the
/// operand stack.
final class CompiledFunction {
    /// Index in the module's function index space.
    let functionIndex: UInt32
    let paramCount: Int
    let resultCount: Int
    /// Declared locals (zeroed at entry), after the parameters.
    let localCount: Int
    /// Slots the frame needs: parameters, locals, constants and the deepest operand stack.
    let frameSize: Int
    /// The lowered ops with their threaded handlers (see `ThreadedOp`).
    let code: ThreadedPC
    let codeCount: Int
    /// `br_table` targets of the whole function.
    let tableTargets: UnsafeMutablePointer<PC>
    let tableTargetCount: Int
    /// For each lowered op, the index of the wasm instruction it came from (for backtraces).
    let sourceIndex: [Int32]
    /// The slots a call writes from `entryStart` on: zeros for the declared locals from
    /// `firstZeroedLocal` on, then the constant pool.
    let entrySlots: UnsafeMutablePointer<UInt64>
    /// `localCount` + the constant pool size.
    let entrySlotCount: Int
    /// Declared locals before this one are written before they are read
    /// (`LocalInitialization`): calls leave them as they are.
    let firstZeroedLocal: Int
    /// The first slot a call writes: `paramCount + firstZeroedLocal`.
    let entryStart: Int
    /// The slots a call writes (`entrySlotCount - firstZeroedLocal`) rounded up to whole 4-slot
    /// chunks, in bytes (`entrySlots` is padded with zeros to that size, at least one chunk);
    /// 0 when a call writes no slot.
    let entryChunkBytes: Int
    /// `frameSize` in bytes (the stack check of calls).
    let frameBytes: Int
    /// icalls8: the code reads its first parameter from the accumulator at entry (every call
    /// hands it on there: ThreadedCallArgument.swift); functions built by the lowering and the
    /// artifact reader have it, the ones tests thread by hand do not unless they ask.
    let argumentInAccumulator: Bool

    init(functionIndex: UInt32, paramCount: Int, resultCount: Int, localCount: Int, firstZeroedLocal: Int = 0,
         constants: [UInt64], frameSize: Int, code: [Op], tableTargets: [PC], sourceIndex: [Int32],
         argumentInAccumulator: Bool = false) {
        self.functionIndex = functionIndex
        self.paramCount = paramCount
        self.resultCount = resultCount
        self.localCount = localCount
        self.frameSize = frameSize
        // One header entry before the code: it names this function (see `owner(of:)`).
        let block = ThreadedPC.allocate(capacity: code.count + 1)
        self.code = block + 1
        self.argumentInAccumulator = argumentInAccumulator && paramCount > 0
        ThreadedOp.thread(code, tableTargets: tableTargets, into: self.code, entryHoldsSlot0: self.argumentInAccumulator)
        self.codeCount = code.count
        self.tableTargets = .allocate(capacity: max(tableTargets.count, 1))
        self.tableTargets.initialize(from: tableTargets, count: tableTargets.count)
        self.tableTargetCount = tableTargets.count
        self.sourceIndex = sourceIndex
        entrySlotCount = localCount + constants.count
        self.firstZeroedLocal = min(max(firstZeroedLocal, 0), localCount)
        entryStart = paramCount + self.firstZeroedLocal
        let written = entrySlotCount - self.firstZeroedLocal
        let padded = max((written + 3) & ~3, 4)
        entryChunkBytes = written > 0 ? padded * 8 : 0
        frameBytes = frameSize * 8
        entrySlots = .allocate(capacity: padded)
        entrySlots.initialize(repeating: 0, count: padded)
        (entrySlots + (localCount - self.firstZeroedLocal)).update(from: constants, count: constants.count)
        let bits = UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque())
        var header = ThreadedOp(.trap(.unreachable))
        header.operands.2 = UInt32(truncatingIfNeeded: bits)
        header.operands.3 = UInt32(truncatingIfNeeded: UInt64(bits) >> 32)
        (self.code - 1).initialize(to: header)
    }

    /// The function whose `code` starts at `code` (read from the header entry before it, so
    /// frames and the threaded context keep just the code pointer), unretained.
    @inline(__always)
    static func owner(of code: ThreadedPC) -> Unmanaged<CompiledFunction> {
        let words = (code - 1).pointee.operands
        let bits = UInt(truncatingIfNeeded: UInt64(words.2) | UInt64(words.3) << 32)
        // Written by `init` (never 0); the function owns the code.
        return Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: bits).unsafelyUnwrapped)
    }

    /// Op `k` of the code.
    func op(_ k: Int) -> Op { code[k].op }

    /// Replaces op `k` (and its handler).
    func replaceOp(_ k: Int, with op: Op) { replaceOps([k], with: op) }

    /// Replaces ops `ks` with `op` (the handlers of the whole code are chosen again, once).
    func replaceOps(_ ks: [Int], with op: Op) {
        ThreadedOp.replace(ks, in: code, count: codeCount,
                           tableTargets: Array(UnsafeBufferPointer(start: tableTargets, count: tableTargetCount)), with: op,
                           entryHoldsSlot0: argumentInAccumulator)
    }

    /// The constant pool (slots `paramCount + localCount ..<`).
    var constants: [UInt64] {
        Array(UnsafeBufferPointer(start: entrySlots + (localCount - firstZeroedLocal), count: entrySlotCount - localCount))
    }

    /// Zeroes the declared locals that may be read before written and writes the constant pool
    /// of a frame at `fp`, in whole 4-slot chunks (no per-slot loop or alias checks, and no loop
    /// at all for most functions): up to 3 slots past the entry slots get zeros; nothing is
    /// written when there are none. Those are operand-stack slots of this
    /// frame or free slots above it (dead at entry, and in the buffer: `entryStart` is at most
    /// `frameSize`, and a frame passes the stack check only with the `frameOverhead` of at least
    /// one frame, 4 slots, to spare before the end of the slot buffer).
    @inline(__always)
    func initializeSlots(_ fp: UnsafeMutablePointer<UInt64>) {
        let bytes = entryChunkBytes
        guard bytes != 0 else { return }
        let to = UnsafeMutableRawPointer(fp + entryStart), from = UnsafeRawPointer(entrySlots)
        to.storeBytes(of: from.loadUnaligned(as: SIMD4<UInt64>.self), as: SIMD4<UInt64>.self)
        var k = 32
        while k < bytes {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: SIMD4<UInt64>.self), toByteOffset: k, as: SIMD4<UInt64>.self)
            k &+= 32
        }
    }

    deinit {
        (code - 1).deinitialize(count: codeCount + 1)
        (code - 1).deallocate()
        tableTargets.deallocate()
        entrySlots.deallocate()
    }
}

/// The interpreter's compiled form of a module.
final class CompiledModule {
    let functions: [CompiledFunction]
    /// Unretained references to `functions`, for the execution loop.
    let functionTable: UnsafeMutablePointer<Unmanaged<CompiledFunction>>

    init(functions: [CompiledFunction]) {
        self.functions = functions
        functionTable = .allocate(capacity: max(functions.count, 1))
        for (i, f) in functions.enumerated() { functionTable[i] = .passUnretained(f) }
        for f in functions { linkCalls(in: f) }
    }

    /// Gives every `callDefined` of `f` the callee itself (`t_callDefinedDirect`): one load
    /// less on the chain from the op to the callee's frame layout than through `functionTable`.
    /// A callee whose calls write no entry slot gets its code and frame size instead
    /// (`t_callDefinedCode`): the op alone says where to go.
    private func linkCalls(in f: CompiledFunction) {
        for k in 0..<f.codeCount {
            guard case .callDefined(let callee, _) = f.code[k].op, Int(callee) < functions.count,
                  f.code[k].threaded else { continue }
            let c = functions[Int(callee)]
            if c.entryChunkBytes == 0, let frameBytes = UInt32(exactly: c.frameBytes) {
                let bits = UInt64(UInt(bitPattern: c.code))
                f.code[k].operands.0 = frameBytes
                f.code[k].operands.2 = UInt32(truncatingIfNeeded: bits)
                f.code[k].operands.3 = UInt32(truncatingIfNeeded: bits >> 32)
                // The argument slot in the accumulator: see `ThreadedOp.entersWithFirstArgument`.
                let handsArgument = f.code[k].accumulatorSlot != ThreadedOp.noAccumulator
                f.code[k].handler = handsArgument ? t_callDefinedCodeAccumulator : t_callDefinedCode
                continue
            }
            let bits = UInt64(UInt(bitPattern: functionTable[Int(callee)].toOpaque()))
            f.code[k].operands.2 = UInt32(truncatingIfNeeded: bits)
            f.code[k].operands.3 = UInt32(truncatingIfNeeded: bits >> 32)
            f.code[k].handler = t_callDefinedDirect
        }
    }

    deinit { functionTable.deallocate() }
}
