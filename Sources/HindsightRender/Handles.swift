// Small owning wrappers around C pointers. Each frees what it owns in `deinit`, so the rest
// of the module never calls a destroy/unref function by hand.

import CCairo
import CDeflate
import Foundation

/// A cairo surface (image, SVG or PDF).
final class CairoSurface {
    let pointer: OpaquePointer

    /// Takes ownership of a surface returned by a `cairo_*_surface_create*` function and
    /// throws if cairo reports an error (cairo returns an inert "error surface", never NULL).
    init(taking pointer: OpaquePointer, operation: String) throws {
        self.pointer = pointer
        try check(operation)
    }

    deinit { cairo_surface_destroy(pointer) }

    /// A new image surface whose pixels the kernel may back with 2 MiB pages (see
    /// `adviseHugePages`): a figure's image is megabytes, first touched when it is painted.
    static func image(_ format: cairo_format_t, width: Int, height: Int) throws -> CairoSurface {
        let surface = try CairoSurface(taking: cairo_image_surface_create(format, Int32(width), Int32(height)),
                                       operation: "create a \(width)×\(height) pixel image")
        adviseHugePages(cairo_image_surface_get_data(surface.pointer), Int(cairo_image_surface_get_stride(surface.pointer)) * height)
        return surface
    }

    func check(_ operation: String) throws {
        try checkCairo(cairo_surface_status(pointer), operation)
    }

    /// Sets a PDF surface's document information (`DocumentMetadata.pdfFields`), leaving out
    /// empty and nil values.
    func setPDFMetadata(_ fields: [(cairo_pdf_metadata_t, String?)]) {
        for case let (field, value?) in fields where !value.isEmpty {
            cairo_pdf_surface_set_metadata(pointer, field, value)
        }
    }

    /// Writes any pending output (SVG/PDF documents are written here) and closes the surface.
    func finish() throws {
        cairo_surface_finish(pointer)
        try check("finish the surface")
    }
}

/// A cairo drawing context. Keeps its surface alive.
final class CairoContext {
    let pointer: OpaquePointer
    let surface: CairoSurface

    init(_ surface: CairoSurface) throws {
        self.surface = surface
        pointer = cairo_create(surface.pointer)
        try check("create a drawing context")
    }

    deinit { cairo_destroy(pointer) }

    func check(_ operation: String) throws {
        try checkCairo(cairo_status(pointer), operation)
    }
}

/// One reference to a GObject (pango font map, context or layout); released in `deinit`.
final class GObjectRef {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }
}

/// Collects the bytes cairo writes through a `cairo_write_func_t`.
final class ByteSink {
    var bytes: [UInt8] = []

    /// Runs `body` with a closure pointer for `writeToByteSink`; the sink stays alive meanwhile.
    func withClosure<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(Unmanaged.passUnretained(self).toOpaque()) }
    }
}

/// The `cairo_write_func_t` for `ByteSink`: `closure` is a `ByteSink` from `withClosure`.
func writeToByteSink(_ closure: UnsafeMutableRawPointer?, _ data: UnsafePointer<UInt8>?,
                     _ length: UInt32) -> cairo_status_t {
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    if let data, length > 0 {
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    }
    return CAIRO_STATUS_SUCCESS
}

/// Asks the kernel to back the pages of a large, not yet touched buffer with transparent huge
/// pages (2 MiB) where it allows them (`madvise` mode, Debian's default). Why: a timeline PNG
/// at scale 2 touches 16 MB of pixels and scanlines; in 4 KiB pages that was about 3,700 page
/// faults, a third of the process's system time (bench/results/issue17-*). Only a hint: where
/// huge pages are off nothing changes, and the bytes written never do.
func adviseHugePages(_ pointer: UnsafeMutableRawPointer?, _ count: Int) {
    let hugePage = 2 << 20
    guard let pointer, count >= 2 * hugePage else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (Int(bitPattern: pointer) + page - 1) & ~(page - 1)
    let end = (Int(bitPattern: pointer) + count) & ~(page - 1)
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(aligned, end - start, MADV_HUGEPAGE)
}

/// A libdeflate compressor at one level; freed in `deinit`.
final class DeflateCompressor {
    private let pointer: OpaquePointer

    init(level: Int32) throws {
        guard let pointer = libdeflate_alloc_compressor(level) else {
            throw RenderError.invalidArgument("no deflate compressor at level \(level)")
        }
        self.pointer = pointer
    }

    deinit { libdeflate_free_compressor(pointer) }

    /// `input` as one zlib stream (a PNG's IDAT data).
    func zlib(_ input: [UInt8]) throws -> [UInt8] {
        let bound = libdeflate_zlib_compress_bound(pointer, input.count)
        // libdeflate writes the first `count` bytes; the rest of the bound is never read.
        let output = input.withUnsafeBytes { inp in
            [UInt8](unsafeUninitializedCapacity: bound) { out, count in
                count = libdeflate_zlib_compress(pointer, inp.baseAddress, inp.count, out.baseAddress, out.count)
            }
        }
        guard !output.isEmpty else { throw RenderError.invalidArgument("could not compress \(input.count) bytes") }
        return output
    }
}

func checkCairo(_ status: cairo_status_t, _ operation: String) throws {
    guard status != CAIRO_STATUS_SUCCESS else { return }
    throw RenderError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
}

/// A value guarded by a lock. (`Synchronization.Mutex` would do, but needs macOS 15 and the
/// package declares macOS 13.)
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access to `value` goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
