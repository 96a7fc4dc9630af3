import Foundation
import LicenseText
import RegexEngine

/// The clause catalog and family fingerprints compiled once (by `licenselens index build`)
/// into one binary file beside the index, so that a scan starts without parsing YAML, reading
/// patterns for their literals or compiling them with PCRE2.
///
/// The file follows the index's integrity design (``CompiledCatalog/verify(_:)``): a header
/// holds the magic, the format version, the size of the whole file, the key of the YAML files
/// it was compiled from (``CatalogSource/key``) and checksums (``Checksum64``) of the header
/// and of everything after it. A file of another format version, compiled from other YAML
/// files (the user edited a clause), truncated or damaged is refused, and the caller parses
/// the YAML instead: the same catalog, more slowly.
///
/// After the header: the catalog digest (``CatalogSource/digest``), the parts of every
/// pattern (``RegexEngine/Regex/Parts``), PCRE2's serialized code of all of them, then the
/// rules and families, which name their patterns by position.
public enum CompiledCatalog {
  /// File magic.
  static let magic: [UInt8] = Array("LLCATLG\u{1}".utf8)
  /// Bumped whenever the layout or the catalog's checks change (a change to the reading of
  /// patterns bumps ``RegexEngine/Regex/readingVersion``): older files are stale.
  static let formatVersion: UInt32 = 3
  /// Header bytes: magic, format version, the version of pattern reading
  /// (``RegexEngine/Regex/readingVersion``), file size, source key, payload checksum, header
  /// checksum.
  static let headerSize = 48

  enum Field {
    static let version = 8
    static let readingVersion = 12
    static let fileSize = 16
    static let sourceKey = 24
    static let payloadChecksum = 32
    static let headerChecksum = 40
  }

  /// The file name beside an index named `licenselens.index`.
  public static func path(forIndex index: String) -> String {
    (index.hasSuffix(".index") ? String(index.dropLast(".index".count)) : index) + ".catalog"
  }

  /// Why a compiled catalog was not used.
  public enum Refusal: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case missing
    /// Another format version, or patterns another PCRE2 cannot read.
    case stale(reason: String)
    /// Compiled from other YAML files (a clause or family file was edited since).
    case otherSource
    /// Truncated, damaged or not a compiled catalog.
    case damaged(reason: String)

