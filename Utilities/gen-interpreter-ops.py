#!/usr/bin/env python3
"""Generates the repetitive numeric-op code of the interpreter from one table of specs.

Each specialized numeric op appears in four places: its `Op` case (Op.swift), its evaluation in
`Machine.run` (Machine.swift), its destination rewrite and its selection in `Lowering`
(LoweringFolding.swift). This script rewrites the text between `// BEGIN GENERATED <name>` and
`// END GENERATED` markers in the files given on the command line:

    python3 Utilities/gen-interpreter-ops.py Sources/WasmInterpreter/{Op,Machine,LoweringFolding}.swift

Expressions use the slot helpers of Sources/WasmInterpreter/SlotValues.swift (`i32`, `s32`,
`s64`, `f32`, `f64`, `w`); `a`, `b` are the operand slots of a binary op, `x` that of a unary op.
"""
B = []  # (name, expr, traps)
def b(n, e, pre=None): B.append((n, e, pre))
b('i32Add','w(i32(a) &+ i32(b))'); b('i32Sub','w(i32(a) &- i32(b))'); b('i32Mul','w(i32(a) &* i32(b))')
b('i32And','a & b'); b('i32Or','a | b'); b('i32Xor','a ^ b')
b('i32Shl','w(i32(a) << (i32(b) & 31))'); b('i32ShrU','w(i32(a) >> (i32(b) & 31))'); b('i32ShrS','w(s32(a) >> (s32(b) & 31))')
b('i32Eq','w(a == b)'); b('i32Ne','w(a != b)')
b('i32LtS','w(s32(a) < s32(b))'); b('i32LtU','w(a < b)'); b('i32GtS','w(s32(a) > s32(b))'); b('i32GtU','w(a > b)')
b('i32LeS','w(s32(a) <= s32(b))'); b('i32LeU','w(a <= b)'); b('i32GeS','w(s32(a) >= s32(b))'); b('i32GeU','w(a >= b)')
b('i32DivS','w(s32(a) / s32(b))', ['i32(b) == 0:integerDivideByZero', 's32(a) == Int32.min && s32(b) == -1:integerOverflow'])
b('i32DivU','w(i32(a) / i32(b))', ['i32(b) == 0:integerDivideByZero'])
b('i32RemS','s32(b) == -1 ? 0 : w(s32(a) % s32(b))', ['i32(b) == 0:integerDivideByZero'])
b('i32RemU','w(i32(a) % i32(b))', ['i32(b) == 0:integerDivideByZero'])
b('i64Add','a &+ b'); b('i64Sub','a &- b'); b('i64Mul','a &* b'); b('i64And','a & b'); b('i64Or','a | b'); b('i64Xor','a ^ b')
b('i64Shl','a << (b & 63)'); b('i64ShrU','a >> (b & 63)'); b('i64ShrS','UInt64(bitPattern: s64(a) >> (b & 63))')
b('i64Eq','w(a == b)'); b('i64Ne','w(a != b)')
b('i64LtS','w(s64(a) < s64(b))'); b('i64LtU','w(a < b)'); b('i64GtS','w(s64(a) > s64(b))'); b('i64GtU','w(a > b)')
b('i64LeS','w(s64(a) <= s64(b))'); b('i64LeU','w(a <= b)'); b('i64GeS','w(s64(a) >= s64(b))'); b('i64GeU','w(a >= b)')
b('i64DivS','UInt64(bitPattern: s64(a) / s64(b))', ['b == 0:integerDivideByZero', 's64(a) == Int64.min && s64(b) == -1:integerOverflow'])
b('i64DivU','a / b', ['b == 0:integerDivideByZero'])
b('i64RemS','s64(b) == -1 ? 0 : UInt64(bitPattern: s64(a) % s64(b))', ['b == 0:integerDivideByZero'])
b('i64RemU','a % b', ['b == 0:integerDivideByZero'])
# Rotations: `&<<` / `&>>` take the count modulo the width (a rotation by 0 ors `a` with itself).
b('i32Rotl','w((i32(a) &<< i32(b)) | (i32(a) &>> (32 &- i32(b))))'); b('i32Rotr','w((i32(a) &>> i32(b)) | (i32(a) &<< (32 &- i32(b))))')
b('i64Rotl','(a &<< b) | (a &>> (64 &- b))'); b('i64Rotr','(a &>> b) | (a &<< (64 &- b))')
for t in ('f32', 'f64'):
    for n, o in (('Add','+'),('Sub','-'),('Mul','*'),('Div','/')): b(t+n, f'w({t}(a) {o} {t}(b))')
    for n, o in (('Eq','=='),('Ne','!='),('Lt','<'),('Gt','>'),('Le','<='),('Ge','>=')): b(t+n, f'w({t}(a) {o} {t}(b))')
