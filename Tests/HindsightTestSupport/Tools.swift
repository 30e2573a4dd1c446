import Foundation

/// Command-line tools the tests use when they are installed (poppler, librsvg, qpdf).
public enum Tools {
    /// The tool's path on `PATH`; nil when it is not installed.
    public static func executable(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool found on `PATH` and returns its standard output; nil when it is not installed.
    public static func run(_ tool: String, _ arguments: [String]) throws -> String? {
        guard let path = executable(tool) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `qpdf --check`'s complaints about a PDF: its WARNING and ERROR lines but those holding
    /// one of `ignoring`, or all its output when it failed without such a line. "" for a sound
    /// file; nil when qpdf is not installed.
    public static func qpdfCheck(_ pdf: [UInt8], ignoring: [String] = []) throws -> String? {
        guard let qpdf = executable("qpdf") else { return nil }
        let file = try Scratch.file(pdf, name: "check.pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: qpdf)
        process.arguments = ["--check", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let complaints = out.split(separator: "\n")
            .filter { line in (line.contains("WARNING") || line.contains("ERROR")) && !ignoring.contains { line.contains($0) } }
        // qpdf exits 2 on errors, 3 on warnings only (which `ignoring` may have excused).
        if complaints.isEmpty && process.terminationStatus != 0 && process.terminationStatus != 3 { return out }
        return complaints.joined(separator: "\n")
    }
}
