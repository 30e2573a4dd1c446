import ArgumentParser
import Foundation
import HindsightModel
import HindsightRender

/// Exit codes of the command-line contract.
enum Exit {
    static let ok: Int32 = 0
    static let inputErrors: Int32 = 1
    static let usage: Int32 = 2
    static let io: Int32 = 3
}

/// An error the CLI reports itself: a message on standard error and an exit code.
struct CLIError: Error {
    let message: String
    let code: Int32
    static func io(_ m: String) -> CLIError { CLIError(message: m, code: Exit.io) }
    static func usage(_ m: String) -> CLIError { CLIError(message: m, code: Exit.usage) }
}

/// Thrown after diagnostics were printed, to leave with a code and no further message.
struct Quiet: Error { let code: Int32 }

@main
enum Entry {
    static func main() {

        let arguments = Array(CommandLine.arguments.dropFirst())
        // Fonts are made ready on the other core while the command line and the input are read.
        if Hindsight.draws(arguments) { FontSetup.prepareInBackground() }
        if let message = Hindsight.unknownSubcommand(arguments) {
            FileHandle.standardError.write(Data("hindsight: \(message)\n".utf8))
            exitFlushing(Exit.usage)
        }
        do {
            var command = try Hindsight.parseAsRoot()
            try command.run()
            exitFlushing(Exit.ok)
        } catch let e as Quiet {
            exitFlushing(e.code)
        } catch let e as CLIError {
            printError("hindsight: \(e.message)")
            exitFlushing(e.code)
        } catch let e as OutputReplacesInput {
            // The command line asks for it: another -o is the fix.
            FileHandle.standardError.write(Data("hindsight: \(e.description)\n".utf8))
            exitFlushing(Exit.usage)
        } catch let e as FileIOError {
            printError("hindsight: \(e.description)")
            exitFlushing(Exit.io)
        } catch {
            let code = Hindsight.exitCode(for: error)
            var message = Hindsight.fullMessage(for: error)
            // One error style: argument-parser's "Error: …" reads as Hindsight's "hindsight: …".
            if message.hasPrefix("Error: ") { message = "hindsight: " + message.dropFirst("Error: ".count) }
            if code == .success {
                print(message)
                exitFlushing(Exit.ok)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            // Argument parsing and validation failures are "bad command line".
            exitFlushing(code == .validationFailure || code == .failure ? Exit.usage : code.rawValue)
        }
    }

    static func exitFlushing(_ code: Int32) -> Never {
        fflush(nil)
        exit(code)
    }
}

/// One line on standard error: control characters in names and messages are escaped, so no
/// file name can end the line and forge another.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((Diagnostic.escapeControls(s) + "\n").utf8))
}
