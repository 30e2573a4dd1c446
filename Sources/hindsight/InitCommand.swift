import Foundation
import ArgumentParser
import HindsightModel

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented template incident (to FILE, or standard output).",
        discussion: """
        The template's first line points editors with the YAML language server at the JSON Schema; \
        with FILE, the schema is written beside it as incident.schema.json (unless that file exists).

        Examples:
          hindsight init incident.yaml
          hindsight init > incident.yaml
        """)

    @Argument(help: "Where to write the template; omit to print it.")
    var file: String?

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    /// The schema file the template's first line names, beside the template.
    static let schemaFile = "incident.schema.json"

    /// The template, first line telling editors with the YAML language server where the schema is.
    static var template: String {
        "# yaml-language-server: $schema=./\(schemaFile)\n" + IncidentTemplate.yaml
    }

    func run() throws {
        guard let file else { print(Self.template, terminator: ""); return }
        if !force && FileManager.default.fileExists(atPath: file) {
            throw CLIError.usage("\(file) already exists; use --force to overwrite it")
        }
        // The schema beside the file (unless one is there), so the first line resolves.
        let dir = (file as NSString).deletingLastPathComponent
        let schema = dir.isEmpty ? Self.schemaFile : (dir as NSString).appendingPathComponent(Self.schemaFile)
        let writeSchema = !FileManager.default.fileExists(atPath: schema)
        try FileIO.writeAtomically(Self.template, to: file)
        printError("wrote \(file)")
        if writeSchema {
            try FileIO.writeAtomically(IncidentSchema.json.serialized(pretty: true) + "\n", to: schema)
            printError("wrote \(schema)")
        }
    }
}
