import ArgumentParser
import Foundation
import LicenseClauses
import LicenseCorpus
import LicenseIndex
import LicenseScan

/// `licenselens index build`: compiles the reference corpus into the index file.
struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index", abstract: "Manage the compiled license index.",
    subcommands: [Build.self])

  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compile the LicenseDB corpus into one index file.",
      discussion: """
        Reads license-corpus/scancode (fetched by tools/fetch-corpus) and
        writes license-corpus/build/licenselens.index, and beside it
        licenselens.catalog (the clause catalog, license-corpus/clauses and
        families, compiled so that scans start without reading YAML) and
        licenselens.clean-licenses: the license texts in which that catalog
        finds no restrictive clause, so that verbatim copies need no clause
        scan. Run it again
        after fetching a new corpus or changing the clause catalog.

        Exit status: 0 when everything was written, 2 when the corpus is
        missing, a file cannot be written or a clause file does not load
        (the error names it).

        Example:
          licenselens index build
          licenselens index build --corpus /data/licensedb --output /tmp/ll.index
        """)

    @Option(help: "The LicenseDB folder (licenses/, rules/, osi-approved.txt).")
    var corpus: String = Locations.defaultCorpusPath()

    @Option(help: "Where to write the index.")
    var output: String = Locations.defaultIndexPath()

    func run() throws {
      do {
        try build()
      } catch let failure as IndexBuildFailure {
        throw failure.report()
      }
    }

    /// Writes the index, the compiled clause catalog and the clean-license profile.
    private func build() throws {
      let start = Date()
      let database: LicenseDatabase
      do {
        database = try LicenseDatabase.load(from: URL(fileURLWithPath: corpus))
      } catch let error as CorpusError {
        throw IndexBuildFailure(message: "\(error)")
      }
      let stamp = Locations.corpusStamp(corpus: corpus) ?? "unversioned"
      let (bytes, summary) = IndexBuilder(database: database, corpusStamp: stamp).build()
      let url = URL(fileURLWithPath: output)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      let temporary = url.appendingPathExtension("tmp")
      try Data(bytes).write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw IndexBuildFailure(message: "cannot write \(output)")
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
      try writeCleanLicenses(database, stamp: stamp)
    }

    /// Writes the compiled clause catalog and the clean-license profile beside the index
    /// (skipped, with a note, when the clause catalog cannot be loaded: scans then read the
    /// YAML files and check every license text).
    private func writeCleanLicenses(_ database: LicenseDatabase, stamp: String) throws {
      let start = Date()
      let analysis: ClauseAnalysis
      let compiled: [UInt8]?
      let clauses = Locations.defaultClausesPath()
      let families = Locations.defaultFamiliesPath()
      do {
        (analysis, compiled) = try ClauseAnalysis.compile(
          clauses: URL(fileURLWithPath: clauses), families: URL(fileURLWithPath: families))
      } catch {
        // The index is written; the old compiled catalog and profile would not match it.
        try? FileManager.default.removeItem(atPath: CompiledCatalog.path(forIndex: output))
        throw IndexBuildFailure(
          message: "the index was written, but not the compiled clause catalog and the "
            + "clean-license profile: cannot load the clause catalog (\(clauses), "
            + "\(families)): \(error)")
      }
      try writeCompiledCatalog(compiled, rules: analysis.scanner.catalog.rules.count)

      let licenses = database.licenses.filter { !$0.isDeprecated }.map { ($0.key, $0.text) }
      let rules = database.rules.filter { !$0.isDeprecated }.map { ($0.identifier, $0.text) }
      let profile = CleanLicenseProfile.compute(
        licenses: licenses, rules: rules, analysis: analysis, corpusStamp: stamp)
      let path = Locations.cleanLicensesPath(forIndex: output)
      let temporary = path + ".tmp"
      try Data(profile.encoded.utf8).write(to: URL(fileURLWithPath: temporary))
      guard rename(temporary, path) == 0 else {
        throw IndexBuildFailure(message: "cannot write \(path)")
      }
      let seconds = Date().timeIntervalSince(start)
      print(
        "wrote \(path): \(profile.licenses.count) of \(licenses.count) license texts and "
          + "\(rules.count - profile.restrictedRules.count) of \(rules.count) rules without "
          + "restrictive clauses, in \(String(format: "%.1f", seconds)) s")
    }

    /// Writes the compiled clause catalog beside the index, or removes a stale one when the
    /// catalog could not be compiled (scans then read the YAML files).
    private func writeCompiledCatalog(_ bytes: [UInt8]?, rules: Int) throws {
      let path = CompiledCatalog.path(forIndex: output)
      guard let bytes else {
        try? FileManager.default.removeItem(atPath: path)
        print("compiled clause catalog not written: the patterns could not be serialized")
        return
      }
      let temporary = path + ".tmp"
      try Data(bytes).write(to: URL(fileURLWithPath: temporary))
      guard rename(temporary, path) == 0 else {
        throw IndexBuildFailure(message: "cannot write \(path)")
      }
      print("wrote \(path): \(rules) clause rules, \(bytes.count / 1024) KiB")
    }
  }
}

/// A failed `index build`: the message goes to standard error, prefixed with
/// `licenselens: error:`, and the command exits with status 2 (as scans do when the index or
/// the catalog cannot be used), so that scripts and set-up stop there.
struct IndexBuildFailure: Error {
  /// What failed, naming the file or folder.
  let message: String

  /// Writes the message and gives the exit status to throw.
  func report() -> ExitCode {
    FileHandle.standardError.write(Data("licenselens: error: \(message)\n".utf8))
    return ExitCode(2)
  }
}
