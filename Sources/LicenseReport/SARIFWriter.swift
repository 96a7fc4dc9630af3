import Foundation
import LicenseClauses
import LicenseModel

/// SARIF 2.1.0 for GitHub code scanning: one log with one run.
///
/// Results stream: `begin` opens the log and the run's `results` array, every record adds its
/// results at once (a clause hit of a file; a clause of a model object not already reported for
/// its file; an open-washing finding), and `end` closes the array and writes `tool` (whose
/// `rules` are only complete then) and the `invocations` after it — JSON leaves the order of an
/// object's members free. A rule gets its index when its first result is written, so every
/// `ruleIndex` points at the rule of its `ruleId`. Locations are URI references relative to
/// `%SRCROOT%`, the directory the scan ran in (see ``SARIFPaths``). GitHub's limits are kept:
/// at most ``resultLimit`` results (those past it are counted in a notification), at most one
/// location per result, descriptions of at most 1,024 characters, at most 20 tags per rule.
public struct SARIFWriter: RecordWriter {
  /// The official JSON schema of SARIF 2.1.0 (OASIS, errata 01).
  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
  /// Where `tool.driver.informationUri` points. The project has no public home page yet, so
  /// this is a reserved `.invalid` address (RFC 2606) until it has one.
  public static let informationURI = "https://licenselens.invalid/"
  /// The most results GitHub code scanning accepts in one run.
  public static let resultLimit = 25_000
  /// The most unreadable files named one by one in the invocation's notifications.
  static let notificationLimit = 100

  private struct ReportedClause: Hashable {
    var path: String
    var id: String
    var startLine: Int
    var endLine: Int

    init(_ path: String, _ hit: ClauseHit) {
      self.path = path
      id = hit.id
      startLine = hit.startLine
      endLine = hit.endLine
    }
  }

  private let context: ReportContext
  private let paths: SARIFPaths
  private let limit: Int
  private var rules: [SARIFRule] = []
  private var ruleIndexes: [String: Int] = [:]
  private var reported: Set<ReportedClause> = []
  private var written = 0
  private var leftOut = 0
  private var unreadable: [(path: String, error: String)] = []
  private var unreadableCount = 0

  /// Creates a writer for a scan run from `workingDirectory` (the scan's relative paths start
  /// there), writing at most `resultLimit` results.
  public init(
    context: ReportContext,
    workingDirectory: String = FileManager.default.currentDirectoryPath,
    resultLimit: Int = SARIFWriter.resultLimit
  ) {
    self.context = context
    self.paths = SARIFPaths(workingDirectory: workingDirectory)
    self.limit = resultLimit
  }

  public mutating func begin() -> String {
    var text = "{\"version\":\"2.1.0\",\"$schema\":"
    JSONWriter.appendQuoted(Self.schemaURI, to: &text)
    return text + ",\"runs\":[{\"results\":[\n"
  }

  public mutating func write(_ record: ScanRecord) -> String {
    var text = ""
    for result in results(record) {
      guard written < limit else {
        leftOut += 1
        continue
      }
      var json = JSONWriter()
      result.write(into: &json, paths: paths)
      text += (written == 0 ? "" : ",\n") + json.text
      written += 1
    }
    return text
  }

  public mutating func end() -> String {
    var json = JSONWriter()
    json.beginObject()
    writeTool(into: &json)
    json.beginObject("originalUriBaseIds")
    json.beginObject(SARIFPaths.rootID)
    json.string("uri", paths.rootURI)
    json.endObject()
    json.endObject()
    writeInvocation(into: &json)
    json.endObject()
    // The object's opening brace was written by `begin`, before `results`.
    return "\n]," + String(json.text.dropFirst()) + "]}\n"
  }

