/// The decoded outer layers of a component (component model `Binary.md`): imports, exports,
/// nested core modules and components, types and the other definitions, in binary order.
///
/// Produced by `decodeComponent(_:features:)`. Instantiation is not modelled (a later issue).

/// The kind of a WebAssembly binary, told by its preamble.
public enum WasmBinaryKind: Hashable, Sendable {
    /// A core module: `\0asm` and version 1, layer 0.
    case module
    /// A component: `\0asm`, a pre-standard version (0x0d) and layer 1.
    case component

    /// The kind named by the first 8 bytes, or nil if they are not a wasm preamble.
    /// Only looks at the layer: a component with an unsupported version is still `.component`.
    public static func detect<C: Collection>(_ bytes: C) -> WasmBinaryKind? where C.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        guard head.count == 8, head[0..<4] == [0x00, 0x61, 0x73, 0x6D] else { return nil }
        switch (head[6], head[7]) {
        case (0x00, 0x00): return head[4..<6] == [0x01, 0x00] ? .module : nil
        case (0x01, 0x00): return .component
        default: return nil
        }
    }
}

/// A core sort (`core:sort`): what a core index refers to.
public enum CoreSort: UInt8, Hashable, Sendable, CaseIterable {
    case function = 0x00, table = 0x01, memory = 0x02, global = 0x03
    case type = 0x10, module = 0x11, instance = 0x12
}

/// A component sort (`sort`): the index space an index refers to.
public enum ComponentSort: Hashable, Sendable, CustomStringConvertible {
    case core(CoreSort)
    case function, value, type, component, instance

    public var description: String {
        switch self {
        case .core(let s): return "core \(s)"
        case .function: return "func"
        case .value: return "value"
        case .type: return "type"
        case .component: return "component"
        case .instance: return "instance"
        }
    }
}

/// A sort and an index in its index space (`sortidx`).
public struct ComponentSortIndex: Hashable, Sendable {
    public var sort: ComponentSort
    public var index: UInt32

    public init(sort: ComponentSort, index: UInt32) {
        self.sort = sort
        self.index = index
    }
}

/// The bound of an imported or exported type (`typebound`).
public enum ComponentTypeBound: Hashable, Sendable {
    /// Equal to type `index`.
    case equal(UInt32)
    /// A fresh resource type.
    case subResource
}

/// The type of an import or export (`externdesc`).
public enum ComponentExternDesc: Hashable, Sendable {
    case coreModule(typeIndex: UInt32)
    case function(typeIndex: UInt32)
    case value(ComponentValType)
    case type(ComponentTypeBound)
    case component(typeIndex: UInt32)
    case instance(typeIndex: UInt32)

    /// The sort whose index space the import or export extends.
    public var sort: ComponentSort {
        switch self {
        case .coreModule: return .core(.module)
        case .function: return .function
        case .value: return .value
        case .type: return .type
        case .component: return .component
        case .instance: return .instance
        }
    }
}

/// A component import: a name and the type of what is imported.
public struct ComponentImport: Hashable, Sendable {
    public var name: String
    public var type: ComponentExternDesc
    /// Byte offset of the import in the outermost binary.
    public var offset: Int

    /// The kind of the import (the sort of its type).
    public var kind: ComponentSort { type.sort }
}

/// A component export: a name, the exported item and its optional ascribed type.
public struct ComponentExport: Hashable, Sendable {
    public var name: String
    public var item: ComponentSortIndex
    public var ascribedType: ComponentExternDesc?
    /// Byte offset of the export in the outermost binary.
    public var offset: Int

    public var kind: ComponentSort { item.sort }
}

/// A core module nested in a component, decoded and validated, with where it lies in the
/// outermost binary (`bytes[range]` is the module's own binary).
public struct NestedCoreModule: Sendable {
    public var module: ModuleDefinition
    public var range: Range<Int>
}

/// A section (or the rest of one) the decoder skipped because it uses encodings it does not
/// model (see `decodeComponent`'s limitations).
public struct SkippedComponentContent: Hashable, Sendable {
    public var sectionID: UInt8
    /// Where skipping started (an item the decoder does not know), in the outermost binary.
    public var offset: Int
    public var reason: String
}

/// A decoded component.
public struct ComponentDefinition: Sendable {
    /// The binary format version of the preamble (0x0d).
    public var version: UInt16 = 0
    public var imports: [ComponentImport] = []
    public var exports: [ComponentExport] = []
    /// Nested core modules, in binary order (the core module index space's defined modules).
    public var coreModules: [NestedCoreModule] = []
    /// Nested components, in binary order.
    public var components: [ComponentDefinition] = []
    public var coreInstances: [CoreInstanceDefinition] = []
    public var instances: [ComponentInstanceDefinition] = []
    public var coreTypes: [CoreTypeDefinition] = []
    public var types: [ComponentTypeDefinition] = []
    public var aliases: [ComponentAlias] = []
    public var canonicalFunctions: [CanonicalFunction] = []
    public var start: ComponentStart?
    /// Number of entries of value sections (their contents are not decoded).
    public var valueCount = 0
    public var customSections: [CustomSection] = []
    /// Content skipped by section length; empty when the whole component was decoded.
    public var skipped: [SkippedComponentContent] = []
    /// Where the component lies in the outermost binary.
    public var range: Range<Int> = 0..<0

    public init() {}

    /// Every nested core module, this component's first and then those of nested components
    /// (depth first).
    public var allCoreModules: [NestedCoreModule] {
        coreModules + components.flatMap(\.allCoreModules)
    }
}