    public var description: String {
      switch self {
      case .missing: return "missing"
      case .stale(let reason): return "stale (\(reason))"
      case .otherSource: return "compiled from other clause or family files"
      case .damaged(let reason): return "damaged (\(reason))"
      }
    }
  }

  /// The file's bytes for `catalog` and `families`, loaded from the YAML files of `source`.
  /// `nil` when PCRE2 cannot serialize the patterns.
  public static func encode(
    catalog: ClauseCatalog, families: FamilyDetector, source: CatalogSource
  ) -> [UInt8]? {
    var patterns: [RegexEngine.Regex] = []
    var payload = CatalogWriter()
    // A pattern that several rules or families share (the same source, options, limits and
    // reading: guards repeated across the grant rules) is stored once, so that a scan
    // compiles it for the JIT once.
    var stored: [RegexEngine.Regex.Parts: Int] = [:]
    func positions(_ regexes: [RegexEngine.Regex]) -> [Int] {
      regexes.map { regex in
        let parts = regex.parts
        if let same = stored[parts] { return same }
        patterns.append(regex)
        stored[parts] = patterns.count - 1
        return patterns.count - 1
      }
    }
    var body = CatalogWriter()
    body.count(catalog.rules.count)
    for rule in catalog.rules {
      body.rule(rule.definition)
      for group in [rule.patterns, rule.guards, rule.listIntros, rule.listItems] {
        body.integers(positions(group))
      }
    }
    body.count(families.families.count)
    for family in families.families {
      body.family(family.definition)
      for group in [family.titles, family.required, family.excluded] {
        body.integers(positions(group))
      }
      body.integers(positions(family.versions.map(\.0)))
      body.integers(positions(family.notices))
    }
    guard let serialized = RegexEngine.Regex.serialize(patterns) else { return nil }
    payload.string(source.digest)
    payload.count(patterns.count)
    for pattern in patterns { payload.parts(pattern.parts) }
    payload.counted(serialized)
    payload.raw(body.bytes)

    var header = CatalogWriter()
    header.raw(magic)
    header.scalar(formatVersion)
    header.scalar(RegexEngine.Regex.readingVersion)
    header.scalar(UInt64(headerSize + payload.bytes.count))
    header.scalar(source.key)
    header.scalar(Checksum64.of(payload.bytes))
    header.scalar(Checksum64.of(header.bytes))
    return header.bytes + payload.bytes
  }

  /// Checks the header of `bytes` and the checksums, against the key of `source`; returns
  /// the payload's range.
  static func verify(_ bytes: UnsafeRawBufferPointer, sourceKey: UInt64) throws(Refusal)
    -> Range<Int>
  {
    let size = bytes.count
    guard size >= magic.count, bytes[0..<magic.count].elementsEqual(magic) else {
      throw .damaged(reason: "not a compiled clause catalog")
    }
    guard size >= headerSize else { throw .damaged(reason: "truncated to \(size) bytes") }
    let version = bytes.loadUnaligned(fromByteOffset: Field.version, as: UInt32.self)
    guard version == formatVersion else {
      throw .stale(reason: "format \(version), this LicenseLens reads format \(formatVersion)")
    }
    let reading = bytes.loadUnaligned(fromByteOffset: Field.readingVersion, as: UInt32.self)
    guard reading == RegexEngine.Regex.readingVersion else {
      throw .stale(
        reason: "patterns read by version \(reading), this LicenseLens reads them by version "
          + "\(RegexEngine.Regex.readingVersion)")
    }
    let header = UnsafeRawBufferPointer(rebasing: bytes[0..<Field.headerChecksum])
    guard
      Checksum64.of(header)
        == bytes.loadUnaligned(fromByteOffset: Field.headerChecksum, as: UInt64.self)
    else { throw .damaged(reason: "header checksum mismatch") }
    let recordedSize = bytes.loadUnaligned(fromByteOffset: Field.fileSize, as: UInt64.self)
    guard recordedSize == UInt64(size) else {
      throw .damaged(
        reason: recordedSize > UInt64(size)
          ? "truncated to \(size) of \(recordedSize) bytes"
          : "\(UInt64(size) - recordedSize) bytes past the end")
    }
    guard bytes.loadUnaligned(fromByteOffset: Field.sourceKey, as: UInt64.self) == sourceKey
    else { throw .otherSource }
    let payload = UnsafeRawBufferPointer(rebasing: bytes[headerSize..<size])
    guard
      Checksum64.of(payload)
        == bytes.loadUnaligned(fromByteOffset: Field.payloadChecksum, as: UInt64.self)
    else { throw .damaged(reason: "checksum mismatch") }
    return headerSize..<size
  }

  /// The catalog, fingerprints and digest in `bytes`, a compiled catalog of the YAML files
  /// whose key is `sourceKey`.
  public static func decode(_ bytes: [UInt8], sourceKey: UInt64) throws(Refusal) -> (
    catalog: ClauseCatalog, families: FamilyDetector, digest: String
  ) {
    try bytes.withUnsafeBytes { raw in
      Result { () throws(Refusal) in try decode(raw, sourceKey: sourceKey) }
    }.get()
  }

  private static func decode(_ raw: UnsafeRawBufferPointer, sourceKey: UInt64) throws(Refusal)
    -> (catalog: ClauseCatalog, families: FamilyDetector, digest: String)
  {
    let range = try verify(raw, sourceKey: sourceKey)
    var reader = CatalogReader(UnsafeRawBufferPointer(rebasing: raw[range]))
    let digest = try reader.string()
    let patternCount = try reader.count()
    var parts: [RegexEngine.Regex.Parts] = []
    parts.reserveCapacity(patternCount)
    for _ in 0..<patternCount { parts.append(try reader.parts()) }
    let serialized = try reader.bytesInPlace()
    guard let patterns = RegexEngine.Regex.deserialize(serialized, parts: parts) else {
      throw .stale(reason: "PCRE2 cannot read the compiled patterns")
    }
    func group() throws(Refusal) -> [RegexEngine.Regex] {
      var group: [RegexEngine.Regex] = []
      for position in try reader.integers() {
        guard position < patterns.count else { throw .damaged(reason: "bad pattern number") }
        group.append(patterns[position])
      }
      return group
    }
    var rules: [ClauseRule] = []
    for _ in 0..<(try reader.count()) {
      let definition = try reader.rule()
      rules.append(
        ClauseRule(
          definition: definition, patterns: try group(), guards: try group(),
          literals: (definition.literals ?? []).map { Array($0.utf8) },
          listIntros: try group(), listItems: try group(),
          requirement: (definition.requires ?? []).map { Array($0.utf8) }))
    }
    var families: [FamilyDetector.Family] = []
    for _ in 0..<(try reader.count()) {
      let definition = try reader.family()
      let titles = try group()
      let required = try group()
      let excluded = try group()
      let versionPatterns = try group()
      guard versionPatterns.count == (definition.versions ?? []).count else {
        throw .damaged(reason: "versions do not match their patterns")
      }
      let notices = try group()
      families.append(
        FamilyDetector.Family(
          definition: definition, titles: titles, required: required, excluded: excluded,
          versions: Array(zip(versionPatterns, (definition.versions ?? []).map(\.version))),
          notices: notices))
    }
    guard reader.isAtEnd else { throw .damaged(reason: "bytes after the families") }
    return (ClauseCatalog(rules: rules), FamilyDetector(families: families), digest)
  }
}

