/// Escaping for text placed in XML, HTML or pango markup: the SVG metadata, the PDF report's
/// paragraphs and the HTML report all use this one function.
public enum XMLText {
    /// Text safe inside an XML element or attribute. Characters XML 1.0 forbids (control
    /// characters other than tab, line feed and carriage return) are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
