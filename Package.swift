// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Hindsight",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hindsight", targets: ["hindsight"]),
        .library(name: "HindsightModel", targets: ["HindsightModel"]),
        .library(name: "HindsightLayout", targets: ["HindsightLayout"]),
        .library(name: "HindsightRender", targets: ["HindsightRender"]),
        .library(name: "HindsightImport", targets: ["HindsightImport"]),
        .library(name: "HindsightReport", targets: ["HindsightReport"]),
        .plugin(name: "RenderPostmortems", targets: ["RenderPostmortems"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // 5.0.1 keeps both pairs of a duplicated key (with their marks), so the validator can
        // name both lines; 6.x throws with the first position only and is ~4x slower.
        .package(url: "https://github.com/jpsim/Yams", exact: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "HindsightModel",
            // CCmark: text fields are inline Markdown, parsed once here (`Inline.parse`).
            dependencies: [.product(name: "Yams", package: "Yams"), "CCmark"]
        ),
        .target(name: "HindsightLayout", dependencies: ["HindsightModel"]),
        .target(name: "HindsightRender", dependencies: ["HindsightLayout", "CCairo"]),
        .target(name: "HindsightImport", dependencies: ["HindsightModel", "CCmark"]),
        .target(name: "HindsightReport", dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender"]),
        .target(name: "HindsightBatch", dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport"]),
        .executableTarget(
            name: "hindsight",
            dependencies: [
                "HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport", "HindsightBatch", "HindsightReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift package --allow-writing-to-package-directory render-postmortems [batch arguments]`
        .plugin(
            name: "RenderPostmortems",
            capability: .command(
                intent: .custom(verb: "render-postmortems", description: "Render the package's postmortems with `hindsight batch`"),
                permissions: [.writeToPackageDirectory(reason: "writes the rendered figures and their manifest")]
            ),
            dependencies: ["hindsight"]
        ),
        .testTarget(name: "HindsightModelTests", dependencies: ["HindsightModel"]),
        .testTarget(name: "HindsightLayoutTests", dependencies: ["HindsightLayout"]),
        .testTarget(name: "HindsightRenderTests", dependencies: ["HindsightRender", "HindsightLayout", "HindsightModel", "HindsightImport"]),
        .testTarget(name: "HindsightImportTests", dependencies: ["HindsightImport"]),
        .testTarget(name: "HindsightReportTests", dependencies: ["HindsightReport"]),
        .testTarget(name: "HindsightBatchTests", dependencies: ["HindsightBatch"]),
        .testTarget(name: "HindsightCLITests", dependencies: ["HindsightModel", "hindsight"]),
        .testTarget(name: "HindsightPropertyTests", dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport"]),
    ]
)
