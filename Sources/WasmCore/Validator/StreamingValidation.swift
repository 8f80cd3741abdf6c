/// Decoding and validation in one pass: each function body is checked right after the decoder
/// read it, while it is still in cache, instead of in a second pass over every body
/// (`decodeModule` then `validateModule`). Errors are exactly the two-pass ones.
///
/// Why the result is the same: the two-pass order reports any decode error first, then any
/// error outside function bodies (`validateDefinitions`), then the first invalid body. Streaming
/// only records the first invalid body and stops checking; `decodeAndValidateModule` throws it
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
        checking = true
    }

    /// Checks the body and attaches its profile (`FunctionBody.profile`) if it is valid.
    mutating func bodyEnds(_ body: inout FunctionBody) {
        guard checking else { return }
        checking = false
        do {
            try validator.checkInstructions(of: body, context: context)
            checkedBodies += 1
            body.profile = validator.takeProfile()
        } catch {
            failure = error
        }
    }
}
