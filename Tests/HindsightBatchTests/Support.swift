import Foundation
import HindsightBatch
import HindsightModel
import HindsightRender
import HindsightTestSupport
import Testing

/// A batch of timeline SVGs only (the fastest figure), rendered in this process.
func quickBatch(_ paths: [String], to output: String, shard: Shard? = nil, force: Bool = false, jobs: Int = 2) throws -> BatchReport {
    var config = BatchConfiguration(paths: paths, outputDirectory: output,
                                    renderers: [.figures(FigureOptions(figures: [.timeline], formats: [.svg]))], version: "test")
    config.jobs = jobs
    config.shard = shard
    config.force = force
    config.stopOnSignals = false
    return try Batch.run(config)
}

/// The manifest of a finished batch.
func manifest(in folder: String) throws -> Manifest {
    try Manifest.read(folder + "/" + Manifest.fileName)
}
