import LicenseClauses
import LicenseModel

/// One SARIF `result`: a rule, a level, a message and at most one place in a file.
struct SARIFResult: Sendable, Equatable {
  /// The longest quoted sentence kept in a message, in characters (the JSON output keeps it
  /// whole); bounds the log for GitHub's 10 MB upload limit.
  static let quoteLimit = 1000

  /// Where the result is: a path of the scan and, when known, its lines.
  struct Place: Sendable, Equatable {
    var path: String
    var startLine: Int?
    var endLine: Int?
  }

  /// The rule id.
  var ruleID: String
  /// The index of the rule in `tool.driver.rules`.
  var ruleIndex: Int
  /// `error`, `warning` or `note`.
  var level: String
  /// The message, as plain text.
  var message: String
  /// The place, when there is one.
  var place: Place?

  /// The message of a clause hit: the quoted sentence, then why it matters.
  static func message(_ hit: ClauseHit) -> String {
    let quote =
      hit.text.count <= quoteLimit ? hit.text : String(hit.text.prefix(quoteLimit - 1)) + "…"
    return "\(hit.id): \"\(quote)\" — \(hit.explanation)"
  }

  /// The message of an open-washing finding: the model, what is wrong and both sides quoted.
  static func message(_ finding: OpenWashingFinding, model: String) -> String {
    let sides = finding.evidence.map { line in
      "\(line.path)\(line.line.map { ":\($0)" } ?? ""): \(line.text)"
    }
    return "\(model): \(finding.detail). Evidence: \(sides.joined(separator: "; "))"
  }

  /// The `result` object.
  func write(into json: inout JSONWriter, paths: SARIFPaths) {
    json.beginObject()
    json.string("ruleId", ruleID)
    json.int("ruleIndex", ruleIndex)
    json.string("level", level)
    json.beginObject("message")
    json.string("text", Self.messageText(message))
    json.endObject()
    json.beginArray("locations")
    if let place { Self.writeLocation(place, paths: paths, into: &json) }
    json.endArray()
    json.endObject()
  }

  /// `text` with its curly braces doubled, as SARIF requires of message text (a single brace
  /// would open a placeholder).
  static func messageText(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if character == "{" || character == "}" { escaped.append(character) }
      escaped.append(character)
    }
    return escaped
  }

  /// A `location` object: the artifact's URI (relative to `%SRCROOT%` where it can be) and the
  /// lines, when known.
  static func writeLocation(_ place: Place, paths: SARIFPaths, into json: inout JSONWriter) {
    let location = paths.location(place.path)
    json.beginObject()
    json.beginObject("physicalLocation")
    json.beginObject("artifactLocation")
    json.string("uri", location.uri)
    if let baseID = location.baseID { json.string("uriBaseId", baseID) }
    json.endObject()
    if let start = place.startLine, start >= 1 {
      json.beginObject("region")
      json.int("startLine", start)
      json.int("endLine", max(start, place.endLine ?? start))
      json.endObject()
    }
    json.endObject()
    json.endObject()
  }
}
