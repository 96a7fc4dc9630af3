import LicenseVerdict

/// The text of `licenselens explain`: one explanation per unit found in the scanned records.
///
/// A unit is a folder's model-level verdict, or a file's own verdict when no model covers the
/// file. Each explanation is ``ExplainRenderer``'s text (the verdict line first, the summary,
/// the files it covers, then per freedom the clauses with file, lines and the quoted
/// sentence). Units are separated by a blank line and a rule.
public enum ExplainReport {
  /// The line printed when nothing under the paths has a verdict.
  public static let nothingFound =
    "No license, use policy or restrictive clause found; nothing to explain.\n"

  /// The explain text for the records of one scan, in scan order.
  public static func render(_ records: [ScanRecord]) -> String {
    let units = self.units(records)
    guard !units.isEmpty else { return nothingFound }
    return units.map { ExplainRenderer.render($0.verdict, files: $0.paths) }.joined(
      separator: "\n" + String(repeating: "-", count: 72) + "\n\n")
  }

  /// The verdicts to explain and the files each covers: model verdicts, and the verdicts of
  /// files no model covers.
  public static func units(_ records: [ScanRecord]) -> [(verdict: Verdict, paths: [String])] {
    var covered: Set<String> = []
    for case .model(let model) in records { covered.formUnion(model.paths) }
    var units: [(verdict: Verdict, paths: [String])] = []
    for record in records {
      switch record {
      case .model(let model): units.append((model.verdict, model.paths))
      case .file(let file):
        guard let verdict = file.verdict, !covered.contains(file.path) else { continue }
        units.append((verdict, [file.path]))
      }
    }
    return units
  }
}
