import LicenseModel
import LicenseVerdict

/// The text of `licenselens explain`: one explanation per unit found in the scanned records.
///
/// A unit is a model repository (opening with its definitions, components and open-washing
/// findings), or a file's own verdict when no model covers the file. Each explanation goes on
/// with ``ExplainRenderer``'s text (the verdict line, the summary, the files it covers, then
/// per freedom the clauses with file, lines and the quoted sentence). Units are separated by a blank line and a rule.
public enum ExplainReport {
  /// The line printed when nothing under the paths has a verdict.
  public static let nothingFound =
    "No license, use policy or restrictive clause found; nothing to explain.\n"

  /// The explain text for the records of one scan, in scan order.
  public static func render(_ records: [ScanRecord]) -> String {
    let units = self.units(records)
    guard !units.isEmpty else { return nothingFound }
    return units.map { unit in
      let overview = unit.model.map { model in
        (["Model \(model.id ?? model.folder)"] + ModelReport.overviewLines(model)).joined(
          separator: "\n") + "\n\n"
      }
      return (overview ?? "") + ExplainRenderer.render(unit.verdict, files: unit.paths)
    }.joined(
      separator: "\n" + String(repeating: "-", count: 72) + "\n\n")
  }

  /// The verdicts to explain and the files each covers: model repositories first (their
  /// verdict covers every file of their folder), then the verdicts of files no model covers.
  public static func units(_ records: [ScanRecord]) -> [Unit] {
    var covered: Set<String> = []
    var folders: [String] = []
    var units: [Unit] = []
    for case .model(let model) in records {
      covered.formUnion(model.governingPaths)
      folders.append(model.folder.hasSuffix("/") ? model.folder : model.folder + "/")
      units.append(Unit(verdict: model.verdict, paths: model.governingPaths, model: model))
    }
    for case .file(let file) in records {
      guard let verdict = file.verdict, !covered.contains(file.path),
        !folders.contains(where: { file.path.hasPrefix($0) })
      else { continue }
      units.append(Unit(verdict: verdict, paths: [file.path], model: nil))
    }
    return units
  }

  /// One explanation: a verdict, the files it covers, and the model it belongs to.
  public struct Unit {
    /// The verdict.
    public var verdict: Verdict
    /// The files it covers.
    public var paths: [String]
    /// The model repository's assessment, for a model unit.
    public var model: ModelAssessment?
  }
}
