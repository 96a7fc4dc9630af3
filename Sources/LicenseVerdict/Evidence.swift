import LicenseClauses

/// How the reference data (the LicenseDB category, the OSI and FSF flags) files a license.
public enum ReferenceStanding: String, Codable, Sendable {
  /// OSI-approved, FSF-libre, or filed under Permissive, Copyleft, Copyleft Limited or Public
  /// Domain.
  case free
  /// Filed under Commercial, Proprietary Free, Source-available, Free Restricted, CLA or
  /// Patent License: never open, whatever the clause scan finds.
  case nonFree = "non-free"
  /// No category that says either (Unstated License, unknown license text).
  case unknown
}

/// A license the matcher identified in a document, with the reference data the verdict reads.
public struct LicenseFact: Codable, Sendable, Hashable {
  /// The SPDX id (or `LicenseRef-…`) of the license.
  public var spdx: String
  /// The LicenseDB key (the SPDX id when not known).
  public var key: String
  /// Whether the OSI approved the license.
  public var isOSIApproved: Bool
  /// Whether the FSF lists the license as free (the SPDX list's `isFsfLibre`).
  public var isFSFLibre: Bool
  /// The license category (ScanCode's, such as `Permissive` or `Copyleft`), when known.
  public var category: String?
  /// Share of the reference present in the document (1 for exact and tag matches).
  public var coverage: Double
  /// First line of the match.
  public var startLine: Int
  /// Last line of the match.
  public var endLine: Int
  /// The restrictive clause ids the clause catalog finds in the LicenseDB's own text of this
  /// license (the reference profile); empty when its text has none or is not profiled. A
  /// notice that names a license says no more than its name, and the license's own text says
  /// what it restricts: a weights notice that names one of the Creative Commons NonCommercial
  /// texts bars commercial use as that text does.
  public var referenceRestrictions: [String]

  /// The lowest coverage at which an identified license counts as evidence of what it grants.
  public static let evidenceCoverage = 0.9

  /// Creates a fact.
  public init(
    spdx: String, key: String? = nil, isOSIApproved: Bool, isFSFLibre: Bool = false,
    category: String? = nil, coverage: Double = 1, startLine: Int = 1, endLine: Int = 1,
    referenceRestrictions: [String] = []
  ) {
    self.spdx = spdx
    self.key = key ?? spdx
    self.isOSIApproved = isOSIApproved
    self.isFSFLibre = isFSFLibre
    self.category = category
    self.coverage = coverage
    self.startLine = startLine
    self.endLine = endLine
    self.referenceRestrictions = referenceRestrictions
  }

  enum CodingKeys: String, CodingKey {
    case spdx, key, isOSIApproved, isFSFLibre, category, coverage, startLine, endLine
    case referenceRestrictions
  }

  /// Decodes a fact; one written before ``referenceRestrictions`` existed has none.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    spdx = try container.decode(String.self, forKey: .spdx)
    key = try container.decode(String.self, forKey: .key)
    isOSIApproved = try container.decode(Bool.self, forKey: .isOSIApproved)
    isFSFLibre = try container.decode(Bool.self, forKey: .isFSFLibre)
    category = try container.decodeIfPresent(String.self, forKey: .category)
    coverage = try container.decode(Double.self, forKey: .coverage)
    startLine = try container.decode(Int.self, forKey: .startLine)
    endLine = try container.decode(Int.self, forKey: .endLine)
    referenceRestrictions =
      try container.decodeIfPresent([String].self, forKey: .referenceRestrictions) ?? []
  }

  /// The ids of ``referenceRestrictions`` that bar commercial use or production use.
  public var commercialRestrictions: [String] {
    referenceRestrictions.filter {
      $0 == ClauseIDs.nonCommercial || $0 == ClauseIDs.nonProduction
    }
  }

  /// Whether the reference makes the document non-commercial: filed as non-free, identified
  /// at evidence coverage, and its own text bars commercial or production use
  /// (``commercialRestrictions``).
  public var isNonCommercialByReference: Bool {
    standing == .nonFree && coverage >= Self.evidenceCoverage && !commercialRestrictions.isEmpty
  }

  /// LicenseDB categories whose licenses grant the four freedoms.
  public static let freeCategories: Set<String> = [
    "permissive", "copyleft", "copyleft limited", "public domain",
  ]
  /// LicenseDB categories whose licenses never grant the four freedoms.
  public static let nonFreeCategories: Set<String> = [
    "commercial", "proprietary free", "source-available", "free restricted", "cla",
    "patent license",
  ]

  /// What the reference data says of the license, whatever the document's wording.
  public var standing: ReferenceStanding {
    let lowered = category?.lowercased() ?? ""
    if Self.nonFreeCategories.contains(lowered) { return .nonFree }
    if isOSIApproved || isFSFLibre || Self.freeCategories.contains(lowered) { return .free }
    return .unknown
  }

  /// Whether the LicenseDB files the license as a contributor license agreement (category
  /// CLA): terms between a project and those who contribute to it, not between the project and
  /// those who use its work.
  public var isContributorAgreement: Bool {
    category?.lowercased() == "cla"
  }

  /// The category, with "OSI-approved" and "FSF-libre" where they apply, for prose.
  public var standingDescription: String {
    var description = category ?? "no category"
    if isOSIApproved { description += ", OSI-approved" }
    if isFSFLibre { description += ", FSF-libre" }
    return description
  }
}

