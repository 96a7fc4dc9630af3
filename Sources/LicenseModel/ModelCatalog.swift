import Foundation
import Glibc
import LicenseClauses
import LicenseVerdict
import Yams

/// The model view's reference data, read from `license-corpus/models/`: Hugging Face license
/// ids (`hf-licenses.tsv`), base-model terms (`base-models.tsv`), licenses that count as open
/// for MOF components (`open-terms.tsv`) and the component rules (`components.yaml`).
public struct ModelCatalog: Sendable {
  /// A Hugging Face license id and what it means.
  public struct HubLicense: Sendable, Equatable {
    /// The id as written in a card (`apache-2.0`, `llama3.1`, `other`).
    public var id: String
    /// The SPDX id or `LicenseRef-…`; `nil` for family ids that name no single license.
    public var spdx: String?
    /// LicenseDB keys and `family:SLUG` fingerprints that count as this license when found.
    public var keys: Set<String>
    /// `osi`, `open`, `restricted`, `non-commercial`, `proprietary` or `unknown`.
    public var standing: String

    /// Whether the id promises the four freedoms.
    public var isOpen: Bool { standing == "osi" || standing == "open" }

    /// The terms a card declaring this id takes on, when the standing is restrictive:
    /// restricted and non-commercial terms break Use, Modify and Share (the model licenses of
    /// `../shared/model-licenses` all do), proprietary ones all four freedoms.
    public func declaredTerms(_ spdx: String) -> InheritedTerms? {
      let (verdictClass, broken): (VerdictClass, Set<Freedom>) =
        switch standing {
        case "restricted": (.restrictedOpenWeights, [.use, .modify, .share])
        case "non-commercial": (.nonCommercial, [.use, .modify, .share])
        case "proprietary": (.proprietaryOrUnknown, Set(Freedom.allCases))
        default: (.osiApprovedOpenSource, [])
        }
      guard !broken.isEmpty else { return nil }
      return InheritedTerms(
        source: "declared:\(spdx)", terms: spdx, verdictClass: verdictClass, broken: broken)
    }
  }

  /// The terms of a well-known base model.
  public struct BaseModelTerms: Sendable, Equatable {
    /// A case-insensitive glob on `org/name`.
    public var pattern: String
    /// The terms' SPDX id or `LicenseRef-…`.
    public var terms: String
    /// LicenseDB keys and `family:SLUG` fingerprints of the terms.
    public var keys: Set<String>
    /// The class of the terms.
    public var verdictClass: VerdictClass
    /// The freedoms the terms break.
    public var broken: Set<Freedom>
    /// What the terms are, in a few words.
    public var note: String
  }

  /// A license that counts as open for MOF components beyond OSI-approved and FSF-libre ones.
  public struct OpenTerms: Sendable, Equatable {
    /// The SPDX id or `LicenseRef-…`.
    public var id: String
    /// Its LicenseDB keys.
    public var keys: Set<String>
    /// `all`, or the kinds of component it covers (`data`, `documents`).
    public var appliesTo: Set<String>
  }

  /// Hugging Face license ids, by lower-cased id.
  public var hubLicenses: [String: HubLicense]
  /// Base-model terms, tried in order.
  public var baseModels: [BaseModelTerms]
  /// Licenses open for MOF components.
  public var openTerms: [OpenTerms]
  /// How components are found.
  public var components: ComponentRules

