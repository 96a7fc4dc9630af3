import LicenseClauses
import LicenseModel
import LicenseVerdict

/// The CycloneDX `machine-learning-model` component of one model repository: the declared
/// license (else the one found), the base models as `pedigree.ancestors`, and a `modelCard`
/// whose `considerations` carry the verdict — the summary and each definition's outcome as
/// `technicalLimitations`, each broken or at-risk freedom with its clause ids and each
/// open-washing finding as `ethicalConsiderations`. What has no field of its own (verdict
/// class, OSAID and MOF outcomes, clauses, notes) is a `licenselens:` property.
struct CycloneDXModelComponent {
  var model: ModelAssessment
  /// The component's `bom-ref`.
  var ref: String
  /// The `bom-ref`s of the `data` components of the card's datasets.
  var datasetRefs: [String]

  func write(into json: inout JSONWriter) {
    json.beginObject()
    json.string("type", "machine-learning-model")
    json.string("bom-ref", ref)
    // A hub-cache snapshot's `ORG/NAME@REV` is the model's name and version.
    if let id = model.id, let at = id.lastIndex(of: "@") {
      json.string("name", String(id[..<at]))
      json.string("version", String(id[id.index(after: at)...]))
    } else {
      json.string("name", model.id ?? model.folder)
    }
    json.string("description", model.verdict.summary)
    if let declared = model.declared {
      CycloneDXLicenses(ids: [declared], acknowledgement: "declared").write(into: &json)
    } else if let found = model.found {
      CycloneDXLicenses(ids: [found], acknowledgement: "concluded").write(into: &json)
    }
    if !model.baseModels.isEmpty {
      json.beginObject("pedigree")
      json.beginArray("ancestors")
      for base in model.baseModels { write(base, into: &json) }
      json.endArray()
      json.endObject()
    }
    writeModelCard(into: &json)
    properties.write(into: &json)
    json.endObject()
  }

  private func write(_ base: BaseModelReport, into json: inout JSONWriter) {
    json.beginObject()
    json.string("type", "machine-learning-model")
    json.string("name", base.id)
    if let terms = base.terms {
      CycloneDXLicenses(ids: [terms], acknowledgement: "concluded").write(into: &json)
    }
    var properties = CycloneDXProperties([("licenselens:terms-source", base.source)])
    if let verdictClass = base.verdictClass {
      properties.append("licenselens:verdict-class", verdictClass.rawValue)
    }
    properties.write(into: &json)
    json.endObject()
  }

  private func writeModelCard(into json: inout JSONWriter) {
    json.beginObject("modelCard")
    let task = model.card?.pipelineTag
    if task != nil || !datasetRefs.isEmpty {
      json.beginObject("modelParameters")
      if let task { json.string("task", task) }
      if !datasetRefs.isEmpty {
        json.objects("datasets", datasetRefs) { json, ref in json.string("ref", ref) }
      }
      json.endObject()
    }
    json.beginObject("considerations")
    json.strings("technicalLimitations", limitations)
    json.objects("ethicalConsiderations", risks) { json, risk in json.string("name", risk) }
    json.endObject()
    json.endObject()
  }

  /// The verdict and the definitions' outcomes, one sentence each.
  private var limitations: [String] {
    let definitions = model.definitions
    func outcome(_ name: String, _ outcome: DefinitionsReport.Outcome) -> String {
      "\(name): \(outcome.outcome)"
        + (outcome.because.isEmpty ? "" : " (\(outcome.because.joined(separator: "; ")))")
    }
    return [
      "Verdict \(model.verdict.verdictClass.rawValue): \(model.verdict.summary)",
      outcome("OSAID 1.0", definitions.osaid),
      outcome("OSI license list", definitions.osi),
      outcome("Open Weight Definition", definitions.openWeight),
      "MOF class: \(definitions.mofClass)"
        + (definitions.mofMissing.isEmpty
          ? "" : " (next class misses: \(definitions.mofMissing.joined(separator: ", ")))"),
    ]
  }

  /// Each freedom the terms break or put at risk, with the clause ids (or references) behind
  /// it, then each open-washing finding.
  private var risks: [String] {
    var risks: [String] = []
    for freedom in Freedom.allCases {
      let assessment = model.verdict.freedoms[freedom]
      guard assessment.status == .broken || assessment.status == .atRisk else { continue }
      let status = assessment.status == .broken ? "broken" : "at risk"
      risks.append(
        "Freedom to \(freedom.rawValue): \(status) by "
          + assessment.because.joined(separator: ", "))
    }
    for finding in model.openWashing {
      risks.append("Open-washing (\(finding.kind.rawValue)): \(finding.detail)")
    }
    return risks
  }