U = []
def u(n, e): U.append((n, e))
u('i32Eqz', 'w(x == 0)')  # also i64.eqz: slots hold zero-extended values
u('i32WrapI64', 'x & 0xFFFF_FFFF'); u('i64ExtendI32S', 'UInt64(bitPattern: Int64(s32(x)))')
u('i32Extend8S', 'w(Int32(Int8(truncatingIfNeeded: x)))'); u('i32Extend16S', 'w(Int32(Int16(truncatingIfNeeded: x)))')
u('i64Extend8S', 'UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: x)))'); u('i64Extend16S', 'UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: x)))')
u('i64Extend32S', 'UInt64(bitPattern: Int64(s32(x)))')
u('f32ConvertI32S', 'w(Float(s32(x)))'); u('f32ConvertI32U', 'w(Float(i32(x)))')
u('f64ConvertI32S', 'w(Double(s32(x)))'); u('f64ConvertI32U', 'w(Double(i32(x)))'); u('f64ConvertI64S', 'w(Double(s64(x)))')
u('f32DemoteF64', 'w(Float(f64(x)))'); u('f64PromoteF32', 'w(Double(f32(x)))')
u('f32Neg', '(x ^ 0x8000_0000) & 0xFFFF_FFFF'); u('f64Neg', 'x ^ 0x8000_0000_0000_0000')
u('f32Abs', 'x & 0x7FFF_FFFF'); u('f64Abs', 'x & 0x7FFF_FFFF_FFFF_FFFF')
u('f32Sqrt', 'w(f32(x).squareRoot())'); u('f64Sqrt', 'w(f64(x).squareRoot())')

# Immediate forms `dst = src <op> imm` of binary ops whose right operand is a constant: (name,
# the binary op it stands for, imm type, expr over `a` (the slot) and `imm`). `i32.sub` /
# `i64.sub` by a constant become adds of its negation; rotations right become rotations left.
I = []
def imm(n, op, t, e): I.append((n, op, t, e))
imm('i32MulImm', 'i32Mul', 'UInt32', 'w(i32(a) &* imm)'); imm('i32AndImm', 'i32And', 'UInt32', 'a & UInt64(imm)')
imm('i32OrImm', 'i32Or', 'UInt32', 'a | UInt64(imm)'); imm('i32XorImm', 'i32Xor', 'UInt32', 'a ^ UInt64(imm)')
imm('i32ShlImm', 'i32Shl', 'UInt32', 'w(i32(a) &<< imm)'); imm('i32ShrUImm', 'i32ShrU', 'UInt32', 'w(i32(a) &>> imm)')
imm('i32ShrSImm', 'i32ShrS', 'UInt32', 'w(s32(a) &>> Int32(truncatingIfNeeded: imm))')
imm('i32RotlImm', 'i32Rotl', 'UInt32', 'w((i32(a) &<< imm) | (i32(a) &>> (32 &- imm)))')
imm('i64AddImm', 'i64Add', 'UInt64', 'a &+ imm'); imm('i64MulImm', 'i64Mul', 'UInt64', 'a &* imm')
imm('i64AndImm', 'i64And', 'UInt64', 'a & imm'); imm('i64OrImm', 'i64Or', 'UInt64', 'a | imm'); imm('i64XorImm', 'i64Xor', 'UInt64', 'a ^ imm')
imm('i64ShlImm', 'i64Shl', 'UInt64', 'a &<< imm'); imm('i64ShrUImm', 'i64ShrU', 'UInt64', 'a &>> imm')
imm('i64ShrSImm', 'i64ShrS', 'UInt64', 'UInt64(bitPattern: s64(a) &>> s64(imm))')
imm('i64RotlImm', 'i64Rotl', 'UInt64', '(a &<< imm) | (a &>> (64 &- imm))')
# icalls: i32 comparisons with a constant right operand whose result is a value (stored, selected
# on, returned; one followed by a branch still fuses into it), so the constant needs no pool slot.
imm('i32EqImm', 'i32Eq', 'UInt32', 'w(i32(a) == imm)'); imm('i32NeImm', 'i32Ne', 'UInt32', 'w(i32(a) != imm)')
imm('i32LtSImm', 'i32LtS', 'UInt32', 'w(s32(a) < Int32(bitPattern: imm))'); imm('i32LtUImm', 'i32LtU', 'UInt32', 'w(i32(a) < imm)')
imm('i32GtSImm', 'i32GtS', 'UInt32', 'w(s32(a) > Int32(bitPattern: imm))'); imm('i32GtUImm', 'i32GtU', 'UInt32', 'w(i32(a) > imm)')
imm('i32LeSImm', 'i32LeS', 'UInt32', 'w(s32(a) <= Int32(bitPattern: imm))'); imm('i32LeUImm', 'i32LeU', 'UInt32', 'w(i32(a) <= imm)')
imm('i32GeSImm', 'i32GeS', 'UInt32', 'w(s32(a) >= Int32(bitPattern: imm))'); imm('i32GeUImm', 'i32GeU', 'UInt32', 'w(i32(a) >= imm)')

