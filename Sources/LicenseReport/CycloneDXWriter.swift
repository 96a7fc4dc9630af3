import LicenseText

/// CycloneDX 1.6 JSON: one BOM whose components are the scanned files (type `file`, with their
/// SHA-256 and the licenses concluded for them) and the model repositories (type
/// `machine-learning-model`, with a model card carrying the verdict, the declared license and
/// the base models as `pedigree.ancestors`), plus one `data` component per dataset a model
/// card names. Components are written as records arrive; the writer keeps only the dataset
/// components and the model-to-dataset dependencies for the end.
public struct CycloneDXWriter: RecordWriter {
  private let context: ReportContext
  private var count = 0
  /// Dataset name → its component's `bom-ref`, in first-seen order.
  private var datasets = CycloneDXDatasets()
  /// Each model's `bom-ref` with the `bom-ref`s of its datasets.
  private var dependencies: [(ref: String, dependsOn: [String])] = []

  /// Creates a writer for the scan described by `context`.
  public init(context: ReportContext) {
    self.context = context
  }

  public mutating func begin() -> String {
    var json = JSONWriter()
    json.beginObject()
    json.string("bomFormat", "CycloneDX")
    json.string("specVersion", "1.6")
    json.string("serialNumber", Self.serialNumber(context))
    json.int("version", 1)
    json.beginObject("metadata")
    json.string("timestamp", context.created)
    json.beginObject("tools")
    json.beginArray("components")
    json.beginObject()
    json.string("type", "application")
    let tool = context.tool.split(separator: " ", maxSplits: 1).map(String.init)
    json.string("name", tool.first ?? "licenselens")
    if tool.count > 1 { json.string("version", tool[1]) }
    json.endObject()
    json.endArray()
    json.endObject()
    CycloneDXProperties(context.roots.map { ("licenselens:root", $0) }).write(into: &json)
    json.endObject()
    json.beginArray("components")
    // The array and the BOM stay open: the components follow one per record.
    return json.text
  }

  public mutating func write(_ record: ScanRecord) -> String {
    count += 1
    var json = JSONWriter()
    switch record {
    case .file(let result):
      Self.writeComponent(result, ref: "file-\(count)", into: &json)
    case .model(let model):
      let ref = "model-\(count)"
      let names = model.card?.datasets ?? []
      let refs = datasets.refs(for: names)
      if !refs.isEmpty { dependencies.append((ref, refs)) }
      CycloneDXModelComponent(model: model, ref: ref, datasetRefs: refs).write(into: &json)
    }
    return (count == 1 ? "" : ",") + json.text
  }

  public mutating func end() -> String {
    var text = ""
    for (index, dataset) in datasets.all.enumerated() {
      var json = JSONWriter()
      json.beginObject()
      json.string("type", "data")
      json.string("bom-ref", dataset.ref)
      json.string("name", dataset.name)
      json.beginArray("data")
      json.beginObject()
      json.string("type", "dataset")
      json.string("name", dataset.name)
      json.endObject()
      json.endArray()
      json.endObject()
      text += (count == 0 && index == 0 ? "" : ",") + json.text
    }
    text += "]"
    if !dependencies.isEmpty {
      var json = JSONWriter()
      json.objects("dependencies", dependencies) { json, dependency in
        json.string("ref", dependency.ref)
        json.strings("dependsOn", dependency.dependsOn)
      }
      text += "," + json.text
    }
    return text + "}\n"
  }

  /// The component of one file: its path as the name, its SHA-256, the licenses concluded for
  /// it, and as properties its verdict class, restrictive clauses, errors and why it was
  /// skipped.
  static func writeComponent(_ result: FileScanResult, ref: String, into json: inout JSONWriter) {
    json.beginObject()
    json.string("type", "file")
    json.string("bom-ref", ref)
    json.string("name", result.path)
    if let sha256 = result.sha256 {
      json.beginArray("hashes")
      json.beginObject()
      json.string("alg", "SHA-256")
      json.string("content", sha256)
      json.endObject()
      json.endArray()
    }
    let entries = ReportRenderer.licenseEntries(result)
    let unlisted = Set(
      entries.compactMap { entry -> String? in
        guard case .matched(let match) = entry, match.license.key == "unknown-spdx" else {
          return nil
        }
        return match.license.spdx
      })
    var ids: [String] = []
    for entry in entries {
      let id: String
      switch entry {
      case .matched(let match): id = match.license.spdx
      case .fingerprint(let family): id = family.id
      }
      if !ids.contains(id) { ids.append(id) }
    }
    CycloneDXLicenses(
      ids: result.identification.expression.map { [$0] } ?? ids, unlisted: unlisted,
      acknowledgement: "concluded"
    ).write(into: &json)
    var properties = CycloneDXProperties()
    if let verdict = result.verdict {
      properties.append("licenselens:verdict-class", verdict.verdictClass.rawValue)
    }
    for hit in result.clauses {
      properties.append("licenselens:clause", CycloneDXProperties.clause(hit, path: nil))
    }
    if let skipped = result.skipped { properties.append("licenselens:skipped", skipped) }
    for error in result.errors { properties.append("licenselens:error", error) }
    properties.write(into: &json)
    json.endObject()
  }

  /// `urn:uuid:` and a UUID made from the SHA-256 of the roots and the creation time, so that
  /// the same scan started at the same second gets the same serial number. The digest's
  /// first 128 bits are laid out as an RFC 9562 version 8 (custom) UUID.
  static func serialNumber(_ context: ReportContext) -> String {
    var seed = context.roots.joined(separator: "\n") + "\n\n" + context.created
    let digest = seed.withUTF8 { FileDigest.sha256Hex(UnsafeRawBufferPointer($0)) }
    var hex = Array(digest.prefix(32))
    hex[12] = "8"
    let variant = "89ab"
    let low = (hex[16].hexDigitValue ?? 0) & 3
    hex[16] = variant[variant.index(variant.startIndex, offsetBy: low)]
    let text = String(hex)
    func part(_ from: Int, _ to: Int) -> Substring {
      text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
    }
    return
      "urn:uuid:\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
  }
}

/// The `data` components a scan's model cards name, each once.
struct CycloneDXDatasets {
  /// Every dataset, in first-seen order.
  private(set) var all: [(name: String, ref: String)] = []
  private var refs: [String: String] = [:]

  /// The `bom-ref`s of `names` (without repeats), adding the datasets not seen before.
  mutating func refs(for names: [String]) -> [String] {
    var result: [String] = []
    for name in names {
      let ref: String
      if let known = refs[name] {
        ref = known
      } else {
        ref = "data-\(all.count + 1)"
        refs[name] = ref
        all.append((name, ref))
      }
      if !result.contains(ref) { result.append(ref) }
    }
    return result
  }
}
