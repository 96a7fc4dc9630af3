import LicenseClauses
import LicenseMatch
import LicenseVerdict

/// Output formats of a scan. Each is a ``RecordWriter`` over the same records (see
/// ``makeWriter(context:)``); adding a format is one case and one writer file.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// A readable table, one block per file.
  case text
  /// One JSON array holding every file's object.
  case json
  /// JSON Lines: one object per file per line.
  case jsonl
  /// SARIF 2.1.0 for GitHub code scanning: clause hits and open-washing findings as results.
  case sarif
  /// One self-contained HTML page: totals, charts and tables (see ``HTMLWriter``).
  case html
  /// A CycloneDX 1.6 JSON bill of materials: files and model repositories as components.
  case cyclonedxJSON = "cyclonedx-json"
  /// SPDX 2.3 JSON: a package per scanned root, a file per file read (see ``SPDXWriter``).
  case spdxJSON = "spdx-json"
  /// SPDX 3.0.1 JSON-LD with the AI and dataset classes for model repositories (see
  /// ``SPDX3Writer``).
  case spdx3JSON = "spdx3-json"

  /// The writer of this format for one scan.
  public func makeWriter(context: ReportContext) -> any RecordWriter {
    switch self {
    case .text: return TextWriter()
    case .json: return JSONArrayWriter(provenance: context.provenance)
    case .jsonl: return JSONLinesWriter(provenance: context.provenance)
    case .sarif: return SARIFWriter(context: context)
    case .html: return HTMLWriter(context: context)
    case .cyclonedxJSON: return CycloneDXWriter(context: context)
    case .spdxJSON: return SPDXWriter(context: context)
    case .spdx3JSON: return SPDX3Writer(context: context)
    }
  }
}

/// Renders scan results in the JSON contract and as text.
public enum ReportRenderer {
  /// The JSON object of one record: a file's object or a folder's model object.
  public static func jsonObject(_ record: ScanRecord) -> String {
    switch record {
    case .file(let result): return jsonObject(result)
    case .model(let model): return ModelReport.jsonObject(model)
    }
  }

