import Foundation

/// Everything that can go wrong in `HindsightRender`, with messages meant for a person.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A pinned font file is not on disk; `package` is the Debian package that installs it.
    case missingFont(path: String, package: String)
    /// fontconfig refused a step of the font setup.
    case fontconfig(String)
    /// A cairo call ended with a status other than success.
    case cairo(operation: String, status: String)
    /// `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
    case invalidSourceDateEpoch(String)
    /// A render parameter is out of range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .missingFont(let path, let package):
            return "font file \(path) is missing; install the Debian package '\(package)' (apt-get install \(package))"
        case .fontconfig(let message):
            return "fontconfig: \(message)"
        case .cairo(let operation, let status):
            return "cairo failed to \(operation): \(status)"
        case .invalidSourceDateEpoch(let value):
            return "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got '\(value)'"
        case .invalidArgument(let message):
            return message
        }
    }

    public var errorDescription: String? { description }
}
