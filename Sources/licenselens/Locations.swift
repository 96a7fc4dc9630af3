import Foundation

/// Where the scanner's data lives: the index and its clean-license profile, the clause, family
/// and model catalogs, the FSF list and the corpus stamp, together in one data directory.
///
/// Looked for in order (the first that exists wins): `LICENSELENS_DATA`; `../share/licenselens`
/// beside the executable (what `tools/install` and the Debian package lay out); the user's data
/// home (`$XDG_DATA_HOME/licenselens`, by default `~/.local/share/licenselens`); a source
/// checkout above the executable or the current folder (`license-corpus/`). Command-line
/// options and the per-file variables `LICENSELENS_INDEX`, `LICENSELENS_CORPUS`,
/// `LICENSELENS_CLAUSES`, `LICENSELENS_FAMILIES` and `LICENSELENS_MODELS` override single
/// files.
struct DataDirectory: Equatable {
  /// How the files are laid out.
  enum Layout: Equatable {
    /// An installed data directory: `licenselens.index`, `clauses/`, `families/`, `models/`,
    /// `fsf-libre.txt` and `corpus-stamp` side by side.
    case installed
    /// A source checkout: `license-corpus/build/licenselens.index`, `license-corpus/clauses`, …
    case checkout
  }

  /// The folder.
  var root: URL
  /// The layout.
  var layout: Layout
  /// Where it was found, for messages (`LICENSELENS_DATA`, `beside the executable`, …).
  var source: String

  private func path(_ installed: String, _ checkout: String) -> String {
    root.appendingPathComponent(layout == .installed ? installed : checkout).path
  }

  /// The compiled index.
  var index: String { path("licenselens.index", "license-corpus/build/licenselens.index") }
  /// The clause catalog.
  var clauses: String { path("clauses", "license-corpus/clauses") }
  /// The model-license fingerprints.
  var families: String { path("families", "license-corpus/families") }
  /// The model view's data files.
  var models: String { path("models", "license-corpus/models") }
  /// The fetched LicenseDB (a checkout's; an installed directory carries none).
  var corpus: String { path("scancode", "license-corpus/scancode") }
  /// The SPDX ids the FSF lists as free.
  var fsfLibre: String { path("fsf-libre.txt", "license-corpus/scancode/fsf-libre.txt") }
  /// The corpus stamp (the pinned wheel's checksum).
  var corpusStamp: String { path("corpus-stamp", "license-corpus/scancode/COMPLETE") }

  /// Whether the folder holds data of its layout.
  var exists: Bool {
    let marker =
      layout == .installed
      ? root.appendingPathComponent("clauses").path
      : root.appendingPathComponent("license-corpus/PIN").path
    return FileManager.default.fileExists(atPath: marker)
  }

  /// The candidates, in lookup order, each whether or not it exists.
  static func candidates(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: URL = Self.executable,
    current: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  ) -> [DataDirectory] {
    var found: [DataDirectory] = []
    if let data = environment["LICENSELENS_DATA"] {
      let url = URL(fileURLWithPath: data)
      let isCheckout = FileManager.default.fileExists(
        atPath: url.appendingPathComponent("license-corpus/PIN").path)
      found.append(
        DataDirectory(
          root: url, layout: isCheckout ? .checkout : .installed, source: "LICENSELENS_DATA"))
    }
    let bin = executable.deletingLastPathComponent()
    found.append(
      DataDirectory(
        root: bin.deletingLastPathComponent().appendingPathComponent("share/licenselens"),
        layout: .installed, source: "beside the executable"))
    let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
    if let dataHome = environment["XDG_DATA_HOME"].map({ URL(fileURLWithPath: $0) })
      ?? home?.appendingPathComponent(".local/share")
    {
      found.append(
        DataDirectory(
          root: dataHome.appendingPathComponent("licenselens"), layout: .installed,
          source: "the user's data home"))
    }
    for (start, source) in [
      (bin, "a checkout above the executable"), (current, "a checkout above the current folder"),
    ] {
      var folder = start
      for _ in 0..<8 {
        if FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("license-corpus/PIN").path)
        {
          found.append(DataDirectory(root: folder, layout: .checkout, source: source))
          break
        }
        folder.deleteLastPathComponent()
      }
    }
    return found
  }

  /// The executable, with links resolved: `/proc/self/exe` (the name in `argv[0]` may have
  /// been found through `PATH`), else `argv[0]`.
  static let executable: URL = {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return URL(fileURLWithPath: path)
    }
    return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  }()

  /// The data directory of this run: the first candidate that exists (searched once).
  static let current: DataDirectory? = candidates().first(where: \.exists)

  /// The places searched, for "not found" messages.
  static var searched: String {
    candidates().map { "\($0.root.path) (\($0.source))" }.joined(separator: ", ")
  }
}

/// The paths each command reads by default: a per-file variable, else the data directory's
/// file, else (no data directory) the checkout layout under the current folder, so that
/// errors name a path.
enum Locations {
  private static var data: DataDirectory {
    DataDirectory.current
      ?? DataDirectory(
        root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        layout: .checkout, source: "the current folder")
  }

  private static func located(_ variable: String, _ path: (DataDirectory) -> String) -> String {
    ProcessInfo.processInfo.environment[variable] ?? path(data)
  }

  static func defaultIndexPath() -> String { located("LICENSELENS_INDEX", \.index) }
  static func defaultCorpusPath() -> String { located("LICENSELENS_CORPUS", \.corpus) }
  static func defaultClausesPath() -> String { located("LICENSELENS_CLAUSES", \.clauses) }
  static func defaultFamiliesPath() -> String { located("LICENSELENS_FAMILIES", \.families) }
  static func defaultModelsPath() -> String { located("LICENSELENS_MODELS", \.models) }

  /// The clean-license profile written beside the index: `NAME.index` → `NAME.clean-licenses`
  /// (`LICENSELENS_CLEAN_LICENSES` overrides it for reading, e.g. to measure without it).
  static func cleanLicensesPath(forIndex index: String, reading: Bool = false) -> String {
    if reading, let path = ProcessInfo.processInfo.environment["LICENSELENS_CLEAN_LICENSES"] {
      return path
    }
    return (index.hasSuffix(".index") ? String(index.dropLast(".index".count)) : index)
      + ".clean-licenses"
  }

  /// The SPDX ids the FSF lists as free (`fsf-libre.txt`); empty when the data predates it.
  static func fsfLibreIDs() -> Set<String> {
    let path =
      ProcessInfo.processInfo.environment["LICENSELENS_CORPUS"].map { $0 + "/fsf-libre.txt" }
      ?? data.fsfLibre
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return Set(text.split(separator: "\n").map(String.init))
  }

  /// The corpus stamp of `corpus` (its `COMPLETE` file); without one, of the corpus the
  /// scanner reads (`LICENSELENS_CORPUS`, else the data directory's stamp).
  static func corpusStamp(corpus: String? = nil) -> String? {
    let path =
      (corpus ?? ProcessInfo.processInfo.environment["LICENSELENS_CORPUS"]).map {
        $0 + "/COMPLETE"
      } ?? data.corpusStamp
    guard let stamp = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return stamp.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
