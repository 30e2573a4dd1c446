import Foundation
import HindsightRender

/// What the preview shows: the output files (names inside the output folder), the
/// diagnostics of the last render, and a version that changes whenever either does.
public struct PreviewState: Sendable, Equatable {
    public var version: Int
    public var files: [String]
    public var problems: [String]
    public init(version: Int = 0, files: [String] = [], problems: [String] = []) {
        self.version = version
        self.files = files
        self.problems = problems
    }
}

/// The preview page: every PNG figure shown (an SVG when a figure has no PNG), the other files
/// linked, the diagnostics on top. A few lines of script listen on `events` (server-sent
/// events) and reload the page when the version it was drawn at is no longer the current one,
/// so a reconnect after a missed event reloads too.
public enum PreviewPage {
    public static let eventsPath = "/events"
    public static let filesPrefix = "/files/"

    public static func html(_ state: PreviewState, title: String) -> String {
        let images = shownImages(state.files)
        let others = state.files.filter { !images.contains($0) }
        var body = ""
        if !state.problems.isEmpty {
            body += "<pre class=\"problems\">\(escape(state.problems.joined(separator: "\n")))</pre>\n"
        }
        if state.files.isEmpty { body += "<p>Nothing rendered yet.</p>\n" }
        for name in images {
            let src = "\(filesPrefix.dropFirst())\(percentEncoded(name))?v=\(state.version)"
            body += "<figure><img src=\"\(escape(src))\" alt=\"\(escape(name))\"><figcaption>\(escape(name))</figcaption></figure>\n"
        }
        if !others.isEmpty {
            body += "<ul>\n"
            for name in others {
                body += "<li><a href=\"\(escape("\(filesPrefix.dropFirst())\(percentEncoded(name))"))\">\(escape(name))</a></li>\n"
            }
            body += "</ul>\n"
        }
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 1.5rem; background: #f4f4f4; color: #222; }
        figure { margin: 0 0 1.5rem; }
        img { max-width: 100%; background: #fff; box-shadow: 0 1px 3px #0003; }
        figcaption { font-size: .8rem; color: #666; }
        .problems { background: #fff3f3; border-left: 4px solid #c33; padding: .75rem; white-space: pre-wrap; }
        </style>
        </head>
        <body data-version="\(state.version)">
        <h1>\(escape(title))</h1>
        \(body)<script>
        const drawn = document.body.dataset.version;
        const events = new EventSource("\(eventsPath.dropFirst())");
        events.addEventListener("version", (e) => { if (e.data !== drawn) location.reload(); });
        </script>
        </body>
        </html>

        """
    }

    /// One server-sent event announcing `version`.
    public static func event(version: Int) -> [UInt8] {
        Array("event: version\ndata: \(version)\n\n".utf8)
    }

    /// The images the page shows: each PNG, and an SVG whose figure has no PNG.
    static func shownImages(_ files: [String]) -> [String] {
        let pngStems = Set(files.filter { $0.hasSuffix(".png") }.map { String($0.dropLast(4)) })
        return files.filter { $0.hasSuffix(".png") || ($0.hasSuffix(".svg") && !pngStems.contains(String($0.dropLast(4)))) }
    }

    /// HTML-escaped text: the one escaping of the project (`XMLText`, as the HTML report uses).
    static func escape(_ s: String) -> String { XMLText.escape(s) }

    static func percentEncoded(_ name: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