  /// Creates a catalog from parts (tests).
  public init(
    hubLicenses: [HubLicense] = [], baseModels: [BaseModelTerms] = [],
    openTerms: [OpenTerms] = [], components: ComponentRules = ComponentRules()
  ) {
    self.hubLicenses = Dictionary(
      hubLicenses.map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    self.baseModels = baseModels
    self.openTerms = openTerms
    self.components = components
  }

  /// Loads the catalog from `folder` (`license-corpus/models`).
  public static func load(from folder: String) throws -> ModelCatalog {
    let hub = try rows(folder + "/hf-licenses.tsv", columns: 5).map { row, _ in
      HubLicense(
        id: row[0], spdx: dash(row[1]), keys: keys(row[2]), standing: row[3])
    }
    let bases = try rows(folder + "/base-models.tsv", columns: 6).map { row, line in
      guard let verdictClass = VerdictClass(rawValue: row[3]) else {
        throw CatalogError.invalidFile(
          path: folder + "/base-models.tsv", reason: "line \(line): unknown class `\(row[3])`")
      }
      return BaseModelTerms(
        pattern: row[0], terms: row[1], keys: keys(row[2]), verdictClass: verdictClass,
        broken: Set(
          row[4].split(separator: ",").compactMap { Freedom(rawValue: $0.lowercased()) }),
        note: row[5])
    }
    let open = try rows(folder + "/open-terms.tsv", columns: 3).map { row, _ in
      OpenTerms(
        id: row[0], keys: keys(row[1]),
        appliesTo: Set(row[2].split(separator: ",").map(String.init)))
    }
    let components = try ComponentRules.load(from: folder + "/components.yaml")
    return ModelCatalog(
      hubLicenses: hub, baseModels: bases, openTerms: open, components: components)
  }

  /// The meaning of a Hugging Face license id (case-insensitive).
  public func hubLicense(_ id: String) -> HubLicense? {
    hubLicenses[id.lowercased()]
  }

  /// The terms of base model `id` (`org/name`, case-insensitive), first matching row.
  public func baseModelTerms(_ id: String) -> BaseModelTerms? {
    let name = Self.hubID(id).lowercased()
    return baseModels.first { fnmatch($0.pattern.lowercased(), name, 0) == 0 }
  }

  /// `org/name` of a base-model reference, which may be a Hub URL.
  static func hubID(_ reference: String) -> String {
    var id = reference
    for prefix in ["https://huggingface.co/", "http://huggingface.co/", "hf.co/", "hf://"]
    where id.hasPrefix(prefix) {
      id.removeFirst(prefix.count)
    }
    let parts = id.split(separator: "/")
    return parts.count >= 2 ? "\(parts[0])/\(parts[1])" : id
  }

  private static func dash(_ value: String) -> String? { value == "-" ? nil : value }

  private static func keys(_ value: String) -> Set<String> {
    value == "-" ? [] : Set(value.split(separator: ",").map { String($0) })
  }

  /// The data rows of a tab-separated file: `#` lines and blank lines are skipped; each row
  /// must have at least `columns` fields.
  private static func rows(_ path: String, columns: Int) throws -> [([String], Int)] {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw CatalogError.invalidFile(path: path, reason: "cannot read: \(error)")
    }
    var rows: [([String], Int)] = []
    // Split bytes, not Characters (several times faster; this runs at every start); a line
    // may end in CR LF.
    let bytes = Array(text.utf8)
    for (index, whole) in bytes.split(
      separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false
    )
    .enumerated() {
      let line = whole.last == UInt8(ascii: "\r") ? whole.dropLast() : whole
      if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
      let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
      guard fields.count >= columns else {
        throw CatalogError.invalidFile(
          path: path,
          reason: "line \(index + 1): \(fields.count) fields, expected \(columns)")
      }
      rows.append((fields, index + 1))
    }
    return rows
  }
}

/// How components are found: the rules of `components.yaml`.
public struct ComponentRules: Sendable, Codable, Equatable {
  /// One component and how it is found.
  public struct Rule: Sendable, Codable, Equatable {
    /// The component, such as `training-code`.
    public var id: String
    /// The MOF class that first needs it (`III`, `II`, `I`).
    public var mofClass: String
    /// The OSAID component it belongs to, if any.
    public var osaid: String?
    /// Path globs.
    public var files: [String]?
    /// Only files with a code extension count.
    public var codeOnly: Bool?
    /// Only weight files count.
    public var weights: Bool?
    /// The model card itself counts.
    public var card: Bool?
    /// Words a card section heading contains.
    public var headings: [String]?
    /// Words such a section needs.
    public var minWords: Int?
    /// Card fields whose presence counts.
    public var fields: [String]?
    /// `files`, compiled.
    var globs: [Glob]? { compiled ?? files.map { $0.map(Glob.init) } }
    /// `files` compiled once when the rules are loaded.
    var compiled: [Glob]?
    /// URL fragments in the card that count.
    public var links: [String]?

    enum CodingKeys: String, CodingKey {
      case id, osaid, files, weights, card, headings, fields, links
      case mofClass = "class"
      case codeOnly = "code_only"
      case minWords = "min_words"
    }
  }

  /// File extensions of code.
  public var codeExtensions: [String]
  /// Libraries whose name in `library_name` stands for open inference code.
  public var openInferenceLibraries: [String]
  /// Weight formats open runtimes run as they are.
  public var openInferenceFormats: [String]
  /// The components, in MOF order.
  public var components: [Rule]

  enum CodingKeys: String, CodingKey {
    case components
    case codeExtensions = "code_extensions"
    case openInferenceLibraries = "open_inference_libraries"
    case openInferenceFormats = "open_inference_formats"
  }

  /// Creates rules (tests).
  public init(
    codeExtensions: [String] = [], openInferenceLibraries: [String] = [],
    openInferenceFormats: [String] = [], components: [Rule] = []
  ) {
    self.codeExtensions = codeExtensions
    self.openInferenceLibraries = openInferenceLibraries
    self.openInferenceFormats = openInferenceFormats
    self.components = components
  }

  /// Loads `components.yaml`.
  public static func load(from path: String) throws -> ComponentRules {
    do {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      var rules = try YAMLDecoder().decode(ComponentRules.self, from: text)
      for index in rules.components.indices {
        rules.components[index].compiled = rules.components[index].files?.map(Glob.init)
      }
      return rules
    } catch {
      throw CatalogError.invalidFile(path: path, reason: "\(error)")
    }
  }
}
