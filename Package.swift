// swift-tools-version: 6.1
import PackageDescription

/// SwiftPM compiles with frame pointers (`-Xcc -fno-omit-frame-pointer`). A threaded interpreter
/// handler only jumps to the next one (a tail call), so it is a leaf function: without this setting
/// every executed op would also push, set up and pop %rbp. Measured on the programs of Benchmarks/:
/// 3-13% less interpreter time. Functions that call others keep their frame pointers (backtraces).
/// WasmCore (decoder, validator) and WasmJIT (assembler: many small leaf emitters) use it too:
/// `wasm-bench compile` measured 1-2% more JIT MB/s in parallel, ~0.5% sequentially.
/// SwiftPM refuses unsafe flags in a package used as a versioned dependency: an embedder that
/// depends on a tagged release sets `SWIFTWASMFUZZ_SAFE_FLAGS=1` while resolving and building.
let omitLeafFramePointers: [SwiftSetting] = Context.environment["SWIFTWASMFUZZ_SAFE_FLAGS"] != nil ? []
    : [.unsafeFlags(["-Xcc", "-momit-leaf-frame-pointer"], .when(platforms: [.linux]))]

let package = Package(
    name: "SwiftWasmFuzz",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WasmEngine", targets: ["WasmEngine"]),
        .library(name: "WasmCore", targets: ["WasmCore"]),
        .library(name: "WasmJIT", targets: ["WasmJIT"]),
        .executable(name: "wasm", targets: ["WasmCLI"]),
        .library(name: "WastRunner", targets: ["WastRunner"]),
        .executable(name: "fuzz", targets: ["FuzzCLI"]),
        .executable(name: "wasm-bench", targets: ["WasmBench"]),
        .library(name: "WasmSmith", targets: ["WasmSmith"]),
        // For the libFuzzer package in Fuzz/.
        .library(name: "WasmFuzzing", targets: ["WasmFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Types, binary decoder and validator: bytes -> Module -> validated Module.
        .target(name: "WasmCore", swiftSettings: omitLeafFramePointers),
        // Backend-independent runtime objects (store, instances, memories, tables, globals, traps,
        // instantiation, epoch/fuel state) shared by the interpreter and the JIT.
        .target(
            name: "WasmRuntime",
            dependencies: ["WasmCore", .product(name: "Atomics", package: "swift-atomics")]
        ),
        // The interpreter backend (lowering + execution).
        .target(
            name: "WasmInterpreter",
            dependencies: ["WasmCore", "WasmRuntime", .product(name: "Atomics", package: "swift-atomics")],
            swiftSettings: omitLeafFramePointers
        ),
        // The public, wasmtime-shaped API: Config, Engine, Store, Module, Linker, Instance, ...
        .target(
            name: "WasmEngine",
            dependencies: [
                "WasmCore", "WasmRuntime", "WasmInterpreter", "WasmJIT", "CWasmFiber",
                .product(name: "WAT", package: "WasmKit"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Runs `.wast` spec scripts against the public API, for any `Config` (backend).
        .target(
            name: "WastRunner",
            dependencies: ["WasmEngine", .product(name: "WAT", package: "WasmKit")]
        ),
        // The testable part of the `wasm` CLI: argument values, result formatting, JSON.
        .target(
            name: "WasmCLIKit",
            dependencies: ["WasmEngine", .product(name: "WAT", package: "WasmKit")]
        ),
        // C helpers for the JIT: cpuid and the entry trampoline into generated code.
        .target(name: "CWasmJIT"),
        // The context switch between a caller's stack and a fiber's stack, for async calls.
        .target(name: "CWasmFiber"),
        // x86-64 JIT foundation: assembler, executable memory, entry path.
        .target(
            name: "WasmJIT", dependencies: ["WasmCore", "WasmRuntime", "WasmInterpreter", "CWasmJIT"],
            swiftSettings: omitLeafFramePointers
        ),
        // The module generator (wasm-smith-like): bytes -> valid ModuleDefinition.
        .target(name: "WasmSmith", dependencies: ["WasmCore"]),
        // `fuzz`: generator and (later) differential campaign commands.
        .executableTarget(
            name: "FuzzCLI",
            dependencies: [
                "WasmCore", "WasmSmith", "WasmFuzzing", "WasmOracle", "WasmCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // System zlib (Debian's zlib1g-dev), found through pkg-config.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The gzip-compressed fuzzing corpus: pack, unpack, merge, stats.
        .target(
            name: "WasmCorpus",
            dependencies: ["CZlib", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The differential oracle: one module on every engine, compared precisely.
        .target(
            name: "WasmOracle",
            dependencies: ["WasmCore", "WasmEngine", "WasmSmith", .product(name: "WasmKit", package: "WasmKit")]
        ),
        // Campaigns, fuzz cases, mutations and findings: the logic behind `swift run fuzz`.
        .target(
            name: "WasmFuzzing",
            dependencies: [
                "WasmCore", "WasmSmith", "WasmOracle", "WasmCorpus", "WasmEngine",
                .product(name: "WasmKit", package: "WasmKit"),
            ]
        ),
        // `swift run -c release wasm-bench`: backends, compile speed, generator and oracle throughput.
        .executableTarget(
            name: "WasmBench",
            dependencies: [
                "WasmEngine", "WasmSmith", "WasmFuzzing", "WasmOracle",
                .product(name: "WasmKit", package: "WasmKit"),
            ],
            path: "Benchmarks/WasmBench"
        ),
        .executableTarget(
            name: "WasmCLI",
            dependencies: [
                "WasmEngine", "WasmCLIKit", "WastRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "WasmCoreTests",
            dependencies: ["WasmCore", "WasmSmith", "WastRunner", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "WasmSmithTests",
            dependencies: ["WasmSmith", "WasmCore", "WasmOracle", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "WasmEngineTests",
            dependencies: ["WasmEngine", "WasmCore", "WasmSmith", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(name: "WasmCorpusTests", dependencies: ["WasmCorpus"]),
        .testTarget(
            name: "WasmJITTests",
            dependencies: ["WasmJIT", "WasmEngine", "WasmCore", "WasmSmith", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "WasmOracleTests",
            dependencies: ["WasmOracle", "WasmCore", .product(name: "WAT", package: "WasmKit")]
        ),
        // Tests against the external peers (wasmtime, wasm-tools); skipped without ci/peers/install.sh.
        .testTarget(
            name: "PeerTests",
            dependencies: ["WasmOracle", "WasmFuzzing", "WasmSmith", "WasmCore", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "WasmFuzzingTests",
            dependencies: ["WasmFuzzing", "WasmOracle", "WasmCore", "WasmSmith", "WasmEngine", "WasmCorpus", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "SpecTests",
            dependencies: ["WastRunner", "WasmEngine", "WasmCore", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "WastRunnerTests",
            dependencies: ["WastRunner", "WasmEngine", .product(name: "WAT", package: "WasmKit")]
        ),
        // Component decoding, fixtures in Tests/ComponentTests/Fixtures (read from disk).
        .testTarget(
            name: "ComponentTests",
            dependencies: ["WasmCore", "WasmEngine"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "WasmCLIKitTests",
            dependencies: ["WasmCLIKit", "WasmEngine"]
        ),
    ]
)
