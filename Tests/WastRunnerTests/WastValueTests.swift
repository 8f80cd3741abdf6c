import Testing
import WAT
import WasmEngine
import WastRunner

/// Parses a one-directive script and returns its directive.
func directive(_ source: String) throws -> WASTDirective {
    var script = try parseWAST(source)
    let parsed = try #require(try script.nextDirective())
    return parsed.directive
}

@Suite struct WastValueTests {
    @Test func invokeArgumentsBecomeValues() throws {
        let parsed = try directive("""
            (invoke "f" (i32.const -1) (i64.const 0x8000000000000000) (f32.const nan:0x200000)
                        (f64.const -0.0) (ref.null extern) (ref.extern 7) (ref.null func) (f32.const 1.5))
            """)
        guard case .invoke(let call) = parsed else {
            Issue.record("expected an invoke, got \(parsed)")
            return
        }
        let values = try WastValues.values(call.args)
        #expect(values == [
            .i32(-1), .i64(Int64.min), .f32(0x7FA0_0000), .f64(0x8000_0000_0000_0000),
            .externref(nil), .externref(7), .funcref(nil), .f32(0x3FC0_0000),
        ])
        #expect(call.name == "f")
        #expect(call.module == nil)
    }

    @Test func namedModuleInvoke() throws {
        let parsed = try directive(#"(invoke $M "g" (i32.const 0x7fffffff))"#)
        guard case .invoke(let call) = parsed else {
            Issue.record("expected an invoke, got \(parsed)")
            return
        }
        #expect(call.module == "$M")
        #expect(try WastValues.values(call.args) == [.i32(Int32.max)])
    }

    @Test func v128ArgumentNeedsSIMD() throws {
        var script = try parseWAST(#"(invoke "f" (v128.const i32x4 0 0 0 0))"#, features: [.simd])
        let parsed = try #require(try script.nextDirective()).directive
        guard case .invoke(let call) = parsed else {
            Issue.record("expected an invoke, got \(parsed)")
            return
        }
        #expect(throws: WastValueError.needsSIMD) { try WastValues.values(call.args) }
    }
}
