import ArgumentParser
import HindsightModel

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of incident format v1.",
        discussion: """
        Examples:
          hindsight schema > incident.schema.json
          # then, first line of an incident, for editors with the YAML language server:
          # yaml-language-server: $schema=incident.schema.json
        """)
    func run() throws { print(IncidentSchema.json.serialized(pretty: true)) }
}
