import LicenseClauses

/// A license the matcher identified in a file, reduced to what the verdict needs.
public struct LicenseFact: Codable, Sendable, Hashable {
  /// The SPDX id (or `LicenseRef-…`) of the license.
  public var spdx: String
  /// Whether the OSI approved the license.
  public var isOSIApproved: Bool
  /// The license category (ScanCode's, such as `Permissive` or `Copyleft`), when known.
  public var category: String?

  /// Creates a fact.
  public init(spdx: String, isOSIApproved: Bool, category: String? = nil) {
    self.spdx = spdx
    self.isOSIApproved = isOSIApproved
    self.category = category
  }

  /// Whether the category says the license grants the four freedoms.
  var hasOpenCategory: Bool {
    guard let category = category?.lowercased() else { return false }
    return ["permissive", "copyleft", "copyleft limited", "public domain"].contains(category)
  }
}

/// What a document is, for combining the files that govern one model.
public enum DocumentKind: String, Codable, Sendable {
  /// A license or terms of use (LICENSE, LICENSE.md, COPYING, …).
  case license
  /// An acceptable-use or prohibited-use policy (USE_POLICY.md, ACCEPTABLE_USE_POLICY, …).
  case policy
  /// A NOTICE file.
  case notice
  /// Anything else.
  case other

  /// Infers the kind from the file name and, failing that, from the families found in it.
  public static func infer(fileName: String, families: [FamilyMatch] = []) -> DocumentKind {
    let last =
      fileName.lastIndex(of: "/").map { fileName[fileName.index(after: $0)...] }
      ?? fileName[...]
    // ASCII names (nearly all) are upper-cased byte by byte; others by Unicode rules.
    let name: [UInt8] =
      last.utf8.allSatisfy({ $0 < 0x80 })
      ? last.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
      : Array(last.uppercased().utf8)
    if name.containsBytes("POLICY") || name.containsBytes("AUP") { return .policy }
    if name.starts(with: "NOTICE".utf8) { return .notice }
    if name.starts(with: "LICEN".utf8) || name.starts(with: "COPYING".utf8)
      || name.containsBytes("TERMS")
    {
      return .license
    }
    if let first = families.first { return first.kind == .policy ? .policy : .license }
    return .other
  }
}

extension [UInt8] {
  /// Whether the UTF-8 bytes of `word` occur in these bytes (a plain byte search, cheaper
  /// than a String search for the short names it is used on).
  fileprivate func containsBytes(_ word: StaticString) -> Bool {
    let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard needle.count <= count else { return false }
    for start in 0...(count - needle.count)
    where self[start] == needle[0] && self[start..<start + needle.count].elementsEqual(needle) {
      return true
    }
    return false
  }
}

/// Everything known about one file: the identified licenses, the clauses, the families and
/// the document kind.
public struct DocumentEvidence: Sendable, Hashable {
  /// The file's path, for explanations.
  public var path: String
  /// What the document is.
  public var kind: DocumentKind
  /// Licenses the matcher identified.
  public var licenses: [LicenseFact]
  /// The clause scan of the document.
  public var scan: ClauseScan
  /// Model-license families recognised in the document.
  public var families: [FamilyMatch]

  /// Creates evidence for one file.
  public init(
    path: String, kind: DocumentKind, licenses: [LicenseFact] = [], scan: ClauseScan,
    families: [FamilyMatch] = []
  ) {
    self.path = path
    self.kind = kind
    self.licenses = licenses
    self.scan = scan
    self.families = families
  }
}
