import LicenseModel
import LicenseText

/// SPDX 2.3 JSON: one package per scanned root, one file per file read, what we identified in
/// each file as its `licenseInfoInFiles`, and every `LicenseRef-…` used described in
/// `hasExtractedLicensingInfos` with our reading of it.
///
/// Files stream out as they are scanned; the packages, relationships and custom licenses follow
/// at the end. SPDX 2.3 requires a SHA-1 checksum on every file, so the scan must compute it
/// (see ``ReportFormat/needsSHA1``). A file whose bytes were not read (an error, model weights
/// read only to their header, a symbolic link) has no checksum to give: it is left out of
/// `files` and listed, with the reason, in its package's `packageVerificationCodeExcludedFiles`
/// and in the document's `comment`. `licenseConcluded`, `licenseDeclared` and `copyrightText`
/// are `NOASSERTION`: we identify licenses, we do not conclude them. `extractedText` says where
/// the text is rather than copying it (the writer never re-reads a file).
public struct SPDXWriter: RecordWriter {
  private let context: ReportContext
  private var identifiers = SPDXIdentifiers()
  private var packages: [Package] = []
  private var fileCount = 0
  private var customLicenses: [(id: String, license: SPDXCustomLicense)] = []
  private var customIndex: [String: Int] = [:]

  /// One scanned root and what the end of the document needs of its files.
  private struct Package {
    var root: String
    var id: String
    var files: [(id: String, sha1: String)] = []
    var excluded: [(name: String, reason: String)] = []
    var licenses: [String] = []
    var models: [String] = []
  }

  /// The data license SPDX 2.3 requires of every document, spelled in parts so that a scan of
  /// our own sources does not take this line for a license notice.
  private static let documentLicense = ["CC0", "1.0"].joined(separator: "-")

  /// Creates a writer for one scan.
  public init(context: ReportContext) {
    self.context = context
    for root in context.roots {
      packages.append(Package(root: root, id: identifiers.make("SPDXRef-Package", root)))
    }
  }

  public mutating func begin() -> String {
    var json = JSONWriter()
    json.string("spdxVersion", "SPDX-2.3")
    json.string("dataLicense", Self.documentLicense)
    json.string("SPDXID", "SPDXRef-DOCUMENT")
    json.string("name", "licenselens scan of " + context.roots.joined(separator: ", "))
    json.string("documentNamespace", SPDXIdentifiers.namespace(context, version: "2.3"))
    json.beginObject("creationInfo")
    json.string("created", context.created)
    json.strings("creators", ["Tool: " + context.tool.replacingSpaces()])
    json.endObject()
    return "{" + json.text + ",\n\"files\":[\n"
  }

  public mutating func write(_ record: ScanRecord) -> String {
    switch record {
    case .model(let model):
      let package = packageIndex(for: model.folder)
      packages[package].models.append(Self.modelNote(model))
      return ""
    case .file(let result):
      let package = packageIndex(for: result.path)
      let name = SPDXRoots.fileName(result.path, root: packages[package].root)
      guard let sha1 = result.sha1, let sha256 = result.sha256 else {
        let reason =
          result.errors.first ?? result.skipped ?? "not read, so no SHA-1 checksum was computed"
        packages[package].excluded.append((name, reason))
        return ""
      }
      let licenses = SPDXFileLicenses(result)
      let id = identifiers.make("SPDXRef-File", result.path)
      packages[package].files.append((id, sha1))
      for license in licenses.ids where !packages[package].licenses.contains(license) {
        packages[package].licenses.append(license)
      }
      for id in licenses.ids { if let custom = licenses.custom[id] { remember(id, custom) } }
      defer { fileCount += 1 }
      return (fileCount == 0 ? "" : ",\n")
        + Self.fileObject(result, id: id, name: name, sha1: sha1, sha256: sha256, licenses)
    }
  }

  public mutating func end() -> String {
    var json = JSONWriter()
    json.objects("packages", packages) { json, package in Self.write(package, into: &json) }
    json.beginArray("relationships")
    for package in packages {
      relationship("SPDXRef-DOCUMENT", "DESCRIBES", package.id, into: &json)
      for file in package.files { relationship(package.id, "CONTAINS", file.id, into: &json) }
    }
    json.endArray()
    json.objects("hasExtractedLicensingInfos", customLicenses) { json, entry in
      let license = entry.license
      json.string("licenseId", entry.id)
      json.string("name", license.name)
      json.string(
        "extractedText",
        "Not reproduced by licenselens: the text is in \(license.path), "
          + ReportRenderer.lineSpan(license.startLine, license.endLine) + ".")
      json.string("comment", license.reading)
      if let reference = license.reference { json.strings("seeAlsos", [reference]) }
    }
    json.string("comment", documentComment())
    return "\n],\n" + json.text + "}\n"
  }

  /// The package of `path` (see ``SPDXRoots/index(of:in:)``); a package for other files is
  /// added when some path lies under no root.
  private mutating func packageIndex(for path: String) -> Int {
    if let index = SPDXRoots.index(of: path, in: packages.map(\.root)) { return index }
    packages.append(Package(root: "", id: identifiers.make("SPDXRef-Package", "other-files")))
    return packages.count - 1
  }

