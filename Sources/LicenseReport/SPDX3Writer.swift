import LicenseModel

/// SPDX 3.0.1 JSON-LD: a `software_File` per scanned file with the licenses found in it
/// (`hasDeclaredLicense`, to a `simplelicensing_LicenseExpression`), a `software_Package` per
/// scanned root, and for each model repository an `ai_AIPackage` with what the model view knows:
/// the card's license (`hasDeclaredLicense`), what the governing files are
/// (`hasConcludedLicense`), its base models (each an `ai_AIPackage` that is `ancestorOf` it),
/// the card's datasets (`dataset_DatasetPackage` elements it is `trainedOn`), its files
/// (`contains`), and the components, definitions and verdict in its `comment`.
///
/// The document claims conformance to the core, software and simple-licensing profiles only:
/// the AI and dataset profiles require a supplier, version, release time and download location
/// that a scan of files does not know. Elements stream out as records arrive; the packages,
/// their `contains` relationships and the `SpdxDocument` come at the end.
public struct SPDX3Writer: RecordWriter {
  private let context: ReportContext
  private let namespace: String
  private var identifiers = SPDXIdentifiers()
  private var packages: [(root: String, id: String, files: [String])] = []
  private var files: [(path: String, id: String)] = []
  private var expressions: [String: String] = [:]
  private var namedPackages: [String: String] = [:]
  private var models: [String] = []

  /// The context every element points to (a blank node of this document).
  private static let creationInfo = "_:creationinfo"

  /// Creates a writer for one scan.
  public init(context: ReportContext) {
    self.context = context
    namespace = SPDXIdentifiers.namespace(context, version: "3.0.1")
    for root in context.roots { packages.append((root, iri("Package", root), [])) }
  }

  public mutating func begin() -> String {
    var info = JSONWriter()
    info.beginObject()
    info.string("type", "CreationInfo")
    info.string("@id", Self.creationInfo)
    info.string("specVersion", "3.0.1")
    info.string("created", context.created)
    info.strings("createdBy", [namespace + "#Agent-licenselens"])
    info.endObject()
    let agent = element("SoftwareAgent", namespace + "#Agent-licenselens") { json in
      json.string("name", context.tool)
    }
    return "{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[\n"
      + info.text + ",\n" + agent
  }

  public mutating func write(_ record: ScanRecord) -> String {
    switch record {
    case .file(let result): return write(result)
    case .model(let model): return write(model)
    }
  }

  public mutating func end() -> String {
    var text = ""
    for package in packages {
      text +=
        ",\n"
        + element("software_Package", package.id) { json in
          json.string("name", package.root.isEmpty ? "other files" : package.root)
          json.string("comment", "A root of the scan: the files licenselens read under it.")
        }
      if !package.files.isEmpty { text += relationship(package.id, "contains", package.files) }
    }
    let roots = packages.map(\.id) + models
    let document = iri("SpdxDocument", "licenselens")
    text += relationship(document, "describes", roots)
    text +=
      ",\n"
      + element("SpdxDocument", document) { json in
        json.string("name", "licenselens scan of " + context.roots.joined(separator: ", "))
        json.strings("profileConformance", ["core", "software", "simpleLicensing"])
        json.strings("rootElement", roots)
        json.string(
          "comment",
          "Written by licenselens. A file's hasDeclaredLicense is what licenselens identified in "
            + "it; a model's hasDeclaredLicense is its card's license and hasConcludedLicense what "
            + "its governing files are. Files whose bytes were not read have no hash.")
      }
    return text + "\n]}\n"
  }

  private mutating func write(_ result: FileScanResult) -> String {
    let id = iri("File", result.path)
    files.append((result.path, id))
    let package = packageIndex(for: result.path)
    packages[package].files.append(id)
    var comment: [String] = []
    if let verdict = result.verdict {
      comment.append("verdict: \(verdict.verdictClass.rawValue): \(verdict.summary)")
    }
    if let skipped = result.skipped { comment.append("not matched: \(skipped)") }
    if !result.errors.isEmpty { comment.append("errors: \(result.errors.joined(separator: "; "))") }
    if result.sha256 == nil { comment.append("bytes not read: no hash") }
    var text =
      ",\n"
      + element("software_File", id) { json in
        json.string("name", result.path)
        let hashes = [("sha256", result.sha256), ("sha1", result.sha1)].compactMap { pair in
          pair.1.map { (pair.0, $0) }
        }
        if !hashes.isEmpty {
          json.objects("verifiedUsing", hashes) { json, hash in
            json.string("type", "Hash")
            json.string("algorithm", hash.0)
            json.string("hashValue", hash.1)
          }
        }
        if !comment.isEmpty { json.string("comment", comment.joined(separator: "\n")) }
      }
    let licenses = SPDXFileLicenses(result)
    if !licenses.ids.isEmpty {
      let expression =
        result.identification.expression.map(SPDXIdentifiers.sanitizeExpression)
        ?? licenses.ids.joined(separator: " AND ")
      let (license, definition) = licenseExpression(expression, custom: licenses.custom)
      text += definition + relationship(id, "hasDeclaredLicense", [license])
    }
    return text
  }