/// Where a document that matches a reference license at less than full coverage differs from
/// it in a way that changes the meaning: restrictions it adds (clauses found in its matched
/// span that the reference text does not have) or removes (clauses of the reference text not
/// found in it). A verdict never rests on a reference the document differs from this way.
public struct ReferenceDifference: Codable, Sendable, Hashable {
  /// The LicenseDB key of the reference.
  public var key: String
  /// The SPDX id of the reference.
  public var spdx: String
  /// Coverage of the match.
  public var coverage: Double
  /// The document's restrictive clauses, inside the match, that the reference lacks.
  public var added: [ClauseHit]
  /// Restrictive clause ids of the reference text that the document lacks.
  public var removed: [String]

  /// Creates a difference.
  public init(key: String, spdx: String, coverage: Double, added: [ClauseHit], removed: [String]) {
    self.key = key
    self.spdx = spdx
    self.coverage = coverage
    self.added = added
    self.removed = removed
  }

  /// The lines that carry an added restriction.
  public var changedLines: [ClosedRange<Int>] { added.map { $0.startLine...$0.endLine } }

  enum CodingKeys: String, CodingKey {
    case key, spdx, coverage, added, removed
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
    if let kind = kind(ofFileName: fileName) { return kind }
    if let first = families.first { return first.kind == .policy ? .policy : .license }
    return .other
  }

  /// The kind the name of `path` says, if any.
  private static func kind(ofFileName path: String) -> DocumentKind? {
    withName(of: path) { kind(ofName: $0) }
  }

  /// The kind a file name says, from the bytes of the name (the last component of its path):
  /// ASCII, whose lower-case letters are read as upper case, or upper-cased by Unicode rules.
  private static func kind(ofName name: UnsafeBufferPointer<UInt8>) -> DocumentKind? {
    // A word inside the name says what a document is, not what code is: `USE_POLICY.md`,
    // `Llama-AUP.html`, `Terms.md` are terms, `hashtable_policy.h`, `MachineSSAUpdater.h`
    // and `terms.py` are code. A policy by name is a use policy (`POLICY`, `USE_POLICY`,
    // `acceptable-use-policy.md`, `AUP.txt`), not any document about a policy
    // (`vendoring-policy.rst`, `put-bucket-policy.rst`, `privacy-policy.md`).
    if name.containsWord("AUP") || name.namesUsePolicy, isDocumentName(name) { return .policy }
    if name.startsName("NOTICE") { return .notice }
    if name.startsName("LICEN") || name.startsName("COPYING"), !isCodeName(name) {
      return .license
    }
    // A name that starts with a verb names an operation, and its document shows the operation
    // (the AWS CLI's `create-license-configuration.rst`, `list-licenses.rst`), not terms.
    if name.containsName("TERMS") || name.containsName("EULA") || name.containsName("LICEN"),
      isDocumentName(name), !namesAnOperation(name)
    {
      return .license
    }
    return nil
  }

  /// Verbs that start the names of API or command-line operations (upper case).
  static let operationVerbs: [StaticString] = [
    "ADD", "ASSOCIATE", "CHECKIN", "CHECKOUT", "CREATE", "DELETE", "DESCRIBE", "DISABLE",
    "DISASSOCIATE", "ENABLE", "GET", "LIST", "PUT", "REMOVE", "SET", "UPDATE",
  ]

  /// Whether a name's first word is one of ``operationVerbs`` and more words follow.
  static func namesAnOperation(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    operationVerbs.contains { name.startsWord($0) }
  }
}

extension DocumentKind {
  /// Extensions of documents (rather than code) that a name with LICEN elsewhere than at its
  /// start may have: `model-license.txt`, `MODEL_LICENSE`, `Third-Party-Licenses.md`, but not
  /// `license.py` or `licensing.go`.
  static let documentExtensions: Set<String> = [
    "TXT", "MD", "MARKDOWN", "RST", "TEXT", "HTML", "HTM", "ADOC", "ORG", "PDF",
  ]

