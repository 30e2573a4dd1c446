import Testing
@testable import HindsightBatch

@Test func batchModuleBuilds() { _ = Batch.self }
