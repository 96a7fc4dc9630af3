import Foundation

/// Where the corpus, the compiled index and the clause and family catalogs live by default:
/// `license-corpus/scancode`, `license-corpus/build/licenselens.index`,
/// `license-corpus/clauses`, `license-corpus/families` and `license-corpus/models` in the LicenseLens checkout the
/// executable was built in (found by walking up from the executable), or under the current
/// folder. `LICENSELENS_INDEX`, `LICENSELENS_CORPUS`, `LICENSELENS_CLAUSES` and
/// `LICENSELENS_FAMILIES` and `LICENSELENS_MODELS` override them.
enum Locations {
  static func defaultIndexPath() -> String {
    located("LICENSELENS_INDEX", "license-corpus/build/licenselens.index")
  }

  static func defaultCorpusPath() -> String {
    located("LICENSELENS_CORPUS", "license-corpus/scancode")
  }

  static func defaultClausesPath() -> String {
    located("LICENSELENS_CLAUSES", "license-corpus/clauses")
  }

  static func defaultModelsPath() -> String {
    located("LICENSELENS_MODELS", "license-corpus/models")
  }

  static func defaultFamiliesPath() -> String {
    located("LICENSELENS_FAMILIES", "license-corpus/families")
  }

  /// The path in environment `variable`, else `relative` under ``projectRoot``.
  private static func located(_ variable: String, _ relative: String) -> String {
    if let path = ProcessInfo.processInfo.environment[variable] { return path }
    return projectRoot.appendingPathComponent(relative).path
  }

  /// The clean-license profile written beside the index: `NAME.index` → `NAME.clean-licenses`
  /// (`LICENSELENS_CLEAN_LICENSES` overrides it for reading, e.g. to measure without it).
  static func cleanLicensesPath(forIndex index: String, reading: Bool = false) -> String {
    if reading, let path = ProcessInfo.processInfo.environment["LICENSELENS_CLEAN_LICENSES"] {
      return path
    }
    return (index.hasSuffix(".index") ? String(index.dropLast(".index".count)) : index)
      + ".clean-licenses"
  }

  /// The folder holding `license-corpus/`: searched upwards from the executable, then from
  /// the current folder; the current folder when none is found. Searched once per run.
  static let projectRoot: URL = {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for start in [executable.deletingLastPathComponent(), current] {
      var folder = start
      for _ in 0..<8 {
        if FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("license-corpus/PIN").path)
        {
          return folder
        }
        folder.deleteLastPathComponent()
      }
    }
    return current
  }()

  /// The SPDX ids the FSF lists as free (`fsf-libre.txt`, written by tools/fetch-corpus
  /// beside the corpus); empty when the corpus predates it.
  static func fsfLibreIDs(corpus: String = defaultCorpusPath()) -> Set<String> {
    guard let text = try? String(contentsOfFile: corpus + "/fsf-libre.txt", encoding: .utf8)
    else { return [] }
    return Set(text.split(separator: "\n").map(String.init))
  }

  /// The corpus stamp (the pinned wheel checksum written by tools/fetch-corpus).
  static func corpusStamp(corpus: String) -> String? {
    guard let stamp = try? String(contentsOfFile: corpus + "/COMPLETE", encoding: .utf8) else {
      return nil
    }
    return stamp.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
