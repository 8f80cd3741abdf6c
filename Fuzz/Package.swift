// swift-tools-version:5.4
// libFuzzer targets. Tools version 5.4 on purpose: from 5.5 on SwiftPM renames each executable's
// entry point to `<Target>_main` and links it as `main`, which replaces libFuzzer's own `main`
// (the binary then exits at once). See docs/libfuzzer.md for the build and run commands.
import PackageDescription

let targets = ["decode_validate", "smith_validate", "smith_diff", "smith_interp", "smith_jit", "deserialize", "decode_component"]

let package = Package(
    name: "Fuzz",
    dependencies: [
        .package(name: "Root", path: ".."),
    ],
    targets: targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "WasmFuzzing", package: "Root")],
            path: "Sources/\(name)"
        )
    }
)