/// The YAML files of the clause catalog and the family fingerprints as one stream of bytes
/// (each file's name, a zero byte, its contents, a zero byte, in name order per folder): what
/// the catalog digest and the key of a compiled catalog are computed over.
public struct CatalogSource: Sendable {
  /// The stream.
  public let bytes: [UInt8]

  /// Reads the `*.yaml` and `*.yml` files of `directories`, in order (a folder that cannot be
  /// listed adds nothing, a file that cannot be read adds its name only).
  public init(directories: [URL]) {
    var bytes: [UInt8] = []
    for directory in directories {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
        bytes += Array(name.utf8) + [0]
        bytes +=
          (try? Data(contentsOf: directory.appendingPathComponent(name))).map(Array.init)
          ?? []
        bytes.append(0)
      }
    }
    self.bytes = bytes
  }

  /// The key a compiled catalog of these files records (a fast checksum: telling edited
  /// files from the compiled ones needs no cryptographic digest).
  public var key: UInt64 { Checksum64.of(bytes) }

  /// SHA-256 of the stream, lowercase hexadecimal: the catalog digest.
  public var digest: String { bytes.withUnsafeBytes { FileDigest.sha256Hex($0) } }
}

/// Little-endian writer of a compiled catalog: counts and lengths as UInt32.
struct CatalogWriter {
  private(set) var bytes: [UInt8] = []

  mutating func raw(_ data: [UInt8]) { bytes += data }

  mutating func scalar<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func count(_ value: Int) { scalar(UInt32(value)) }

  mutating func counted(_ data: [UInt8]) {
    count(data.count)
    bytes += data
  }

  mutating func string(_ text: String) { counted(Array(text.utf8)) }

  mutating func strings(_ texts: [String]) {
    count(texts.count)
    for text in texts { string(text) }
  }

  mutating func optionalStrings(_ texts: [String]?) {
    scalar(UInt8(texts == nil ? 0 : 1))
    if let texts { strings(texts) }
  }

  mutating func optionalString(_ text: String?) {
    scalar(UInt8(text == nil ? 0 : 1))
    if let text { string(text) }
  }

  mutating func byteStrings(_ list: [[UInt8]]) {
    count(list.count)
    for item in list { counted(item) }
  }

  mutating func integers(_ values: [Int]) {
    count(values.count)
    for value in values { count(value) }
  }

  mutating func parts(_ parts: RegexEngine.Regex.Parts) {
    string(parts.pattern)
    scalar(parts.options)
    scalar(parts.matchLimit)
    scalar(parts.depthLimit)
    byteStrings(parts.requiredLiterals)
    scalar(UInt8(parts.literalAlternatives == nil ? 0 : 1))
    if let alternatives = parts.literalAlternatives { byteStrings(alternatives) }
  }

  mutating func rule(_ rule: ClauseRuleFile) {
    string(rule.id)
    optionalStrings(rule.variant.map { [$0] })
    strings(rule.freedoms.map(\.rawValue))
    string(rule.severity.rawValue)
    string(rule.rationale)
    strings(rule.patterns)
    for list in [rule.guards, rule.literals, rule.requires, rule.suppresses] {
      optionalStrings(list)
    }
    optionalStrings(rule.listIntros)
    optionalStrings(rule.listItems)
    optionalStrings(rule.unlessDocumentHas)
    strings(rule.examples.positive)
    strings(rule.examples.negative)
  }

  mutating func family(_ family: FamilyRuleFile) {
    string(family.family)
    string(family.kind.rawValue)
    string(family.name)
    strings(family.title)
    optionalStrings(family.require)
    optionalStrings(family.notice)
    optionalStrings(family.exclude)
    scalar(UInt8(family.versions == nil ? 0 : 1))
    if let versions = family.versions {
      count(versions.count)
      for version in versions {
        string(version.pattern)
        optionalString(version.version)
      }
    }
    optionalString(family.defaultVersion)
  }
}

/// Reads what ``CatalogWriter`` wrote, refusing (never trapping on) bytes that run out or
/// hold values no writer writes.
struct CatalogReader {
  private let bytes: UnsafeRawBufferPointer
  private var offset = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var isAtEnd: Bool { offset == bytes.count }

  private static func damaged(_ what: String) -> CompiledCatalog.Refusal {
    .damaged(reason: "bad \(what)")
  }

  mutating func scalar<T: FixedWidthInteger>(_: T.Type) throws(CompiledCatalog.Refusal) -> T {
    guard bytes.count - offset >= MemoryLayout<T>.size else {
      throw .damaged(reason: "ends early")
    }
    let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    offset += MemoryLayout<T>.size
    return value
  }

