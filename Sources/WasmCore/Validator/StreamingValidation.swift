/// Decoding and validation in one pass: each instruction is checked as soon as the decoder read
/// it, inside the decoder's case for its opcode (see `FunctionBodyVisitor`), instead of in a
/// second pass over every body (`decodeModule` then `validateModule`). Errors are exactly the
/// two-pass ones.
///
/// Why the result is the same: the two-pass order reports any decode error first, then any
/// error outside function bodies (`validateDefinitions`), then the first invalid body. Streaming
/// only records the first invalid body (its first invalid instruction) and stops checking; `decodeAndValidateModule` throws it
/// after decoding finished and the definitions were checked. The bodies are checked against a
/// context built from the sections before the code section: the sections after it (data) only
/// matter to bodies through the data count, which a body cannot use without a data count
/// section (a decode error), or through `ref.func` in a data offset, which the definitions
/// reject (an offset is one `i32` constant).

/// Decodes and validates a module in one pass over its bytes. Throws exactly what
/// `decodeModule` followed by `validateModule` throws, and returns the same module.
public func decodeAndValidateModule(_ bytes: [UInt8], features: Features = .wasm2) throws -> ModuleDefinition {
    var streaming = StreamingValidation(features: features)
    var decoder = ModuleDecoder(bytes: bytes, features: features)
    let module = try decoder.decode(visitor: &streaming)
    var validator = ModuleValidator(features: features)
    try validator.validate(module, firstUncheckedBody: streaming.checkedBodies, firstBodyFailure: streaming.failure)
    return module
}

/// The decoder's body visitor that validates each body as soon as it is decoded, and attaches
/// its `BodyProfile` to each valid body.
struct StreamingValidation: FunctionBodyVisitor, ~Copyable {
    let features: Features
    var validator = FunctionValidator()
    /// The context of the code section (see the file comment).
    var context: ModuleContext
    /// The first body that failed validation, if any: no later body is checked.
    private(set) var failure: ValidationError?
    /// Bodies `0..<checkedBodies` passed.
    private(set) var checkedBodies = 0
    /// Whether the current body is being checked.
    private var checking = false
    /// Whether instructions must be checked against `features` (some Wasm 2.0 feature is off).
    private var checksFeatures = false

    init(features: Features) {
        self.features = features
        context = ModuleContext(ModuleDefinition(), features: features)
    }

    mutating func codeSectionStarts(_ module: ModuleDefinition) {
        context = ModuleContext(module, features: features)
        context.declareReferences(of: module)
    }

    /// Parallel validation (`ParallelDecoding.swift`): checks body `index` next, as if the
    /// bodies before it had passed.
    mutating func resume(atBody index: Int) {
        failure = nil
        checkedBodies = index
    }

    mutating func bodyStarts(_ index: Int, locals: [LocalDecl]) {
        checking = false
        // Check bodies in order up to the first failure; an unknown type is a definitions
        // error, which the caller reports (it checks any unchecked body itself too).
        guard failure == nil, index == checkedBodies else { return }
        let functionIndex = UInt32(clamping: context.importedFunctionCount + index)
        guard let type = context.functionType(functionIndex) else { return }
        do {
            try validator.begin(locals: locals, type: type, functionIndex: functionIndex, context: context)
        } catch {
            failure = error
            return
        }
        checksFeatures = !context.features.isSuperset(of: .wasm2)
        checking = true
    }

    mutating func decodingInstructions<Result>(
        _ read: (UnsafeMutablePointer<StreamingValidation>?) throws(DecodeError) -> Result
    ) throws(DecodeError) -> Result {
        try withUnsafeMutablePointer(to: &self) { (pointer) throws(DecodeError) in try read(pointer) }
    }

    /// Applies the typing rule of `instruction` (inlined into each of the decoder's cases, where
    /// `step`'s switch folds to the one rule). An error gets the instruction's offset, as the
    /// two-pass validator reports it.
    @inline(__always)
    mutating func visit(_ instruction: Instruction, at offset: Int, lists: [UInt32]) {
        guard checking else { return }
        do {
            if checksFeatures { try validator.checkFeature(instruction, context.features) }
            try validator.step(instruction, context, lists: lists)
        } catch {
            var located = error
            located.offset = offset
            failure = located
            checking = false
        }
    }

    /// The decoder stops at the `end` that closes the function's frame (its open blocks are the
    /// validator's frames), so a body whose every instruction passed is valid.
    mutating func bodyEnds(_ body: inout FunctionBody) {
        guard checking else { return }
        checking = false
        if validator.isFinished {
            checkedBodies += 1
            body.profile = validator.takeProfile()
        } else {
            failure = ValidationError("unexpected end of section or function", functionIndex: validator.functionIndex)
        }
    }
}
