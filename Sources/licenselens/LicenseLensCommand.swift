import ArgumentParser
import Foundation

/// The `licenselens` command line: a thin front end that wires the stages together.
@main
struct LicenseLensCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "licenselens",
    abstract: "Find the licenses in files and say what they allow.",
    discussion: """
      Examples:
        licenselens index build            compile the fetched LicenseDB into the index (once)
        licenselens scan LICENSE           identify the license(s) in one file
        licenselens scan . --format jsonl  scan a whole tree, one JSON object per file
        licenselens explain model/         which freedoms a model's license and policy break
        licenselens version                the scanner, LicenseDB, data directory and catalog
        licenselens doctor                 check the data directory and say how to fix it
        licenselens report scan.jsonl -o report.html   an HTML page of a saved scan

      The reference corpus comes from tools/fetch-corpus; see README.md.
      """,
    version: Provenance.release,
    subcommands: [
      ScanCommand.self, ExplainCommand.self, ReportCommand.self, IndexCommand.self,
      VersionCommand.self, DoctorCommand.self,
    ],
    defaultSubcommand: nil)

  /// Runs the command and maps errors to exit codes: 2 for usage errors, 1 for failures.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure || error is ValidationError {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
