import Foundation

/// Memory for a figure's pixels, PNG scanlines and compressed output: anonymous mappings that
/// start on a 2 MiB boundary, advised to transparent huge pages, and kept for the next figure
/// of the process when released.
///
/// Why aligned: the kernel backs only whole, aligned 2 MiB ranges of a mapping with huge
/// pages. A malloc'd 8.8 MB buffer starts anywhere, and up to 2 MiB at each end stayed in
/// 4 KiB pages: a timeline PNG at scale 2 still took about 1,200 page faults in its pixels and
/// scanlines (bench, BENCHMARKS.md "Session 7"). Why kept: the figures of a batch or of one
/// `render` are drawn one after another on the same sizes of buffers; a kept buffer is
/// already mapped, so a warm figure touches no new pages at all.
///
/// A buffer handed out is either fresh from the kernel (all zero) or a kept one; `take`
/// zeroes a kept one when asked to, so a pixel buffer always starts as transparent black,
/// like the one `cairo_image_surface_create` allocates.
final class ImageBuffer: @unchecked Sendable {
    // @unchecked: a buffer is used by one thread at a time (from `take` to `give`).
    let pointer: UnsafeMutableRawPointer
    /// Bytes mapped (a multiple of the page size).
    let capacity: Int
    /// Whether every byte is still zero (never handed out before).
    fileprivate var zero = true

    fileprivate init(pointer: UnsafeMutableRawPointer, capacity: Int) {
        self.pointer = pointer; self.capacity = capacity
    }
}

enum ImageBuffers {
    static let hugePage = 2 << 20
    /// Buffers kept for re-use: at most `keptAtMost` of them and `keptBytesAtMost` bytes
    /// (mapped) in all. A figure uses three at once (pixels, compressed output, and scanlines
    /// for an image with alpha), and two threads may draw: a timeline at scale 2 keeps about
    /// 17 MB a thread. Memory a long process (watch, a batch's threads) holds on to stays bounded.
    private static let kept = Locked<[ImageBuffer]>([])
    static let keptAtMost = 6
    static let keptBytesAtMost = 64 << 20

    /// A buffer of at least `count` bytes; its first `count` bytes zero when `zeroed`.
    /// `hugePages`: whether a new mapping is advised to huge pages (not for a buffer of which
    /// only the start is written, such as compressed output).
    static func take(_ count: Int, zeroed: Bool, hugePages: Bool = true) throws -> ImageBuffer {
        let reused: ImageBuffer? = kept.withLock { list in
            // The smallest kept buffer that is large enough.
            var best: Int?
            for (i, b) in list.enumerated() where b.capacity >= count {
                if best.map({ list[$0].capacity > b.capacity }) ?? true { best = i }
            }
            return best.map { list.remove(at: $0) }
        }
        if let reused {
            if zeroed && !reused.zero { memset(reused.pointer, 0, count) }
            reused.zero = false
            return reused
        }
        let buffer = try map(count, hugePages: hugePages)
        buffer.zero = false
        return buffer
    }

    /// Returns a buffer from `take`: kept for the next `take`, the smallest kept ones unmapped
    /// while more than `keptAtMost` or `keptBytesAtMost` are kept.
    static func give(_ buffer: ImageBuffer) {
        guard buffer.capacity <= keptBytesAtMost else { munmap(buffer.pointer, buffer.capacity); return }
        let dropped: [ImageBuffer] = kept.withLock { list in
            list.append(buffer)
            var dropped: [ImageBuffer] = []
            while list.count > keptAtMost || list.reduce(0, { $0 + $1.capacity }) > keptBytesAtMost,
                  let smallest = list.indices.min(by: { list[$0].capacity < list[$1].capacity }) {
                dropped.append(list.remove(at: smallest))
            }
            return dropped
        }
        for b in dropped { munmap(b.pointer, b.capacity) }
    }

    /// Runs `body` with a scratch buffer of `count` bytes (contents undefined); small ones
    /// (under `smallest`) come from malloc and are not kept.
    static func with<R>(_ count: Int, hugePages: Bool = true, _ body: (UnsafeMutableRawPointer) throws -> R) throws -> R {
        if count < smallest {
            let memory = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
            defer { memory.deallocate() }
            return try body(memory)
        }
        let buffer = try take(count, zeroed: false, hugePages: hugePages)
        defer { give(buffer) }
        return try body(buffer.pointer)
    }

    /// Scratch buffers smaller than this are not mapped and kept (an emoji's image in an SVG).
    static let smallest = 256 << 10

    /// A new mapping of `count` bytes starting on a 2 MiB boundary and rounded up to whole
    /// huge pages when it is at least half a huge page long (else to whole pages), advised to
    /// huge pages. (The 4 KiB pages of a partial last huge page were 270 page faults of a
    /// timeline PNG's 8.8 MB of pixels and 6.6 MB of scanlines; a band's 1.4 MB of pixels in
    /// 4 KiB pages were 700 of a timeline's, session 9.)
    private static func map(_ count: Int, hugePages: Bool) throws -> ImageBuffer {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let unit = hugePages && count >= hugePage / 2 ? hugePage : page
        let size = max(page, (count + unit - 1) / unit * unit)
        let slack = unit == hugePage ? hugePage : 0
        guard let raw = mmap(nil, size + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else {
            throw RenderError.invalidArgument("could not map \(count) bytes of image memory")
        }
        let alignment = slack > 0 ? hugePage : page
        let start = (Int(bitPattern: raw) + alignment - 1) & ~(alignment - 1)
        // Unmap the slack before and after the aligned range.
        let head = start - Int(bitPattern: raw)
        if head > 0 { munmap(raw, head) }
        let tail = slack - head
        if tail > 0 { munmap(UnsafeMutableRawPointer(bitPattern: start + size), tail) }
        let pointer = UnsafeMutableRawPointer(bitPattern: start)!
        if slack > 0 { _ = madvise(pointer, size, MADV_HUGEPAGE) }
        return ImageBuffer(pointer: pointer, capacity: size)
    }
}
