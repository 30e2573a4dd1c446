/// Wall-clock times that daylight saving makes impossible or ambiguous. A time inside a gap
/// (New York, 2024-03-10 02:30) names no instant: it is an error (`time-nonexistent`) naming
/// the gap, never shifted silently. A time in the repeated hour (2024-11-03 01:30) is read
/// as its first occurrence, with a warning (`time-ambiguous`) saying so and how to write the
/// other one.
extension IncidentDecoder {
    mutating func instant(of wall: WallTime, in zone: Zone, at loc: SourceLocation, _ path: String) -> Int64? {
        let written = "\(wall.dateText) \(wall.clockText)"
        switch zone.resolve(wall) {
        case .exact(let epoch):
            return epoch
        case .nonexistent(let transition, let before, let after):
            let from = WallTime(secondsSinceEpoch: transition + Int64(before)), to = WallTime(secondsSinceEpoch: transition + Int64(after))
            sink.error("time-nonexistent", loc,
                       "`\(path)` is \(written), a time that does not exist in \(zone.written): on \(from.dateText) clocks jumped from \(from.clockText) to \(to.clockText) (\(Zone.offsetText(before)) to \(Zone.offsetText(after))); write a time outside the gap, or an offset")
            return nil
        case .ambiguous(let earlier, let later):
            let first = zone.offset(at: earlier), second = zone.offset(at: later)
            sink.warning("time-ambiguous", loc,
                         "`\(path)` is \(written), which happens twice in \(zone.written) (clocks went back from \(Zone.offsetText(first)) to \(Zone.offsetText(second))); read as the first, \(wall.dateText)T\(wall.clockText)\(Zone.offsetText(first)); write `\(wall.dateText)T\(wall.clockText)\(Zone.offsetText(second))` for the second")
            return earlier
        }
    }
}