  private mutating func remember(_ id: String, _ license: SPDXCustomLicense) {
    if let index = customIndex[id] {
      // The first file that has a verdict gives the reading.
      if customLicenses[index].license.verdict == nil, license.verdict != nil {
        customLicenses[index].license = license
      }
      return
    }
    customIndex[id] = customLicenses.count
    customLicenses.append((id, license))
  }

  private func documentComment() -> String {
    var lines = [
      "Written by licenselens. licenseInfoInFiles lists the licenses licenselens identified in "
        + "each file (NOASSERTION when none); licenseConcluded, licenseDeclared and "
        + "copyrightText are NOASSERTION. Each LicenseRef's comment gives licenselens's reading."
    ]
    let excluded = packages.flatMap { package in
      package.excluded.map { "\(package.root.isEmpty ? "" : package.root + ": ")\($0.name)" }
    }
    if !excluded.isEmpty {
      lines.append(
        "Files scanned but left out of files (their bytes were not read, so SPDX's required "
          + "SHA-1 cannot be given; each is listed in its package's "
          + "packageVerificationCodeExcludedFiles and comment): "
          + excluded.joined(separator: ", ") + ".")
    }
    return lines.joined(separator: "\n")
  }

  private static func write(_ package: Package, into json: inout JSONWriter) {
    json.string("SPDXID", package.id)
    json.string("name", package.root.isEmpty ? "other files" : package.root)
    json.string("downloadLocation", "NOASSERTION")
    // SPDX allows files in a package only when its files were analysed, and then a
    // verification code over their SHA-1s.
    let analysed = !package.files.isEmpty
    json.bool("filesAnalyzed", analysed)
    if analysed {
      json.beginObject("packageVerificationCode")
      json.string("packageVerificationCodeValue", verificationCode(package.files.map(\.sha1)))
      if !package.excluded.isEmpty {
        json.strings("packageVerificationCodeExcludedFiles", package.excluded.map(\.name))
      }
      json.endObject()
      json.strings(
        "licenseInfoFromFiles", package.licenses.isEmpty ? ["NOASSERTION"] : package.licenses)
    }
    json.string("licenseConcluded", "NOASSERTION")
    json.string("licenseDeclared", "NOASSERTION")
    json.string("copyrightText", "NOASSERTION")
    var comment = package.excluded.map { "Not read: \($0.name) (\($0.reason))" }
    comment += package.models
    if !comment.isEmpty { json.string("comment", comment.joined(separator: "\n")) }
  }

  /// SPDX's package verification code: the SHA-1 of the files' SHA-1s, sorted and joined.
  static func verificationCode(_ sha1s: [String]) -> String {
    FileDigest.sha1Hex(sha1s.sorted().joined())
  }

  private static func fileObject(
    _ result: FileScanResult, id: String, name: String, sha1: String, sha256: String,
    _ licenses: SPDXFileLicenses
  ) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.string("SPDXID", id)
    json.string("fileName", name)
    json.objects("checksums", [("SHA1", sha1), ("SHA256", sha256)]) { json, checksum in
      json.string("algorithm", checksum.0)
      json.string("checksumValue", checksum.1)
    }
    json.string("licenseConcluded", "NOASSERTION")
    json.strings("licenseInfoInFiles", licenses.ids.isEmpty ? ["NOASSERTION"] : licenses.ids)
    json.string("copyrightText", "NOASSERTION")
    var comment: [String] = []
    if let expression = result.identification.expression {
      comment.append("licenselens expression: \(expression)")
    }
    if !licenses.exceptions.isEmpty {
      comment.append("exceptions: \(licenses.exceptions.joined(separator: ", "))")
    }
    if let verdict = result.verdict {
      comment.append("verdict: \(verdict.verdictClass.rawValue): \(verdict.summary)")
    }
    if let skipped = result.skipped { comment.append("not matched: \(skipped)") }
    if !result.errors.isEmpty { comment.append("errors: \(result.errors.joined(separator: "; "))") }
    if !comment.isEmpty { json.string("comment", comment.joined(separator: "\n")) }
    json.endObject()
    return json.text
  }

  private func relationship(
    _ from: String, _ type: String, _ to: String, into json: inout JSONWriter
  ) {
    json.beginObject()
    json.string("spdxElementId", from)
    json.string("relationshipType", type)
    json.string("relatedSpdxElement", to)
    json.endObject()
  }

  /// A model repository in one line: its folder, what is declared and found, the verdict and
  /// the definitions' outcomes.
  static func modelNote(_ model: ModelAssessment) -> String {
    let definitions = model.definitions
    return "Model repository \(model.folder)\(model.id.map { " (\($0))" } ?? ""): "
      + "declared \(model.declared ?? "nothing"), found \(model.found ?? "nothing"); "
      + "verdict \(model.verdict.verdictClass.rawValue); OSAID 1.0 \(definitions.osaid.outcome), "
      + "OSI list \(definitions.osi.outcome), Open Weight \(definitions.openWeight.outcome), "
      + "MOF class \(definitions.mofClass)."
  }
}

extension ReportFormat {
  /// Whether the format needs each file's SHA-1 (SPDX 2.3 requires it), which the scan then
  /// computes from the bytes it reads; other formats do not pay for it.
  public var needsSHA1: Bool { self == .spdxJSON }
}

extension String {
  /// The text with spaces as `-` (`licenselens 0.9.0` → `licenselens-0.9.0`).
  func replacingSpaces() -> String {
    String(map { $0 == " " ? "-" : $0 })
  }
}
