import LicenseClauses
import LicenseModel
import LicenseVerdict

/// Renders a model repository's assessment: the `{"kind": "model"}` JSON object of the output
/// contract and its readable text block.
public enum ModelReport {
  /// The JSON object: `kind`, `path`, `id`, `paths`, `card`, `declared`, `found`,
  /// `base_models`, `open_washing`, `components`, `definitions`, `verdict`, `clauses` (each
  /// with the `path` of its file) and `notes`.
  public static func jsonObject(_ model: ModelAssessment) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.string("kind", "model")
    json.string("path", model.folder)
    json.string("id", model.id)
    json.strings("paths", model.governingPaths)
    if let card = model.card {
      json.beginObject("card")
      json.string("path", card.path)
      json.string("license", card.license)
      json.string("license_name", card.licenseName)
      json.string("license_link", card.licenseLink)
      json.strings("base_model", card.baseModels)
      json.string("base_model_relation", card.baseModelRelation)
      json.strings("datasets", card.datasets)
      json.strings("tags", card.tags)
      json.string("pipeline_tag", card.pipelineTag)
      json.string("library_name", card.libraryName)
      json.strings("notes", card.notes)
      json.endObject()
    } else {
      json.string("card", nil)
    }
    json.string("declared", model.declared)
    json.string("found", model.found)
    json.objects("base_models", model.baseModels) { json, base in
      json.string("id", base.id)
      json.string("terms", base.terms)
      json.string("class", base.verdictClass?.rawValue)
      json.string("source", base.source)
    }
    json.objects("open_washing", model.openWashing) { json, finding in
      json.string("kind", finding.kind.rawValue)
      json.string("detail", finding.detail)
      json.objects("evidence", finding.evidence) { json, line in
        json.string("path", line.path)
        json.int("line", line.line)
        json.string("text", line.text)
      }
    }
    json.beginObject("components")
    write(model.components.parameters, "parameters", into: &json)
    write(model.components.code, "code", into: &json)
    write(model.components.dataInformation, "data_information", into: &json)
    json.endObject()
    json.beginObject("definitions")
    write(model.definitions.osaid, "osaid", into: &json)
    write(model.definitions.osi, "osi", into: &json)
    write(model.definitions.openWeight, "open-weight", into: &json)
    json.beginObject("mof")
    json.string("class", model.definitions.mofClass)
    json.strings("missing", model.definitions.mofMissing)
    json.endObject()
    json.endObject()
    ReportRenderer.write(model.verdict, into: &json)
    json.beginArray("clauses")
    for (path, hit) in model.clauses { ReportRenderer.write(hit, path: path, into: &json) }
    json.endArray()
    json.strings("notes", model.notes)
    json.endObject()
    return json.text
  }

  /// A weight file's header fields, as the `weights` object of a file's JSON.
  static func write(_ weights: WeightFile, into json: inout JSONWriter) {
    json.beginObject("weights")
    json.string("format", weights.format.rawValue)
    json.beginObject("header")
    for (key, value) in weights.fields { json.string(key, value) }
    json.endObject()
    json.strings("notes", weights.notes)
    json.endObject()
  }

  private static func write(_ status: ComponentStatus, _ key: String, into json: inout JSONWriter) {
    json.beginObject(key)
    json.string("status", status.status.rawValue)
    json.string("license", status.license)
    json.strings("evidence", status.evidence)
    json.endObject()
  }

  private static func write(
    _ outcome: DefinitionsReport.Outcome, _ key: String, into json: inout JSONWriter
  ) {
    json.beginObject(key)
    json.string("outcome", outcome.outcome)
    json.strings("because", outcome.because)
    json.endObject()
  }

  /// The definitions, components and open-washing findings as readable lines (the opening of
  /// `explain` on a model folder, and of the text table).
  public static func overviewLines(_ model: ModelAssessment) -> [String] {
    let definitions = model.definitions
    var lines = [
      "  OSAID 1.0: \(definitions.osaid.outcome) (\(definitions.osaid.because.joined(separator: "; ")))",
      "  OSI license list: \(definitions.osi.outcome) (\(definitions.osi.because.joined(separator: "; ")))",
      "  Open Weight Definition: \(definitions.openWeight.outcome) (\(definitions.openWeight.because.joined(separator: "; ")))",
      "  MOF class: \(definitions.mofClass)"
        + (definitions.mofMissing.isEmpty
          ? "" : " (next class misses: \(definitions.mofMissing.joined(separator: ", ")))"),
      "  declared: \(model.declared ?? "nothing")   found: \(model.found ?? "nothing")",
    ]
    let components = model.components
    lines.append(
      "  components: parameters \(components.parameters.status.rawValue), code "
        + "\(components.code.status.rawValue), data information "
        + components.dataInformation.status.rawValue)
    for base in model.baseModels {
      lines.append(
        "  base model: \(base.id) — \(base.terms ?? "terms unknown")"
          + (base.verdictClass.map { " (\($0.rawValue), \(base.source))" } ?? ""))
    }
    for finding in model.openWashing {
      lines.append("  open-washing [\(finding.kind.rawValue)]: \(finding.detail)")
      for line in finding.evidence {
        lines.append("      \(line.path)\(line.line.map { ":\($0)" } ?? ""): \(line.text)")
      }
    }
    for note in model.notes { lines.append("  note: \(note)") }
    return lines
  }

  /// A readable block: the folder, the overview, the verdict line and the clauses.
  public static func textBlock(_ model: ModelAssessment) -> String {
    let title = model.id.map { "\(model.folder)  (model \($0))" } ?? "\(model.folder)  (model)"
    var lines = [title] + overviewLines(model)
    lines += ReportRenderer.verdictLines(model.verdict)
    for (path, hit) in model.clauses {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      lines.append(
        "    \(hit.severity.rawValue.padding(to: 8)) \(hit.id)  \(name):\(ReportRenderer.lineSpan(hit.startLine, hit.endLine, bare: true))"
      )
    }
    return lines.joined(separator: "\n")
  }
}
