import ArgumentParser
import Foundation
import LicenseCorpus
import LicenseIndex

/// `licenselens index build`: compiles the reference corpus into the index file.
struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index", abstract: "Manage the compiled license index.",
    subcommands: [Build.self])

  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compile the LicenseDB corpus into one index file.",
      discussion: """
        Reads license-corpus/scancode (fetched by tools/fetch-corpus) and writes
        license-corpus/build/licenselens.index. Run it again after fetching a new corpus.

        Example:
          licenselens index build
          licenselens index build --corpus /data/licensedb --output /tmp/ll.index
        """)

    @Option(help: "The LicenseDB folder (licenses/, rules/, osi-approved.txt).")
    var corpus: String = Locations.defaultCorpusPath()

    @Option(help: "Where to write the index.")
    var output: String = Locations.defaultIndexPath()

    func run() throws {
      let start = Date()
      let database: LicenseDatabase
      do {
        database = try LicenseDatabase.load(from: URL(fileURLWithPath: corpus))
      } catch let error as CorpusError {
        throw CleanExit.message("error: \(error)")
      }
      let stamp = Locations.corpusStamp(corpus: corpus) ?? "unversioned"
      let (bytes, summary) = IndexBuilder(database: database, corpusStamp: stamp).build()
      let url = URL(fileURLWithPath: output)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      let temporary = url.appendingPathExtension("tmp")
      try Data(bytes).write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw CleanExit.message("error: cannot write \(output)")
      }
      let seconds = Date().timeIntervalSince(start)
      let skipped = summary.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
      print(
        """
        wrote \(output): \(summary.licenses) licenses, \(summary.rules) rules indexed, \
        \(summary.tokens) tokens, \(summary.vocabulary) words, \(summary.postings) anchor postings, \
        \(bytes.count / 1024) KiB in \(String(format: "%.1f", seconds)) s
        skipped rules: \(skipped.joined(separator: ", "))
        """)
    }
  }
}