  /// Extensions of source code: a name that starts with LICEN or COPYING and has one is code
  /// (`LicenseScan.swift`, `license_check.py`, `LicenseManager.java`), where `COPYING.LIB` or
  /// `LICENSE-MIT` are licenses.
  static let codeExtensions: Set<String> = [
    "SWIFT", "PY", "PYI", "GO", "RS", "JAVA", "KT", "KTS", "SCALA", "GROOVY", "JS", "MJS", "CJS",
    "TS", "TSX", "JSX", "C", "H", "CC", "CPP", "CXX", "HPP", "HH", "HXX", "M", "MM", "CS", "FS",
    "VB", "RB", "PHP", "PL", "PM", "SH", "BASH", "ZSH", "PS1", "LUA", "R", "JL", "DART", "EX",
    "EXS", "ERL", "HRL", "HS", "ML", "MLI", "CLJ", "CLJS", "EL", "ZIG", "NIM", "SQL", "PROTO",
    "VUE", "SVELTE", "F90", "PAS", "ASM", "CMAKE", "GRADLE",
  ]

  /// Names of build and tool files that are code without a code extension (upper case): a
  /// `Dangerfile`'s or `Makefile`'s `# ...` comments are no Markdown headings, and its
  /// strings no terms.
  static let codeFileNames: Set<String> = [
    "MAKEFILE", "GNUMAKEFILE", "DOCKERFILE", "CONTAINERFILE", "JENKINSFILE", "VAGRANTFILE",
    "GEMFILE", "RAKEFILE", "PODFILE", "DANGERFILE", "FASTFILE", "APPFILE", "BREWFILE",
    "CARTFILE", "PROCFILE", "JUSTFILE", "CAPFILE", "GUARDFILE", "BERKSFILE", "SNAKEFILE",
    "EARTHFILE", "BUILD", "WORKSPACE", "SCONSTRUCT", "SCONSCRIPT", "CMAKELISTS.TXT",
  ]

  /// ``codeFileNames`` as bytes.
  fileprivate static let codeFileNameBytes = codeFileNames.map { Array($0.utf8) }

  /// ``codeExtensions`` as bytes.
  fileprivate static let codeExtensionBytes = codeExtensions.map { Array($0.utf8) }

