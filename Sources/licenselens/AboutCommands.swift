import ArgumentParser
import Foundation
import LicenseIndex
import LicenseModel
import LicenseReport
import LicenseScan
import RegexEngine

/// What this scanner is and which data it reads: the facts behind `version`, `doctor` and
/// `--provenance`.
struct Provenance {
  /// The scanner's release.
  static let release = "0.7.0"

  /// The release, with the git description of the checkout it was built in when known
  /// (`tools/install` records it in the data directory as `build-info`).
  var scanner: String
  /// The LicenseDB release and wheel checksum the data was built from (the pin).
  var licenseDB: String
  /// The data directory and how it was found.
  var dataDirectory: String
  /// The index path and its format.
  var index: String
  /// The corpus stamp the index was built from.
  var indexCorpus: String?
  /// The clause catalog's digest, when it loads.
  var catalogDigest: String?

  /// Gathers the facts (the index and catalog are opened, not scanned with).
  static func gather(indexPath: String = Locations.defaultIndexPath()) -> Provenance {
    let data = DataDirectory.current
    var build: String?
    if let data {
      let info = data.root.appendingPathComponent(
        data.layout == .installed ? "build-info" : ".git")
      if data.layout == .installed {
        build = try? String(contentsOf: info, encoding: .utf8)
          .trimmingCharacters(in: .whitespacesAndNewlines)
      } else {
        build = gitDescribe(data.root)
      }
    }
    let pin = data.map { pinFacts($0) } ?? "unknown (no data directory)"
    let index = try? LicenseIndex(path: indexPath)
    let catalog = try? CatalogLoading.loadCatalog().catalogDigest
    return Provenance(
      scanner: release + (build.map { " (\($0))" } ?? ""), licenseDB: pin,
      dataDirectory: data.map { "\($0.root.path) (\($0.source))" } ?? "none found",
      index:
        "\(indexPath) (format \(LicenseIndex.formatVersion)\(index == nil ? ", unreadable" : ""))",
      indexCorpus: index?.corpusStamp, catalogDigest: catalog)
  }

  /// `scancode-toolkit VERSION (sha256 …)` from the data directory's pin.
  static func pinFacts(_ data: DataDirectory) -> String {
    let pin = data.root.appendingPathComponent(
      data.layout == .installed ? "PIN" : "license-corpus/PIN")
    guard let text = try? String(contentsOf: pin, encoding: .utf8) else { return "unknown" }
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
      if parts.count == 2 { fields[parts[0]] = parts[1] }
    }
    return "scancode-toolkit \(fields["SCANCODE_VERSION"] ?? "?") (wheel sha256 "
      + "\(fields["SCANCODE_WHEEL_SHA256"]?.prefix(12) ?? "?")…)"
  }

  private static func gitDescribe(_ root: URL) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", root.path, "describe", "--always", "--dirty", "--tags"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The facts as a `{"kind": "provenance", …}` object.
  var jsonObject: String {
    var json = JSONWriter()
    json.beginObject()
    json.string("kind", "provenance")
    json.string("scanner", scanner)
    json.string("licensedb", licenseDB)
    json.string("data_directory", dataDirectory)
    json.string("index", index)
    json.string("index_corpus", indexCorpus)
    json.string("catalog_digest", catalogDigest)
    json.endObject()
    return json.text
  }

  /// The facts as `name: value` lines.
  var lines: [String] {
    [
      "licenselens \(scanner)", "LicenseDB: \(licenseDB)", "data directory: \(dataDirectory)",
      "index: \(index)", "index built from corpus: \(indexCorpus ?? "unknown")",
      "clause catalog digest: \(catalogDigest ?? "unavailable")",
    ]
  }
}

/// `licenselens version`: the scanner, the LicenseDB, the data directory, index and catalog.
struct VersionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "version",
    abstract: "Print the scanner version and the data it reads (for bug reports).")

  func run() throws {
    print(Provenance.gather().lines.joined(separator: "\n"))
  }
}

/// `licenselens doctor`: checks the data directory and says what to run for each problem.
struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract:
      "Check the data directory (index, catalogs, profile, PCRE2 JIT) and say how to fix it.",
    discussion: """
      Each check prints `ok` or `problem` with the command that fixes it. Exit
      status 0 when every check passes, 1 otherwise.
      """)

  func run() throws {
    var problems = 0
    func report(_ ok: Bool, _ what: String, fix: String) {
      print((ok ? "ok       " : "problem  ") + what + (ok ? "" : "\n         fix: \(fix)"))
      if !ok { problems += 1 }
    }
    let data = DataDirectory.current
    report(
      data != nil, "data directory: \(data.map { "\($0.root.path) (\($0.source))" } ?? "none")",
      fix: "run tools/install (or tools/setup in a checkout); looked in \(DataDirectory.searched)")
    let indexPath = Locations.defaultIndexPath()
    var index: LicenseIndex?
    do {
      index = try LicenseIndex(path: indexPath)
      report(true, "index: \(indexPath)", fix: "")
    } catch {
      report(false, "index: \(error)", fix: "licenselens index build (in a checkout)")
    }
    if let index {
      let stamp = Locations.corpusStamp()
      report(
        stamp == nil || stamp == index.corpusStamp,
        "index built from the corpus beside it (\(index.corpusStamp.prefix(12))…)",
        fix: "licenselens index build")
    }
    do {
      let analysis = try CatalogLoading.loadCatalog()
      report(true, "clause catalog: \(analysis.scanner.catalog.rules.count) rules", fix: "")
      let path = Locations.cleanLicensesPath(forIndex: indexPath)
      var profiled = analysis
      let current = profiled.useProfile(at: path, corpusStamp: index?.corpusStamp ?? "")
      report(
        current, "clean-license profile current: \(path)",
        fix: "licenselens index build (the clause catalog changed since it was written)")
    } catch {
      report(false, "clause catalog: \(error)", fix: "check the YAML file it names")
    }
    do {
      _ = try ModelCatalog.load(from: Locations.defaultModelsPath())
      report(true, "model catalog: \(Locations.defaultModelsPath())", fix: "")
    } catch {
      report(false, "model catalog: \(error)", fix: "check the file it names")
    }
    let jit = (try? Regex("a+b"))?.isJITCompiled ?? false
    report(
      jit, "PCRE2 JIT available",
      fix: "install a libpcre2-8 built with JIT (Debian's is); patterns run interpreted, slower")
    if problems > 0 { throw ExitCode(1) }
  }
}
