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
        // libdeflate: the Adler-32 of PNG scanlines (vectorised; PNGEncoder). The deflate
        // encoder itself is ScanlineDeflate.
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Linux calls that need _GNU_SOURCE (threads placed on a CPU, dladdr, renameat2), in a C
        // file of their own so that no module's headers are read with it.
        .target(name: "CSystem"),
        .target(
            name: "HindsightModel",
            // CCmark: text fields are inline Markdown, parsed once here (`Inline.parse`).
            dependencies: [.product(name: "Yams", package: "Yams"), "CCmark", "CSystem"]
        ),
        .target(name: "HindsightLayout", dependencies: ["HindsightModel"]),
        .target(name: "HindsightRender", dependencies: ["HindsightLayout", "CCairo", "CDeflate", "CSystem"]),
        .target(name: "HindsightImport", dependencies: ["HindsightModel", "CCmark"]),
        .target(name: "HindsightReport", dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender"]),
        .target(name: "HindsightBatch", dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport"]),
        // `hindsight watch`: inotify watcher, the change → render session, the preview server.
        .target(name: "HindsightWatch", dependencies: ["HindsightModel", "HindsightRender"]),
        .executableTarget(
            name: "hindsight",
            dependencies: [
                "HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport", "HindsightBatch", "HindsightReport", "HindsightWatch",
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
        // Fixtures, the CLI runner, scratch folders and tool checks shared by every test target.
        .target(
            name: "HindsightTestSupport",
            dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport"],
            path: "Tests/HindsightTestSupport"
        ),
        .testTarget(name: "HindsightModelTests", dependencies: ["HindsightModel", "HindsightTestSupport"]),
        .testTarget(name: "HindsightLayoutTests", dependencies: ["HindsightLayout", "HindsightTestSupport"]),
        .testTarget(name: "HindsightRenderTests", dependencies: ["HindsightRender", "HindsightLayout", "HindsightModel", "HindsightImport", "HindsightTestSupport"]),
        .testTarget(name: "HindsightImportTests", dependencies: ["HindsightImport", "HindsightTestSupport"]),
        .testTarget(name: "HindsightReportTests", dependencies: ["HindsightReport", "HindsightLayout", "HindsightRender", "HindsightTestSupport"]),
        .testTarget(name: "HindsightBatchTests", dependencies: ["HindsightBatch", "HindsightTestSupport"]),
        .testTarget(name: "HindsightWatchTests", dependencies: ["HindsightWatch", "HindsightModel", "HindsightRender", "HindsightTestSupport"]),
        .testTarget(name: "HindsightCLITests", dependencies: ["HindsightModel", "hindsight", "HindsightTestSupport"]),
        .testTarget(name: "HindsightPropertyTests", dependencies: ["HindsightModel", "HindsightLayout", "HindsightRender", "HindsightImport", "HindsightTestSupport"]),
    ]
)
