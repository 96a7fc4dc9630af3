import ArgumentParser
import Foundation
import LicenseReport

/// `licenselens report SCAN.jsonl`: the HTML report of a scan written earlier as JSON Lines.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write the HTML report of a scan saved as JSON Lines.",
    discussion: """
      Reads the JSON Lines of `licenselens scan` one line at a time (memory
      stays bounded on any number of lines) and writes one self-contained
      HTML page: totals (with the files whose license lists or clues name
      licenses without granting them), licenses by family, OSI status and LicenseDB
      category, verdict classes, the most frequent restrictive clauses, the
      model repositories with their OSAID outcome, MOF class and open-washing
      findings, and a filterable table of the files with findings
      (restrictive clauses, licenses that are not OSI-approved, errors). The
      page loads nothing from the network; open it in any browser, with or
      without JavaScript. It is the same page as `scan --format html`.

      The tables keep the first 2,000 model repositories and 5,000 files with
      findings; the totals and charts count every line, and the page says how
      many rows were left out.

      A line that is not a JSON object with a "path" is named on standard
      error (file and line number), skipped, and counted on the page.

      Exit status: 0 when every line was read, 1 when some lines were
      skipped (the page is still written), 2 when the input cannot be read or
      the page cannot be written.

      Examples:
        licenselens scan . --format jsonl > scan.jsonl
        licenselens report scan.jsonl -o report.html
        licenselens report scan.jsonl > report.html
        licenselens scan src/ | licenselens report - -o src.html
        licenselens scan . --format html > report.html   (the same page in one step)
      """)

  @Argument(
    help: ArgumentHelp("The scan's JSON Lines ('-' for standard input).", valueName: "scan.jsonl"))
  var input: String

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp(
      "Where to write the page ('-' for standard output, the default).", valueName: "file"))
  var output: String = "-"

  func run() throws {
    var summary = ReportSummary()
    var reader: LineReader
    do {
      reader = try LineReader(path: input)
    } catch {
      Self.complain("cannot read \(input): \(error)")
      throw ExitCode(2)
    }
    let name = input == "-" ? "standard input" : input
    var listed = 0
    reader.forEachLine { number, line in
      do {
        let value = try JSONValue.parse(line)
        guard let entry = ReportEntry(json: value) else {
          throw NotARecord()
        }
        summary.add(entry)
      } catch {
        summary.skipMalformedLine(number)
        listed += 1
        if listed <= 20 {
          Self.complain("\(name):\(number): \(error); line skipped")
        } else if listed == 21 {
          Self.complain("\(name): further bad lines are counted but not listed")
        }
      }
    }
    if let failure = reader.failure {
      Self.complain("cannot read \(name) to its end: \(failure)")
      throw ExitCode(2)
    }
    let context = ReportContext(roots: [], created: ScanCommand.timestamp())
    let page = HTMLReportPage(summary: summary, context: context, input: name).render()
    do {
      try Self.write(page, to: output)
    } catch {
      Self.complain("cannot write \(output): \(error)")
      throw ExitCode(2)
    }
    if summary.malformedLines > 0 {
      Self.complain(
        "\(summary.malformedLines) line\(summary.malformedLines == 1 ? "" : "s") of \(name) "
          + "skipped; the report covers the other \(summary.files + summary.models) records")
      throw ExitCode(1)
    }
  }

  private static func write(_ page: String, to path: String) throws {
    if path == "-" {
      var stream = OutputStream()
      stream.write(page)
      stream.flush()
    } else {
      try Data(page.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
  }

  private static func complain(_ message: String) {
    FileHandle.standardError.write(Data("licenselens: report: \(message)\n".utf8))
  }
}

/// A line that is JSON but not a scan record.
private struct NotARecord: Error, CustomStringConvertible {
  var description: String { "valid JSON but not a scan record (an object with a \"path\")" }
}
