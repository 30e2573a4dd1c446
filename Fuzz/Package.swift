// swift-tools-version:6.0
import Foundation
import PackageDescription

// Hardening tools for Hindsight, kept out of the main package so their build flags stay private.
// - FuzzIncident, FuzzJSON, FuzzMarkdown, FuzzDeflate: libFuzzer targets, built and run by
//   scripts/fuzz.sh (`-sanitize=fuzzer,address -parse-as-library`). SwiftPM links an
//   executable's `main` to `<Module>_main`, so each target defines that and hands its
//   `LLVMFuzzerTestOneInput` to libFuzzer's driver (FuzzChecks.runFuzzer). FuzzDeflate checks
//   HindsightRender's deflate encoder against the system zlib (CZlib: zlib1g-dev).
// - RenderSoak: renders the built-in example's figures over and over, for scripts/leak-check.sh.

// SwiftPM names a path dependency after its folder, whatever the checkout is called.
let hindsight = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "HindsightFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .systemLibrary(name: "CZlib"),
        .target(name: "FuzzChecks", dependencies: ["CLibFuzzer", .product(name: "HindsightModel", package: hindsight)]),
        .executableTarget(name: "FuzzIncident", dependencies: ["FuzzChecks", .product(name: "HindsightModel", package: hindsight)]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzChecks", .product(name: "HindsightModel", package: hindsight)]),
        .executableTarget(name: "FuzzMarkdown", dependencies: [
            "FuzzChecks",
            .product(name: "HindsightModel", package: hindsight),
            .product(name: "HindsightImport", package: hindsight),
        ]),
        .executableTarget(name: "FuzzDeflate", dependencies: [
            "FuzzChecks",
            "CZlib",
            .product(name: "HindsightRender", package: hindsight),
        ]),
        .executableTarget(name: "RenderSoak", dependencies: [
            .product(name: "HindsightModel", package: hindsight),
            .product(name: "HindsightLayout", package: hindsight),
            .product(name: "HindsightRender", package: hindsight),
        ]),
    ]
)
