import Testing
import WasmEngine

/// Threaded handlers get memory 0's base as an argument and its size in the threaded context,
/// both read when a threaded run starts: every way the memory can grow (`memory.grow`, a call into another instance that
/// grows a shared memory) must end the run first, so the next access sees the new size.
/// Addresses past the first page trap before the growth and work after it.
@Suite struct ThreadedMemoryRegisterTests {
    @Test func accessesRightAfterMemoryGrow() throws {
        let (_, inst) = try instantiate("""
        (module (memory 1 4)
          (func (export "f") (param i32) (result i32)
            (drop (memory.grow (i32.const 1)))
            (i32.store (i32.const 70000) (i32.add (local.get 0) (i32.const 1)))
            (i32.add (i32.load (i32.const 70000)) (memory.size)))
          (func (export "peek") (result i32) (i32.load (i32.const 70000))))
        """)
        #expect(trapKind { try call(inst, "peek") } == .outOfBoundsMemoryAccess)
        // After one growth: 2 pages; the stored value is param + 1.
        #expect(try call(inst, "f", [.i32(41)]) == [.i32(42 + 2)])
        #expect(try call(inst, "peek") == [.i32(42)])
        #expect(try call(inst, "f", [.i32(9)]) == [.i32(10 + 3)])
    }

    @Test func accessesAfterAnotherInstanceGrowsTheMemory() throws {
        let e = try interpreterEngine()
        let store = Store(e)
        let lib = try Instance(store, module: try Module(e, wat: """
        (module (memory (export "m") 1 4)
          (func (export "grow") (result i32) (memory.grow (i32.const 1))))
        """), imports: [])
        guard let memory = lib.export("m"), let grow = lib.export("grow") else {
            Issue.record("missing exports")
            return
        }
        let user = try Instance(store, module: try Module(e, wat: """
        (module (import "lib" "m" (memory 1)) (import "lib" "grow" (func $grow (result i32)))
          (func (export "f") (param i32) (result i32)
            (local.set 0 (i32.mul (local.get 0) (i32.const 3)))
            (drop (call $grow))
            (i32.store (i32.const 131000) (local.get 0))
            (i32.load (i32.const 131000))))
        """), imports: [memory, grow])
        // The first growth makes 2 pages (131072 bytes): address 131000 + 4 fits.
        #expect(try call(user, "f", [.i32(5)]) == [.i32(15)])
        #expect(try call(user, "f", [.i32(7)]) == [.i32(21)])
    }
}