  private mutating func write(_ model: ModelAssessment) -> String {
    let name = model.id ?? model.folder
    let id = iri("AIPackage", name)
    models.append(id)
    var text =
      ",\n"
      + element("ai_AIPackage", id) { json in
        json.string("name", name)
        json.string("software_primaryPurpose", "model")
        json.string("description", "Model repository at \(model.folder)")
        json.string("comment", Self.modelComment(model))
      }
    if let declared = model.declared {
      let (license, definition) = licenseExpression(
        SPDXIdentifiers.sanitizeExpression(declared), custom: [:])
      text += definition + relationship(id, "hasDeclaredLicense", [license])
    }
    if let found = model.found {
      let (license, definition) = licenseExpression(
        SPDXIdentifiers.sanitizeExpression(found), custom: [:])
      text += definition + relationship(id, "hasConcludedLicense", [license])
    }
    let prefix = model.folder.hasSuffix("/") ? model.folder : model.folder + "/"
    let contained = files.filter { $0.path.hasPrefix(prefix) }.map(\.id)
    if !contained.isEmpty { text += relationship(id, "contains", contained) }
    for base in model.baseModels {
      let (baseID, definition) = namedPackage("ai_AIPackage", base.id) { json in
        json.string("software_primaryPurpose", "model")
        json.string("comment", "A base model named by a model card (terms from \(base.source)).")
      }
      text += definition
      if let terms = base.terms, !definition.isEmpty {
        let (license, licenseDefinition) = licenseExpression(
          SPDXIdentifiers.sanitizeExpression(terms), custom: [:])
        text += licenseDefinition + relationship(baseID, "hasDeclaredLicense", [license])
      }
      text += relationship(baseID, "ancestorOf", [id])
    }
    var datasets: [String] = []
    for dataset in model.card?.datasets ?? [] {
      let (datasetID, definition) = namedPackage("dataset_DatasetPackage", dataset) { json in
        json.string("software_primaryPurpose", "data")
        json.strings("dataset_datasetType", ["noAssertion"])
        json.string("comment", "A dataset named by a model card.")
      }
      text += definition
      datasets.append(datasetID)
    }
    if !datasets.isEmpty { text += relationship(id, "trainedOn", datasets) }
    return text
  }

  /// The element of a base model or dataset named `name`, written the first time it is met.
  private mutating func namedPackage(
    _ type: String, _ name: String, _ fields: (inout JSONWriter) -> Void
  ) -> (id: String, definition: String) {
    let key = type + "\n" + name
    if let known = namedPackages[key] { return (known, "") }
    let id = iri(type == "ai_AIPackage" ? "AIPackage" : "DatasetPackage", name)
    namedPackages[key] = id
    return (
      id,
      ",\n"
        + element(type, id) { json in
          json.string("name", name)
          fields(&json)
        }
    )
  }

  /// The license expression element for `expression`, written the first time it is met;
  /// custom ids from the LicenseDB are mapped to their LicenseDB pages.
  private mutating func licenseExpression(
    _ expression: String, custom: [String: SPDXCustomLicense]
  ) -> (id: String, definition: String) {
    if let known = expressions[expression] { return (known, "") }
    let id = iri("LicenseExpression", expression)
    expressions[expression] = id
    let references = custom.sorted { $0.key < $1.key }.compactMap { entry in
      entry.value.reference.map { (entry.key, $0) }
    }
    let readings = custom.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.name)" }
    return (
      id,
      ",\n"
        + element("simplelicensing_LicenseExpression", id) { json in
          json.string("simplelicensing_licenseExpression", expression)
          if !references.isEmpty {
            json.objects("simplelicensing_customIdToUri", references) { json, entry in
              json.string("type", "DictionaryEntry")
              json.string("key", entry.0)
              json.string("value", entry.1)
            }
          }
          if !readings.isEmpty { json.string("comment", readings.joined(separator: "\n")) }
        }
    )
  }

  private mutating func relationship(_ from: String, _ type: String, _ to: [String]) -> String {
    // The id is made in a statement of its own: made inside the `element` call, the mutation
    // of `identifiers` met a second reference to it and copied the whole set every time.
    let id = iri("Relationship", "\(type)-\(from.split(separator: "#").last ?? "")")
    return ",\n"
      + element("Relationship", id) { json in
        json.string("from", from)
        json.string("relationshipType", type)
        json.strings("to", to)
      }
  }

  /// One element: its type, id and creation info, then `fields`.
  private func element(_ type: String, _ id: String, _ fields: (inout JSONWriter) -> Void)
    -> String
  {
    var json = JSONWriter()
    json.beginObject()
    json.string("type", type)
    json.string("spdxId", id)
    json.string("creationInfo", Self.creationInfo)
    fields(&json)
    json.endObject()
    return json.text
  }

  private mutating func iri(_ kind: String, _ text: String) -> String {
    namespace + "#" + identifiers.make(kind, text)
  }

  /// The package of `path` (see ``SPDXRoots/index(of:in:)``); a package for other files is
  /// added when some path lies under no root.
  private mutating func packageIndex(for path: String) -> Int {
    if let index = SPDXRoots.index(of: path, in: packages.map(\.root)) { return index }
    packages.append(("", iri("Package", "other-files"), []))
    return packages.count - 1
  }

  /// The model view in prose: verdict, definitions, components, open-washing findings, notes.
  static func modelComment(_ model: ModelAssessment) -> String {
    let components = model.components
    func component(_ name: String, _ status: ComponentStatus) -> String {
      "\(name) \(status.status.rawValue)" + (status.license.map { " (\($0))" } ?? "")
    }
    var lines = [
      "licenselens verdict: \(model.verdict.verdictClass.rawValue): \(model.verdict.summary)",
      SPDXWriter.modelNote(model),
      "Components: " + component("parameters", components.parameters) + ", "
        + component("code", components.code) + ", "
        + component("data information", components.dataInformation) + ".",
    ]
    for finding in model.openWashing {
      lines.append("Open-washing [\(finding.kind.rawValue)]: \(finding.detail)")
    }
    lines += model.notes.map { "Note: \($0)" }
    return lines.joined(separator: "\n")
  }
}
