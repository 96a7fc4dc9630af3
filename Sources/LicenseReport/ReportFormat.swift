import LicenseMatch

/// Output formats of a scan.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// A readable table, one block per file.
  case text
  /// One JSON array holding every file's object.
  case json
  /// JSON Lines: one object per file per line.
  case jsonl
}

/// Renders scan results in the JSON contract and as text.
public enum ReportRenderer {
  /// The JSON object of one file (one line of JSON Lines output, without the newline).
  ///
  /// Fields: `path`, `sha256`, `size`, `licenses` (each `spdx`, `key`, `name`, `osi_approved`,
  /// `category`, `start_line`, `end_line`, `coverage`, `score`, `matcher`, `rule`),
  /// `expression`, `errors`, and `encoding` / `skipped` when they apply.
  public static func jsonObject(_ result: FileScanResult) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.string("path", result.path)
    json.string("sha256", result.sha256)
    json.int("size", result.size)
    json.beginArray("licenses")
    for match in result.identification.licenses {
      json.beginObject()
      json.string("spdx", match.license.spdx)
      json.string("key", match.license.key)
      json.string("name", match.license.name)
      json.bool("osi_approved", match.license.isOSIApproved)
      json.string("category", match.license.category)
      json.int("start_line", match.startLine)
      json.int("end_line", match.endLine)
      json.number("coverage", match.coverage)
      json.number("score", match.score)
      json.string("matcher", match.kind.rawValue)
      json.string("rule", match.rule)
      json.endObject()
    }
    json.endArray()
    json.string("expression", result.identification.expression)
    json.strings("errors", result.errors)
    if let encoding = result.encoding { json.string("encoding", encoding.rawValue) }
    if let skipped = result.skipped { json.string("skipped", skipped) }
    json.endObject()
    return json.text
  }

  /// A readable block for one file: the path, then one line per license.
  public static func textBlock(_ result: FileScanResult) -> String {
    var lines = [result.path]
    for error in result.errors { lines.append("  error: \(error)") }
    if let skipped = result.skipped { lines.append("  skipped: \(skipped)") }
    if result.errors.isEmpty && result.skipped == nil && result.identification.licenses.isEmpty {
      lines.append("  no license found")
    }
    for match in result.identification.licenses {
      let span =
        match.startLine == match.endLine
        ? "line \(match.startLine)" : "lines \(match.startLine)-\(match.endLine)"
      let osi = match.license.isOSIApproved ? "OSI" : "   "
      let spdx = match.license.spdx.padding(to: 28)
      lines.append(
        "  \(spdx) \(osi)  \(span.padding(to: 14)) coverage \(percent(match.coverage))  \(match.kind.rawValue)"
      )
    }
    if let expression = result.identification.expression, result.identification.licenses.count > 1 {
      lines.append("  expression: \(expression)")
    }
    return lines.joined(separator: "\n")
  }

  private static func percent(_ value: Double) -> String {
    let whole = Int((value * 100).rounded())
    return (whole < 10 ? "  " : whole < 100 ? " " : "") + "\(whole)%"
  }
}

extension String {
  fileprivate func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