  /// Whether a name (its ASCII letters read as upper case) has a source-code extension
  /// (``codeExtensions``).
  static func isCodeName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    name.fileExtension?.isOne(of: codeExtensionBytes) ?? false
  }

  /// Names of documents a project writes for its contributors and maintainers rather than for
  /// the users of its software: their rules ("please refrain from using AI tools for the
  /// following", a CLA's duties) bind contributors, not users.
  static let contributorDocumentNames: [StaticString] = [
    "CONTRIBUTING", "CONTRIBUTORS", "CODE_OF_CONDUCT", "CODE-OF-CONDUCT", "CODEOFCONDUCT",
    "SECURITY", "GOVERNANCE", "MAINTAINERS", "CHANGELOG", "CHANGES",
  ]

  /// Whether `path` names a document for a project's contributors
  /// (``contributorDocumentNames``, as the start of a document's name and a word of its own):
  /// `CONTRIBUTING.md`, `.github/CODE_OF_CONDUCT.md`, `SECURITY.md`, `CHANGELOG`; not
  /// `CHANGESETS.md` or `src/Contributing.swift`.
  public static func isContributorDocument(fileName path: String) -> Bool {
    func test(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
      let named = contributorDocumentNames.contains { word in
        guard name.startsName(word) else { return false }
        let end = word.utf8CodeUnitCount
        return end == name.count || !isASCIILetter(name[end])
      }
      return named && isDocumentName(name)
    }
    return withName(of: path, test)
  }

  /// Whether `path` names a document rather than code: no extension, or a document one
  /// (`.txt`, `.md`, `.rst`, `.html`, …).
  public static func isDocument(fileName path: String) -> Bool {
    withName(of: path) { isDocumentName($0) }
  }

  /// Extensions of data and markup files (upper case). Their text is field values and
  /// descriptions (a schema's "the type of license granted to the licensee"), not prose.
  static let dataExtensions: Set<String> = [
    "JSON", "JSONL", "XSD", "XML", "DTD", "YAML", "YML", "TOML", "CSV", "TSV", "PLIST", "MAP",
  ]

  /// ``dataExtensions`` as bytes.
  fileprivate static let dataExtensionBytes = dataExtensions.map { Array($0.utf8) }

  /// Whether `path` names a data or markup file (``dataExtensions``).
  public static func isData(fileName path: String) -> Bool {
    withName(of: path) { $0.fileExtension?.isOne(of: dataExtensionBytes) ?? false }
  }

  /// Calls `body` with the bytes of the name of `path` (its last component), to be read with
  /// their ASCII letters as upper case: an ASCII path (nearly all; the name tests run several
  /// times per file) in place, without upper-casing a copy, any other upper-cased by Unicode
  /// rules (``upperCasedName(_:)``).
  static func withName<T>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    let ascii = path.utf8.withContiguousStorageIfAvailable { bytes -> T? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
      return body(UnsafeBufferPointer(rebasing: bytes[start...]))
    }
    if let ascii, let answer = ascii { return answer }
    return upperCasedName(path).withUnsafeBufferPointer(body)
  }

  /// ``documentExtensions`` as bytes.
  fileprivate static let documentExtensionBytes = documentExtensions.map { Array($0.utf8) }

  /// The UTF-8 bytes of the last component of `path`, upper-cased: ASCII names (nearly all)
  /// byte by byte, others by Unicode rules.
  static func upperCasedName(_ path: String) -> [UInt8] {
    // A native string's bytes in place (the generic walk of its UTF-8 view cost ten times
    // more; this runs several times per file).
    let contiguous = path.utf8.withContiguousStorageIfAvailable { bytes -> [UInt8]? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
      return bytes[start...].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }
    if let contiguous, let name = contiguous { return name }
    if path.utf8.allSatisfy({ $0 < 0x80 }) {
      // In ASCII every byte is a character: the last slash is found among the bytes.
      let utf8 = path.utf8
      let start = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) }
      return utf8[(start ?? utf8.startIndex)...].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }
    let last = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
    return last.utf8.allSatisfy({ $0 < 0x80 })
      ? last.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
      : Array(last.uppercased().utf8)
  }

  /// Whether a name (its ASCII lower-case letters read as upper case) has no extension or a
  /// document one (``documentExtensions``), and is no build file (``codeFileNames``).
  static func isDocumentName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    if name[...].isOne(of: codeFileNameBytes) { return false }
    guard let fileExtension = name.fileExtension else { return true }
    return fileExtension.isOne(of: documentExtensionBytes)
  }
}

/// `byte` with an ASCII lower-case letter made upper case.
@inline(__always)
private func asciiUpper(_ byte: UInt8) -> UInt8 {
  byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
}

/// Whether `byte` is an ASCII letter, of either case.
@inline(__always)
private func isASCIILetter(_ byte: UInt8) -> Bool { asciiUpper(byte) &- UInt8(ascii: "A") < 26 }

/// Whether `byte` is an ASCII lower-case letter.
@inline(__always)
private func isASCIILower(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }

/// Whether `byte` is an ASCII upper-case letter.
@inline(__always)
private func isASCIIUpper(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }

