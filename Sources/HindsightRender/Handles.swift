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

    /// A new image surface, transparent black like `cairo_image_surface_create`'s, whose
    /// pixels are an `ImageBuffers` buffer (2 MiB-aligned, in huge pages where the kernel
    /// allows, kept for the next image when the surface is destroyed): a figure's image is
    /// megabytes, first touched when it is painted.
    ///
    /// `cleared: false` leaves the pixels of a re-used buffer as they are, for a caller that
    /// paints every pixel opaque first (an RGB24 figure's background): clearing 8.8 MB was 3%
    /// of a warm timeline PNG.
    static func image(_ format: cairo_format_t, width: Int, height: Int, cleared: Bool = true) throws -> CairoSurface {
        let stride = Int(cairo_format_stride_for_width(format, Int32(width)))
        guard stride > 0, width > 0, height > 0 else {
            return try CairoSurface(taking: cairo_image_surface_create(format, Int32(width), Int32(height)),
                                    operation: "create a \(width)×\(height) pixel image")
        }
        let buffer = try ImageBuffers.take(stride * height, zeroed: cleared)
        let pointer = cairo_image_surface_create_for_data(buffer.pointer.assumingMemoryBound(to: UInt8.self), format,
                                                          Int32(width), Int32(height), Int32(stride))!
        let owner = Unmanaged.passRetained(buffer).toOpaque()
        guard cairo_surface_set_user_data(pointer, pixelsKey, owner, { owner in
            ImageBuffers.give(Unmanaged<ImageBuffer>.fromOpaque(owner!).takeRetainedValue())
        }) == CAIRO_STATUS_SUCCESS else {
            Unmanaged<ImageBuffer>.fromOpaque(owner).release()
            cairo_surface_destroy(pointer)
            ImageBuffers.give(buffer)
            throw RenderError.cairo(operation: "create a \(width)×\(height) pixel image", status: "out of memory")
        }
        return try CairoSurface(taking: pointer, operation: "create a \(width)×\(height) pixel image")
    }

    /// The key under which an image surface keeps its `ImageBuffer` (cairo compares addresses).
    private nonisolated(unsafe) static let pixelsKey = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)

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