  /// The results of one record, rules registered as they first occur.
  private mutating func results(_ record: ScanRecord) -> [SARIFResult] {
    switch record {
    case .file(let file):
      if !file.errors.isEmpty {
        unreadableCount += 1
        if unreadable.count < Self.notificationLimit {
          unreadable.append((file.path, file.errors.joined(separator: "; ")))
        }
      }
      return file.clauses.map { clauseResult($0, path: file.path) }
    case .model(let model):
      var results: [SARIFResult] = []
      for (path, hit) in model.clauses
      where !reported.contains(ReportedClause(path, hit)) {
        results.append(clauseResult(hit, path: path))
      }
      for finding in model.openWashing {
        let index = ruleIndex(SARIFRule.id(finding.kind)) { SARIFRule.openWashing(finding.kind) }
        results.append(
          SARIFResult(
            ruleID: rules[index].id, ruleIndex: index, level: rules[index].level,
            message: SARIFResult.message(finding, model: model.id ?? model.folder),
            place: place(finding, in: model)))
      }
      return results
    }
  }

  private mutating func clauseResult(_ hit: ClauseHit, path: String) -> SARIFResult {
    reported.insert(ReportedClause(path, hit))
    let index = ruleIndex(hit.id) { SARIFRule.clause(hit) }
    return SARIFResult(
      ruleID: hit.id, ruleIndex: index, level: SARIFRule.level(hit.severity),
      message: SARIFResult.message(hit),
      place: SARIFResult.Place(path: path, startLine: hit.startLine, endLine: hit.endLine))
  }

  /// The index of the rule `id`, adding the rule `make` describes when the id is new.
  private mutating func ruleIndex(_ id: String, _ make: () -> SARIFRule) -> Int {
    if let index = ruleIndexes[id] { return index }
    rules.append(make())
    ruleIndexes[id] = rules.count - 1
    return rules.count - 1
  }

  /// An open-washing finding's place: its first evidence line in a file of the repository
  /// (evidence such as a catalog entry has no file), else the card.
  private func place(_ finding: OpenWashingFinding, in model: ModelAssessment) -> SARIFResult.Place?
  {
    let folder = model.folder.hasSuffix("/") ? model.folder : model.folder + "/"
    let inRepository = { (path: String) in
      path == model.card?.path || model.governingPaths.contains(path) || path.hasPrefix(folder)
    }
    if let line = finding.evidence.first(where: { inRepository($0.path) }) {
      return SARIFResult.Place(path: line.path, startLine: line.line, endLine: line.line)
    }
    return model.card.map { SARIFResult.Place(path: $0.path, startLine: nil, endLine: nil) }
  }

  private func writeTool(into json: inout JSONWriter) {
    let words = context.tool.split(separator: " ", maxSplits: 1)
    json.beginObject("tool")
    json.beginObject("driver")
    json.string("name", words.first.map(String.init) ?? "licenselens")
    if words.count > 1 { json.string("version", String(words[1])) }
    json.string("informationUri", Self.informationURI)
    json.beginArray("rules")
    for rule in rules { rule.write(into: &json) }
    json.endArray()
    json.endObject()
    json.endObject()
  }

  private func writeInvocation(into json: inout JSONWriter) {
    json.beginArray("invocations")
    json.beginObject()
    json.bool("executionSuccessful", unreadableCount == 0)
    json.string("startTimeUtc", context.created)
    json.beginArray("toolExecutionNotifications")
    for (path, error) in unreadable {
      notification(
        level: "error", text: "cannot read the file: \(error)", path: path, into: &json)
    }
    if unreadableCount > unreadable.count {
      notification(
        level: "error",
        text: "\(unreadableCount - unreadable.count) more files could not be read", path: nil,
        into: &json)
    }
    if leftOut > 0 {
      notification(
        level: "warning",
        text:
          "\(leftOut) results left out: GitHub code scanning accepts at most \(limit) results "
          + "per run", path: nil, into: &json)
    }
    json.endArray()
    json.endObject()
    json.endArray()
  }

  private func notification(level: String, text: String, path: String?, into json: inout JSONWriter)
  {
    json.beginObject()
    json.string("level", level)
    json.beginObject("message")
    json.string("text", SARIFResult.messageText(text))
    json.endObject()
    if let path {
      json.beginArray("locations")
      SARIFResult.writeLocation(
        SARIFResult.Place(path: path, startLine: nil, endLine: nil), paths: paths, into: &json)
      json.endArray()
    }
    json.endObject()
  }
}
