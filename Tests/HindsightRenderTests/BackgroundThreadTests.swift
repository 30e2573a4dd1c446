import Dispatch
import Foundation
@testable import HindsightRender
import HindsightLayout
import Testing

@Suite struct BackgroundThreadTests {
    /// The body runs, once, on a thread other than the caller's.
    @Test func theBodyRunsOnceOnAnotherThread() {
        let caller = UInt(bitPattern: Int(bitPattern: pthread_self()))
        let ran = Locked<[Bool]>([])
        let done = DispatchSemaphore(value: 0)
        let started = BackgroundThread.start {
            ran.withLock { $0.append(UInt(bitPattern: Int(bitPattern: pthread_self())) != caller) }
            done.signal()
        }
        #expect(started)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(ran.withLock { $0 } == [true])
    }

    /// A warm-up started twice makes one shaper; asking for a shaper meanwhile waits for it
    /// rather than failing or hanging, and measures as a shaper made on the spot does.
    @Test func aShaperAskedForDuringTheWarmUpIsTheWarmedOne() throws {
        FontSetup.prepareInBackground()
        FontSetup.prepareInBackground()
        let measurer = try PangoTextMeasurer()
        let warmed = measurer.measure("Deploy 4.2.1 rolled back", font: FontSpec(size: 14), wrapWidth: nil, align: .left)
        let fresh = TextShaper().layout("Deploy 4.2.1 rolled back", font: FontSpec(size: 14), wrapWidth: nil, align: .left, styles: [])
        #expect(warmed.width == fresh.metrics.width)
    }
}
