/// Component type definitions (component model `Binary.md`, "Type Definitions"): value types,
/// function types, component and instance types, resources, and the core types of components.

/// A primitive component value type, with its binary opcode.
public enum ComponentPrimitiveType: UInt8, Hashable, Sendable, CaseIterable {
    case bool = 0x7F, s8 = 0x7E, u8 = 0x7D, s16 = 0x7C, u16 = 0x7B, s32 = 0x7A, u32 = 0x79
    case s64 = 0x78, u64 = 0x77, f32 = 0x76, f64 = 0x75, char = 0x74, string = 0x73
    case errorContext = 0x64
}

/// A value type: a primitive or the index of a defined value type.
public enum ComponentValType: Hashable, Sendable {
    case primitive(ComponentPrimitiveType)
    case typeIndex(UInt32)
}

/// A value type with a label (record field, parameter, named result).
public struct LabeledValType: Hashable, Sendable {
    public var label: String
    public var type: ComponentValType

    public init(label: String, type: ComponentValType) {
        self.label = label
        self.type = type
    }
}

/// A case of a variant: a label and an optional payload type.
public struct VariantCase: Hashable, Sendable {
    public var label: String
    public var type: ComponentValType?

    public init(label: String, type: ComponentValType?) {
        self.label = label
        self.type = type
    }
}

/// A defined value type (`defvaltype`). Its parts are value types (indices or primitives), so
/// this type is not recursive.
public enum ComponentDefinedType: Hashable, Sendable {
    case primitive(ComponentPrimitiveType)
    case record([LabeledValType])
    case variant([VariantCase])
    case list(ComponentValType)
    case fixedSizeList(ComponentValType, length: UInt32)
    case tuple([ComponentValType])
    case flags([String])
    case enumeration([String])
    case option(ComponentValType)
    case result(ok: ComponentValType?, error: ComponentValType?)
    case own(UInt32)
    case borrow(UInt32)
    case stream(ComponentValType?)
    case future(ComponentValType?)
    case map(key: ComponentValType, value: ComponentValType)
}

/// The results of a component function: one unnamed type, or named ones (possibly none).
public enum ComponentFuncResults: Hashable, Sendable {
    case unnamed(ComponentValType)
    case named([LabeledValType])
}

/// A component function type.
public struct ComponentFuncType: Hashable, Sendable {
    public var params: [LabeledValType]
    public var results: ComponentFuncResults
    /// Whether the function type is `async` (opcode 0x43 rather than 0x40).
    public var isAsync: Bool

    public init(params: [LabeledValType], results: ComponentFuncResults, isAsync: Bool = false) {
        self.params = params
        self.results = results
        self.isAsync = isAsync
    }
}

/// A component type definition (`deftype`, or a resource type).
public indirect enum ComponentTypeDefinition: Hashable, Sendable {
    case defined(ComponentDefinedType)
    case function(ComponentFuncType)
    case component([ComponentTypeDeclaration])
    case instance([ComponentTypeDeclaration])
    case resource(representation: ValueType, destructor: UInt32?)
}

/// A declaration inside a component or instance type.
public indirect enum ComponentTypeDeclaration: Hashable, Sendable {
    case coreType(CoreTypeDefinition)
    case type(ComponentTypeDefinition)
    case alias(ComponentAlias)
    case export(name: String, type: ComponentExternDesc)
    /// Only in component types.
    case `import`(name: String, type: ComponentExternDesc)
}

/// A core type of a component: a core function type or a core module type.
public enum CoreTypeDefinition: Hashable, Sendable {
    case function(FuncType)
    case module([CoreModuleTypeDeclaration])
}

/// A declaration inside a core module type.
public enum CoreModuleTypeDeclaration: Hashable, Sendable {
    case `import`(Import)
    case type(FuncType)
    /// `(alias outer count index (type))`.
    case outerTypeAlias(count: UInt32, index: UInt32)
    case export(name: String, descriptor: ImportDescriptor)
}