def chunks(xs, n):
    for i in range(0, len(xs), n): yield xs[i:i+n]
out = {}
out['opcases'] = '\n'.join('    case ' + ', '.join(f'{n}(dst: Slot, lhs: Slot, rhs: Slot)' for n, _, _ in c) for c in chunks(B, 3)) + '\n' + \
    '\n'.join('    case ' + ', '.join(f'{n}(dst: Slot, src: Slot)' for n, _ in c) for c in chunks(U, 3)) + '\n' + \
    '\n'.join('    case ' + ', '.join(f'{n}(dst: Slot, src: Slot, imm: {t})' for n, _, t, _ in c) for c in chunks(I, 3))
m = []
for n, e, pre in B:
    m.append(f'            case .{n}(let d, let l, let r):')
    m.append(f'                let a = fp[Int(l)], b = fp[Int(r)]')
    for p in pre or []:
        cond, kind = p.split(':')
        m.append(f'                if {cond} {{ throw trap(.{kind}, pc) }}')
    m.append(f'                fp[Int(d)] = {e}')
for n, e in U:
    m.append(f'            case .{n}(let d, let s):')
    m.append(f'                let x = fp[Int(s)]')
    m.append(f'                fp[Int(d)] = {e}')
for n, _, _, e in I:
    m.append(f'            case .{n}(let d, let s, let imm):')
    m.append(f'                let a = fp[Int(s)]')
    m.append(f'                fp[Int(d)] = {e}')
out['machine'] = '\n'.join(m)
r = []
for n, _, _ in B: r.append(f'        case .{n}(_, let l, let r): return .{n}(dst: d, lhs: l, rhs: r)')
for n, _ in U: r.append(f'        case .{n}(_, let s): return .{n}(dst: d, src: s)')
for n, _, _, _ in I: r.append(f'        case .{n}(_, let s, let i): return .{n}(dst: d, src: s, imm: i)')
out['retarget'] = '\n'.join(r)
out['dest'] = '\n'.join('        case ' + ', '.join(f'.{n}(let d, _, _)' for n, _, _ in c) + ': return d' for c in chunks(B, 6)) + '\n' + \
    '\n'.join('        case ' + ', '.join(f'.{n}(let d, _)' for n, _ in c) + ': return d' for c in chunks(U, 6)) + '\n' + \
    '\n'.join('        case ' + ', '.join(f'.{n}(let d, _, _)' for n, _, _, _ in c) + ': return d' for c in chunks(I, 6))
l = ['        switch op {']
for n, _, _ in B: l.append(f'        case .{n}: return .{n}(dst: d, lhs: l, rhs: r)')
l.append('        default: return .binary(op, dst: d, lhs: l, rhs: r)\n        }')
out['lowerbin'] = '\n'.join(l)
l = ['        switch op {', '        case .i64Eqz: return .i32Eqz(dst: d, src: s)']
for n, _ in U: l.append(f'        case .{n}: return .{n}(dst: d, src: s)')
l.append('        default: return .unary(op, dst: d, src: s)\n        }')
out['lowerun'] = '\n'.join(l)
l = ['        switch op {']
for n, op, t, _ in I:
    v = 'UInt32(truncatingIfNeeded: v)' if t == 'UInt32' else 'v'
    l.append(f'        case .{op}: return .{n}(dst: d, src: s, imm: {v})')
l.append('        default: return nil\n        }')
out['lowerimm'] = '\n'.join(l)
import sys, re
for path in sys.argv[1:]:
    text = open(path).read()
    def rep(mo): return mo.group(1) + out[mo.group(2)] + mo.group(3)
    text = re.sub(r'(// BEGIN GENERATED (\w+)[^\n]*\n).*?(\n[ \t]*// END GENERATED)', rep, text, flags=re.S)
    open(path, 'w').write(text)
