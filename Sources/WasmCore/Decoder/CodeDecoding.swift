/// Decoding of function bodies (core spec §5.5.13): local declarations and the body expression.
extension BinaryReader {
    /// `vec(locals) expr`. The total number of locals must fit in a u32 ("too many locals").
    /// `byteCount` is the body's size from the code section (a capacity hint only).
    /// Sets `usesDataIndices` if the body uses `memory.init` or `data.drop`.
    /// `visitor` is told where the body starts (`index` among the defined functions) and gets
    /// the decoded body.
    mutating func readFunctionBody<Visitor: FunctionBodyVisitor & ~Copyable>(
        features: Features, byteCount: Int = 0, usesDataIndices: inout Bool, index: Int = 0, visitor: inout Visitor
    ) throws(DecodeError) -> FunctionBody {
        let start = position
        let locals = try readVector { (r: inout BinaryReader) throws(DecodeError) in
            let count = try r.readU32()
            return LocalDecl(count: count, type: try r.readValueType())
        }
        var total: UInt64 = 0
        for decl in locals {
            total += UInt64(decl.count)
            guard total <= UInt64(UInt32.max) else { throw error("too many locals", at: start) }
        }
        visitor.bodyStarts(index, locals: locals)
        let expression = try readExpression(features: features, byteCount: byteCount - (position - start))
        if expression.usesDataIndices { usesDataIndices = true }
        var body = FunctionBody(
            locals: locals, instructions: expression.instructions, offsets: expression.offsets, lists: expression.lists)
        visitor.bodyEnds(&body)
        return body
    }
}