extension Slice<UnsafeBufferPointer<UInt8>> {
  /// Whether these bytes, their ASCII letters read as upper case, are one of `names` (upper
  /// case): an extension or a whole file name.
  fileprivate func isOne(of names: [[UInt8]]) -> Bool {
    names.contains { known in
      known.count == count && zip(known, self).allSatisfy { $0 == asciiUpper($1) }
    }
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether the bytes of `word` (upper case) occur in these bytes, their ASCII letters read
  /// as upper case (a plain byte search, cheaper than a String search for the short names it
  /// is used on).
  fileprivate func containsName(_ word: StaticString) -> Bool {
    let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard needle.count <= count else { return false }
    for start in 0...(count - needle.count)
    where asciiUpper(self[start]) == needle[0]
      && self[start..<start + needle.count].elementsEqual(needle, by: { asciiUpper($0) == $1 })
    {
      return true
    }
    return false
  }

  /// Whether the letters of `word` (upper case) occur in these bytes as a word of their
  /// own: not right after a letter unless a lower-case one (`LlamaAUP`, `use-aup`), and not
  /// right before a lower-case letter (`SSAUpdater`, `Beaupre` hold none).
  fileprivate func containsWord(_ word: StaticString) -> Bool {
    let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard needle.count <= count else { return false }
    for start in 0...(count - needle.count)
    where self[start..<start + needle.count].elementsEqual(needle, by: { asciiUpper($0) == $1 }) {
      let end = start + needle.count
      let startsWord =
        start == 0 || !isASCIILetter(self[start - 1])
        || (isASCIILower(self[start - 1]) && !isASCIILower(self[start]))
      let endsWord = end == count || !isASCIILower(self[end])
      if startsWord && endsWord { return true }
    }
    return false
  }

  /// Whether a name (its ASCII letters read as upper case) names a use policy: `POLICY` alone,
  /// or with a word that says whose use it governs (`USE`, `USAGE`, `ACCEPTABLE`, `PROHIBITED`,
  /// `RESPONSIBLE`).
  fileprivate var namesUsePolicy: Bool {
    guard containsName("POLICY") else { return false }
    let stem = firstIndex(of: UInt8(ascii: ".")) ?? count
    return (stem == 6 && startsName("POLICY")) || containsWord("USE")
      || containsName("USAGE") || containsName("ACCEPTABLE") || containsName("PROHIBITED")
      || containsName("RESPONSIBLE")
  }

  /// Whether these bytes start with the letters of `word` (upper case) as a word of their own
  /// that another word follows: after a separator (`get-license`, `list_terms`) or, in
  /// camel case, before an upper-case letter (`getLicense`).
  fileprivate func startsWord(_ word: StaticString) -> Bool {
    let length = word.utf8CodeUnitCount
    guard length < count, startsName(word) else { return false }
    let next = self[length]
    let separated = !isASCIILetter(next) && next != UInt8(ascii: ".")
    let camelCase = isASCIIUpper(next) && isASCIILower(self[length - 1])
    return separated || camelCase
  }

  /// The bytes after the name's last dot (its extension), if it has one.
  fileprivate var fileExtension: Slice<UnsafeBufferPointer<UInt8>>? {
    lastIndex(of: UInt8(ascii: ".")).map { self[($0 + 1)...] }
  }

  /// Whether these bytes, their ASCII letters read as upper case, start with `word`.
  fileprivate func startsName(_ word: StaticString) -> Bool {
    let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    return needle.count <= count
      && self[..<needle.count].elementsEqual(needle, by: { asciiUpper($0) == $1 })
  }
}

/// Everything known about one document: the licenses identified in it with their reference
/// data, the clause and grant findings, the model-license families, and where it differs from
/// a reference it resembles. The verdict is a pure function of this record.
public struct DocumentEvidence: Sendable, Hashable {
  /// The file's path, for explanations.
  public var path: String
  /// What the document is.
  public var kind: DocumentKind
  /// Licenses the matcher identified.
  public var licenses: [LicenseFact]
  /// The clause scan of the document (restrictions, benign look-alikes and grants).
  public var scan: ClauseScan
  /// Model-license families recognised in the document.
  public var families: [FamilyMatch]
  /// References the document resembles but differs from in a restriction.
  public var differences: [ReferenceDifference]

  /// Creates evidence for one file.
  public init(
    path: String, kind: DocumentKind, licenses: [LicenseFact] = [], scan: ClauseScan,
    families: [FamilyMatch] = [], differences: [ReferenceDifference] = []
  ) {
    self.path = path
    self.kind = kind
    self.licenses = licenses
    self.scan = scan
    self.families = families
    self.differences = differences
  }

  /// The identified licenses whose reference data may be used as evidence: identified with
  /// at least ``LicenseFact/evidenceCoverage`` and not differing from the document in a
  /// restriction.
  public var trustedLicenses: [LicenseFact] {
    referencedLicenses.filter { $0.coverage >= LicenseFact.evidenceCoverage }
  }

  /// The identified licenses whose reference data may speak for the document: all but those
  /// it differs from in a restriction (``differences``) and the contributor agreements it
  /// names beside other licenses (``contributorAgreementsBesideTerms``).
  public var referencedLicenses: [LicenseFact] {
    let agreements = contributorAgreementsBesideTerms
    guard !differences.isEmpty || !agreements.isEmpty else { return licenses }
    let excluded = Set(differences.map(\.key) + agreements.map(\.key))
    return licenses.filter { !excluded.contains($0.key) }
  }

  /// Agreements for contributors (``LicenseFact/isContributorAgreement``) identified beside
  /// another license: a README or package description that asks contributors to sign one
  /// binds those who contribute, and says nothing of what the users of the work may do, which
  /// the other license says. They neither grant nor restrict a freedom. A document whose only
  /// licenses are such agreements is one (or names nothing else), and its agreements speak
  /// for it as any reference does.
  public var contributorAgreementsBesideTerms: [LicenseFact] {
    guard licenses.contains(where: \.isContributorAgreement),
      licenses.contains(where: { !$0.isContributorAgreement })
    else { return [] }
    return licenses.filter(\.isContributorAgreement)
  }
}