  /// The JSON object of one file (one line of JSON Lines output, without the newline).
  ///
  /// Fields: `path`, `sha256`, `size`, `licenses` (each `spdx`, `key`, `name`, `osi_approved`,
  /// `category`, `start_line`, `end_line`, `coverage`, `score`, `matcher`, `rule`),
  /// `expression`, `license_lists` when the file enumerates licenses (each `start_line`,
  /// `end_line`, `names`: the distinct licenses the region names, none of them reported in
  /// `licenses`), `clues` when weak signs of licenses were seen (each `spdx`, `key`,
  /// `start_line`, `end_line`, `kind`: `name`, `url` or `reference`, and `rule`; like the
  /// lists, never in `licenses`, the expression or the verdict), `errors`, `clauses` (each `id`, `freedoms`, `severity`, `start_line`,
  /// `end_line`, `text`, `explanation`), `verdict` (`class`, `freedoms`, `summary`, and
  /// `unanalysed_policies` when a policy incorporated by reference was not analysed; `null` for
  /// files with no license, no clause and no license-like name), `clause_issues` when a pattern
  /// gave up, and `encoding` / `skipped` when they apply. Model-license fingerprints appear in
  /// `licenses` with matcher `fingerprint`, `category`, `coverage` and `score` `null`.
  public static func jsonObject(_ result: FileScanResult) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.string("path", result.path)
    json.string("sha256", result.sha256)
    json.int("size", result.size)
    json.beginArray("licenses")
    for entry in licenseEntries(result) {
      switch entry {
      case .matched(let match): write(match, into: &json)
      case .fingerprint(let family): write(family, into: &json)
      }
    }
    json.endArray()
    json.string("expression", result.identification.expression)
    if !result.identification.lists.isEmpty {
      json.beginArray("license_lists")
      for list in result.identification.lists {
        json.beginObject()
        json.int("start_line", list.startLine)
        json.int("end_line", list.endLine)
        json.int("names", list.names)
        json.endObject()
      }
      json.endArray()
    }
    if !result.identification.clues.isEmpty {
      json.beginArray("clues")
      for clue in result.identification.clues {
        json.beginObject()
        json.string("spdx", clue.license.spdx)
        json.string("key", clue.license.key)
        json.int("start_line", clue.startLine)
        json.int("end_line", clue.endLine)
        json.string("kind", clue.kind.rawValue)
        json.string("rule", clue.rule)
        json.endObject()
      }
      json.endArray()
    }
    json.strings("errors", result.errors)
    json.beginArray("clauses")
    for hit in result.clauses { write(hit, path: nil, into: &json) }
    json.endArray()
    if let verdict = result.verdict {
      write(verdict, into: &json)
    } else {
      json.string("verdict", nil)
    }
    if let issues = result.evidence?.scan.issues, !issues.isEmpty {
      json.beginArray("clause_issues")
      for issue in issues {
        json.beginObject()
        json.string("rule_id", issue.ruleID)
        json.int("start_line", issue.startLine)
        json.int("end_line", issue.endLine)
        json.string("message", issue.message)
        json.endObject()
      }
      json.endArray()
    }
    if let weights = result.weights { ModelReport.write(weights, into: &json) }
    if let encoding = result.encoding { json.string("encoding", encoding.rawValue) }
    if let skipped = result.skipped { json.string("skipped", skipped) }
    json.endObject()
    return json.text
  }

  /// An entry of a file's `licenses` array.
  enum LicenseEntry {
    case matched(LicenseMatch)
    case fingerprint(FamilyMatch)

    var startLine: Int {
      switch self {
      case .matched(let match): return match.startLine
      case .fingerprint(let family): return family.startLine
      }
    }
  }

  /// The identified licenses and the fingerprints, in line order (identified first on ties).
  static func licenseEntries(_ result: FileScanResult) -> [LicenseEntry] {
    let entries =
      result.identification.licenses.map(LicenseEntry.matched)
      + result.fingerprints.map(LicenseEntry.fingerprint)
    guard !result.fingerprints.isEmpty else { return entries }
    return entries.enumerated().sorted {
      ($0.element.startLine, $0.offset) < ($1.element.startLine, $1.offset)
    }
    .map(\.element)
  }

  private static func write(_ match: LicenseMatch, into json: inout JSONWriter) {
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

  private static func write(_ family: FamilyMatch, into json: inout JSONWriter) {
    json.beginObject()
    json.string("spdx", family.id)
    json.string("key", fingerprintKey(family))
    json.string("name", "\(family.name) \(family.version)")
    json.bool("osi_approved", false)
    json.string("category", nil)
    json.int("start_line", family.startLine)
    json.int("end_line", family.endLine)
    json.string("coverage", nil)
    json.string("score", nil)
    json.string("matcher", "fingerprint")
    json.string("rule", family.family)
    json.endObject()
  }

  /// `licenselens-<family>-<version>`: the fingerprint's id without `LicenseRef-`.
  static func fingerprintKey(_ family: FamilyMatch) -> String {
    family.id.hasPrefix("LicenseRef-")
      ? String(family.id.dropFirst("LicenseRef-".count)) : family.id
  }

  static func write(_ hit: ClauseHit, path: String?, into json: inout JSONWriter) {
    json.beginObject()
    if let path { json.string("path", path) }
    json.string("id", hit.id)
    json.strings("freedoms", hit.freedoms.map(\.rawValue))
    json.string("severity", hit.severity.rawValue)
    json.int("start_line", hit.startLine)
    json.int("end_line", hit.endLine)
    json.string("text", hit.text)
    json.string("explanation", hit.explanation)
    json.endObject()
  }

  static func write(_ verdict: Verdict, into json: inout JSONWriter) {
    json.beginObject("verdict")
    json.string("class", verdict.verdictClass.rawValue)
    json.beginObject("freedoms")
    for freedom in Freedom.allCases {
      let assessment = verdict.freedoms[freedom]
      json.beginObject(freedom.rawValue)
      json.string("status", assessment.status.rawValue)
      json.strings("because", assessment.because)
      json.strings("evidence", assessment.evidence.map(\.reference))
      json.endObject()
    }
    json.endObject()
    json.string("summary", verdict.summary)
    let evidence = verdict.evidence
    if !evidence.isEmpty {
      json.objects("evidence", evidence) { json, item in
        json.string("ref", item.reference)
        json.string("source", item.source.rawValue)
        json.string("id", item.id)
        json.string("path", item.path)
        json.int("start_line", item.startLine)
        json.int("end_line", item.endLine)
        json.string("text", item.text)
      }
    }
    if !verdict.disagreements.isEmpty {
      json.objects("disagrees_with_reference", verdict.disagreements) { json, disagreement in
        json.string("key", disagreement.key)
        json.string("spdx", disagreement.spdx)
        json.string("category", disagreement.category)
        json.string("reference", disagreement.reference.rawValue)
        json.string("finding", disagreement.finding)
      }
    }
    if !verdict.differences.isEmpty {
      json.objects("differs_from", verdict.differences) { json, quoted in
        let difference = quoted.difference
        json.string("key", difference.key)
        json.string("spdx", difference.spdx)
        json.string("path", quoted.path)
        json.number("coverage", difference.coverage)
        json.objects("changed_lines", difference.changedLines) { json, lines in
          json.int("start_line", lines.lowerBound)
          json.int("end_line", lines.upperBound)
        }
        json.strings("adds", difference.added.map(\.id))
        json.strings("removes", difference.removed)
      }
    }
    if !verdict.unanalysedPolicies.isEmpty {
      json.objects("unanalysed_policies", verdict.unanalysedPolicies) { json, policy in
        json.string("reference", policy.reference)
        json.string("path", policy.path)
        json.int("line", policy.line)
      }
    }
    json.endObject()
  }

  /// A readable block for one record.
  public static func textBlock(_ record: ScanRecord) -> String {
    switch record {
    case .file(let result): return textBlock(result)
    case .model(let model): return ModelReport.textBlock(model)
    }
  }

  /// A readable block for one file: the path, one line per license, the verdict and one line
  /// per restrictive clause.
  public static func textBlock(_ result: FileScanResult) -> String {
    var lines = [result.path]
    for error in result.errors { lines.append("  error: \(error)") }
    if let skipped = result.skipped { lines.append("  skipped: \(skipped)") }
    let entries = licenseEntries(result)
    for list in result.identification.lists {
      lines.append(
        "  license list, \(lineSpan(list.startLine, list.endLine)): names \(list.names) licenses")
    }
    for clue in result.identification.clues {
      lines.append(
        "  clue (\(clue.kind.rawValue)), \(lineSpan(clue.startLine, clue.endLine)): "
          + "\(clue.license.spdx)")
    }
    if result.errors.isEmpty && result.skipped == nil && entries.isEmpty
      && result.identification.lists.isEmpty
    {
      lines.append("  no license found")
    }
    for entry in entries {
      switch entry {
      case .matched(let match):
        let osi = match.license.isOSIApproved ? "OSI" : "   "
        let spdx = match.license.spdx.padding(to: 28)
        let span = lineSpan(match.startLine, match.endLine).padding(to: 14)
        lines.append(
          "  \(spdx) \(osi)  \(span) coverage \(percent(match.coverage))  \(match.kind.rawValue)")
      case .fingerprint(let family):
        let span = lineSpan(family.startLine, family.endLine).padding(to: 14)
        lines.append("  \(family.id.padding(to: 28))      \(span) fingerprint")
      }
    }
    if let expression = result.identification.expression, entries.count > 1 {
      lines.append("  expression: \(expression)")
    }
    if let verdict = result.verdict { lines += verdictLines(verdict) }
    for hit in result.clauses {
      lines.append(
        "    \(hit.severity.rawValue.padding(to: 8)) \(hit.id)  \(lineSpan(hit.startLine, hit.endLine))"
      )
    }
    return lines.joined(separator: "\n")
  }

  static func verdictLines(_ verdict: Verdict) -> [String] {
    let freedoms = Freedom.allCases.map { "\($0.rawValue) \(verdict.freedoms[$0].status.rawValue)" }
    return [
      "  verdict: \(verdict.verdictClass.rawValue) (\(freedoms.joined(separator: ", ")))"
    ]
  }

  static func lineSpan(_ start: Int, _ end: Int, bare: Bool = false) -> String {
    if bare { return start == end ? "\(start)" : "\(start)-\(end)" }
    return start == end ? "line \(start)" : "lines \(start)-\(end)"
  }

  private static func percent(_ value: Double) -> String {
    let whole = Int((value * 100).rounded())
    return (whole < 10 ? "  " : whole < 100 ? " " : "") + "\(whole)%"
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
