import Foundation

/// Where the corpus and the compiled index live by default: `license-corpus/scancode` and
/// `license-corpus/build/licenselens.index` in the LicenseLens checkout the executable was
/// built in (found by walking up from the executable), or under the current folder.
/// `LICENSELENS_INDEX` and `LICENSELENS_CORPUS` override them.
enum Locations {
  static func defaultIndexPath() -> String {
    if let path = ProcessInfo.processInfo.environment["LICENSELENS_INDEX"] { return path }
    return projectRoot().appendingPathComponent("license-corpus/build/licenselens.index").path
  }

  static func defaultCorpusPath() -> String {
    if let path = ProcessInfo.processInfo.environment["LICENSELENS_CORPUS"] { return path }
    return projectRoot().appendingPathComponent("license-corpus/scancode").path
  }

  /// The folder holding `license-corpus/`: searched upwards from the executable, then from
  /// the current folder; the current folder when none is found.
  static func projectRoot() -> URL {
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
  }

  /// The corpus stamp (the pinned wheel checksum written by tools/fetch-corpus).
  static func corpusStamp(corpus: String) -> String? {
    guard let stamp = try? String(contentsOfFile: corpus + "/COMPLETE", encoding: .utf8) else {
      return nil
    }
    return stamp.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
