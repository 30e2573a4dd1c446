import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory render-postmortems [PATH...] [-o DIR] [options]`
///
/// Renders the postmortems of the package it runs in with `hindsight batch`, built from source
/// as the plugin's tool: nothing to install. The arguments are those of `hindsight batch`
/// (`hindsight batch --help`), relative to the package's root; with none, it renders
/// `postmortems/` into `postmortems/figures/`. Fails when an input does, naming each problem.
@main
struct RenderPostmortems: CommandPlugin {
    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        var description: String { "hindsight batch failed (exit status \(status)); see the messages above" }
    }

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let hindsight = try context.tool(named: "hindsight")
        let batchArguments = arguments.isEmpty ? ["postmortems", "-o", "postmortems/figures"] : arguments
        let process = Process()
        process.executableURL = hindsight.url
        process.arguments = ["batch"] + batchArguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus)
        }
    }
}
