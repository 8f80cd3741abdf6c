import WasmRuntime

/// Self-looping scan ops (imem2): a `brLoadBumpCountI32*` or `brLoadStepI32*` whose branch
/// targets the op itself (`while (v[i] < p) i++;` after lowering) runs all its iterations in one
/// handler call, with the pointer and counter in registers instead of a store and a reload of
/// their frame slots per iteration. Only when the op's four slots are distinct: then hoisting the
/// compared value out of the loop and storing the slots once at the end is exact. An out-of-bounds
/// load stores the slots as the op would have left them and reports the trap (the caller throws).
/// No epoch or fuel check is skipped: with those enabled the loop's back edge runs a check op,
/// so the branch does not target the op itself.

/// Whether the four slots of a scan op differ (the loop form is exact only then).
@inline(__always)
func distinctScanSlots<S: FixedWidthInteger>(_ s0: S, _ s1: S, _ s2: S, _ s3: S) -> Bool {
    s0 != s1 && s0 != s2 && s0 != s3 && s1 != s2 && s1 != s3 && s2 != s3
}

/// `brLoadBumpCountI32*` looping on itself: bump counter and pointer, load, repeat while
/// `taken(value)`. Returns false on an out-of-bounds load (slots hold the bumped values).
@inline(__always)
func scanBumpCount<S: FixedWidthInteger>(
    _ fp: UnsafeMutablePointer<UInt64>, dst d: S, addr a: S, counter c: S,
    counter n0: UInt32, pointer p0: UInt32, imm: UInt32, memory m: MemoryContext,
    while taken: (UInt32) -> Bool
) -> Bool {
    var n = n0, p = p0, v: UInt32 = 0
    let dn = counterStep(imm), dp = pointerStep(imm)
    repeat {
        n &+= dn
        p &+= dp
        guard let loaded = checkedLoad(UInt32.self, at: p, in: m) else {
            fp[Int(c)] = UInt64(n)
            fp[Int(a)] = UInt64(p)
            return false
        }
        v = loaded
    } while taken(v)
    fp[Int(c)] = UInt64(n)
    fp[Int(a)] = UInt64(p)
    fp[Int(d)] = UInt64(v)
    return true
}

/// Writes what a scan leaves behind: the last value loaded into `dst`, the pointer into `addr`
/// and `copy` (in that order).
@inline(__always)
func storeScanState<S: FixedWidthInteger>(_ fp: UnsafeMutablePointer<UInt64>, dst d: S, addr a: S, copy c: S, value v: UInt32, pointer p: UInt32) {
    fp[Int(d)] = UInt64(v)
    fp[Int(a)] = UInt64(p)
    fp[Int(c)] = UInt64(p)
}

/// `brLoadStepI32*` looping on itself: load, step the pointer (into `addr` and `copy`), repeat
/// while `taken(value)`. Returns false on an out-of-bounds load (slots as the previous
/// iteration left them).
@inline(__always)
func scanStep<S: FixedWidthInteger>(
    _ fp: UnsafeMutablePointer<UInt64>, dst d: S, addr a: S, copy c: S,
    pointer p0: UInt32, imm: UInt32, memory m: MemoryContext,
    while taken: (UInt32) -> Bool
) -> Bool {
    var p = p0, v: UInt32 = 0, first = true
    repeat {
        guard let loaded = checkedLoad(UInt32.self, at: p, in: m) else {
            if !first { storeScanState(fp, dst: d, addr: a, copy: c, value: v, pointer: p) }
            return false
        }
        v = loaded
        p &+= imm
        first = false
    } while taken(v)
    storeScanState(fp, dst: d, addr: a, copy: c, value: v, pointer: p)
    return true
}

/// Whether the slots of a `scanLoadStepCountI32*` allow its register loop: all distinct, except
/// that `copy` may be `addr` (a pointer stepped in place).
@inline(__always)
func stepCountSlotsApart<S: FixedWidthInteger>(dst d: S, addr a: S, copy c: S, other k: S, counter n: S) -> Bool {
    distinctScanSlots(d, a, k, n) && c != d && c != k && c != n
}

/// `scanLoadStepCountI32*` (imem8): step the counter, load, step the pointer (into `addr` and
/// `copy`), repeat while `taken(value, bound)`. With the slots apart (`stepCountSlotsApart`: what
/// lowering makes), counter and pointer stay in registers, `bound` is `other`'s value read once and the
/// slots are written once at the end; otherwise each iteration goes through the slots in the
/// op's order, `other` read after the steps. Leaves the counter's final value in `count` (its
/// slot is the caller's to write) and returns false on an out-of-bounds load.
@inline(__always)
func scanStepCount<S: FixedWidthInteger>(
    _ fp: UnsafeMutablePointer<UInt64>, dst d: S, addr a: S, copy c: S, other k: S, counter n: S,
    count: inout UInt32, bound: UInt64, imm: UInt32, memory m: MemoryContext,
    while taken: (UInt32, UInt64) -> Bool
) -> Bool {
    let dn = counterStep(imm), dp = pointerStep(imm)
    guard stepCountSlotsApart(dst: d, addr: a, copy: c, other: k, counter: n) else {
        return scanStepCountInSlots(fp, dst: d, addr: a, copy: c, other: k, counter: n, count: &count, steps: (dn, dp), memory: m, while: taken)
    }
    var i = UInt32(truncatingIfNeeded: fp[Int(n)]), p = UInt32(truncatingIfNeeded: fp[Int(a)]), v: UInt32 = 0, first = true
    repeat {
        i &+= dn
        guard let loaded = checkedLoad(UInt32.self, at: p, in: m) else {
            count = i
            if !first { storeScanState(fp, dst: d, addr: a, copy: c, value: v, pointer: p) }
            return false
        }
        v = loaded
        p &+= dp
        first = false
    } while taken(v, bound)
    count = i
    storeScanState(fp, dst: d, addr: a, copy: c, value: v, pointer: p)
    return true
}

/// `scanStepCount` one unfused step at a time through the slots (exact whatever slots coincide).
@inline(never)
func scanStepCountInSlots<S: FixedWidthInteger>(
    _ fp: UnsafeMutablePointer<UInt64>, dst d: S, addr a: S, copy c: S, other k: S, counter n: S,
    count: inout UInt32, steps: (counter: UInt32, pointer: UInt32), memory m: MemoryContext,
    while taken: (UInt32, UInt64) -> Bool
) -> Bool {
    var v: UInt32 = 0
    repeat {
        fp[Int(n)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(n)]) &+ steps.counter)
        let p = UInt32(truncatingIfNeeded: fp[Int(a)])
        guard let loaded = checkedLoad(UInt32.self, at: p, in: m) else {
            count = UInt32(truncatingIfNeeded: fp[Int(n)])
            return false
        }
        v = loaded
        fp[Int(d)] = UInt64(v)
        fp[Int(a)] = UInt64(p &+ steps.pointer)
        fp[Int(c)] = UInt64(p &+ steps.pointer)
    } while taken(v, fp[Int(k)])
    count = UInt32(truncatingIfNeeded: fp[Int(n)])
    return true
}