  mutating func count() throws(CompiledCatalog.Refusal) -> Int {
    let value = Int(try scalar(UInt32.self))
    // Every counted item takes at least one byte: a count beyond the bytes left is damage.
    guard value <= bytes.count - offset else { throw .damaged(reason: "ends early") }
    return value
  }

  mutating func flag() throws(CompiledCatalog.Refusal) -> Bool {
    switch try scalar(UInt8.self) {
    case 0: return false
    case 1: return true
    default: throw Self.damaged("flag")
    }
  }

  /// The next counted bytes, in place.
  mutating func bytesInPlace() throws(CompiledCatalog.Refusal) -> UnsafeRawBufferPointer {
    let length = try count()
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    offset += length
    return slice
  }

  mutating func byteString() throws(CompiledCatalog.Refusal) -> [UInt8] {
    Array(try bytesInPlace())
  }

  mutating func string() throws(CompiledCatalog.Refusal) -> String {
    let raw = try bytesInPlace()
    guard let text = String(validating: raw, as: UTF8.self) else { throw Self.damaged("text") }
    return text
  }

  mutating func strings() throws(CompiledCatalog.Refusal) -> [String] {
    var texts: [String] = []
    for _ in 0..<(try count()) { texts.append(try string()) }
    return texts
  }

  mutating func optionalStrings() throws(CompiledCatalog.Refusal) -> [String]? {
    try flag() ? try strings() : nil
  }

  mutating func optionalString() throws(CompiledCatalog.Refusal) -> String? {
    try flag() ? try string() : nil
  }

  mutating func byteStrings() throws(CompiledCatalog.Refusal) -> [[UInt8]] {
    var list: [[UInt8]] = []
    for _ in 0..<(try count()) { list.append(try byteString()) }
    return list
  }

  mutating func integers() throws(CompiledCatalog.Refusal) -> [Int] {
    var values: [Int] = []
    for _ in 0..<(try count()) { values.append(Int(try scalar(UInt32.self))) }
    return values
  }

  mutating func parts() throws(CompiledCatalog.Refusal) -> RegexEngine.Regex.Parts {
    let pattern = try string()
    let options = try scalar(UInt32.self)
    let matchLimit = try scalar(UInt32.self)
    let depthLimit = try scalar(UInt32.self)
    let required = try byteStrings()
    let alternatives = try flag() ? try byteStrings() : nil
    return RegexEngine.Regex.Parts(
      pattern: pattern, options: options, matchLimit: matchLimit, depthLimit: depthLimit,
      requiredLiterals: required, literalAlternatives: alternatives)
  }

  mutating func rule() throws(CompiledCatalog.Refusal) -> ClauseRuleFile {
    let id = try string()
    let variant = try optionalStrings()?.first
    var freedoms: [Freedom] = []
    for name in try strings() {
      guard let freedom = Freedom(rawValue: name) else { throw Self.damaged("freedom") }
      freedoms.append(freedom)
    }
    guard let severity = Severity(rawValue: try string()) else { throw Self.damaged("severity") }
    let rationale = try string()
    let patterns = try strings()
    let guards = try optionalStrings()
    let literals = try optionalStrings()
    let requires = try optionalStrings()
    let suppresses = try optionalStrings()
    let listIntros = try optionalStrings()
    let listItems = try optionalStrings()
    let unlessDocumentHas = try optionalStrings()
    let positive = try strings()
    let negative = try strings()
    return ClauseRuleFile(
      id: id, variant: variant, freedoms: freedoms, severity: severity, rationale: rationale,
      patterns: patterns,
      guards: guards, literals: literals, requires: requires, suppresses: suppresses,
      listIntros: listIntros, listItems: listItems, unlessDocumentHas: unlessDocumentHas,
      examples: ClauseRuleFile.Examples(positive: positive, negative: negative))
  }

  mutating func family() throws(CompiledCatalog.Refusal) -> FamilyRuleFile {
    let family = try string()
    guard let kind = FamilyKind(rawValue: try string()) else { throw Self.damaged("kind") }
    let name = try string()
    let title = try strings()
    let require = try optionalStrings()
    let notice = try optionalStrings()
    let exclude = try optionalStrings()
    var versions: [FamilyRuleFile.VersionRule]?
    if try flag() {
      var rules: [FamilyRuleFile.VersionRule] = []
      for _ in 0..<(try count()) {
        rules.append(
          FamilyRuleFile.VersionRule(pattern: try string(), version: try optionalString()))
      }
      versions = rules
    }
    let defaultVersion = try optionalString()
    return FamilyRuleFile(
      family: family, kind: kind, name: name, title: title, require: require, notice: notice,
      exclude: exclude, versions: versions, defaultVersion: defaultVersion)
  }
}