  private var properties: CycloneDXProperties {
    let definitions = model.definitions
    var properties = CycloneDXProperties([
      ("licenselens:path", model.folder),
      ("licenselens:verdict-class", model.verdict.verdictClass.rawValue),
      ("licenselens:osaid", definitions.osaid.outcome),
      ("licenselens:osi-list", definitions.osi.outcome),
      ("licenselens:open-weight", definitions.openWeight.outcome),
      ("licenselens:mof-class", definitions.mofClass),
    ])
    for freedom in Freedom.allCases {
      properties.append(
        "licenselens:freedom:\(freedom.rawValue)",
        model.verdict.freedoms[freedom].status.rawValue)
    }
    if let found = model.found { properties.append("licenselens:found", found) }
    for path in model.governingPaths { properties.append("licenselens:governing-file", path) }
    for (path, hit) in model.clauses {
      properties.append("licenselens:clause", CycloneDXProperties.clause(hit, path: path))
    }
    for note in model.notes { properties.append("licenselens:note", note) }
    return properties
  }
}

/// A component's `licenses`: under the 1.6 schema either a list of license objects (an SPDX
/// `id`, or a `name` for `LicenseRef-…` ids and ids the SPDX list lacks) or exactly one
/// `expression`, used when an id combines several licenses with `AND`, `OR` or `WITH`.
struct CycloneDXLicenses {
  /// One expression, or the distinct license ids.
  var ids: [String]
  /// Ids that look like SPDX ids but are not on the SPDX list (from tags).
  var unlisted: Set<String> = []
  /// `declared` or `concluded`.
  var acknowledgement: String

  func write(into json: inout JSONWriter) {
    guard !ids.isEmpty else { return }
    json.beginArray("licenses")
    if let expression = ids.first(where: Self.isCompound) {
      json.beginObject()
      json.string("expression", expression)
      json.string("acknowledgement", acknowledgement)
      json.endObject()
    } else {
      for id in ids {
        json.beginObject()
        json.beginObject("license")
        json.string(isListed(id) ? "id" : "name", id)
        json.string("acknowledgement", acknowledgement)
        json.endObject()
        json.endObject()
      }
    }
    json.endArray()
  }

  /// Whether `id` names an entry of the SPDX list: not `LicenseRef-…`, not a tag's unknown id,
  /// and spelled like one.
  private func isListed(_ id: String) -> Bool {
    !id.hasPrefix("LicenseRef-") && !unlisted.contains(id) && !id.isEmpty
      && id.utf8.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
          UInt8(ascii: "+"):
          return true
        default: return false
        }
      }
  }

  /// Whether `text` is an expression of several licenses.
  static func isCompound(_ text: String) -> Bool {
    text.split(separator: " ").contains { ["AND", "OR", "WITH"].contains($0) }
  }
}

/// CycloneDX `properties`: name and value pairs, names prefixed `licenselens:`.
struct CycloneDXProperties {
  private var pairs: [(name: String, value: String)]

  init(_ pairs: [(String, String)] = []) {
    self.pairs = pairs.map { (name: $0.0, value: $0.1) }
  }

  mutating func append(_ name: String, _ value: String) {
    pairs.append((name, value))
  }

  /// The `properties` array, when there is any pair.
  func write(into json: inout JSONWriter) {
    guard !pairs.isEmpty else { return }
    json.objects("properties", pairs) { json, pair in
      json.string("name", pair.name)
      json.string("value", pair.value)
    }
  }

  /// A clause as one value: `ID (SEVERITY; FREEDOMS) PATH:LINES: TEXT`, or `lines N-M`
  /// without a path.
  static func clause(_ hit: ClauseHit, path: String?) -> String {
    let bare = path != nil
    let lines = ReportRenderer.lineSpan(hit.startLine, hit.endLine, bare: bare)
    let freedoms = hit.freedoms.map(\.rawValue).joined(separator: ", ")
    return "\(hit.id) (\(hit.severity.rawValue); \(freedoms)) "
      + (path.map { "\($0):" } ?? "") + "\(lines): \(hit.text)"
  }
}
