import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch

/// The bytes of a ``ResultCache/Entry``: a compact binary form (variable-length integers,
/// length-prefixed strings, doubles by their bits), several times faster to read back than
/// JSON, which a warm cache does for every file. Family matches, which only model licenses
/// have, are kept as JSON inside it.
enum ResultCacheCoding {
  /// The entry's bytes.
  static func encode(_ entry: ResultCache.Entry) -> [UInt8]? {
    var writer = EntryWriter()
    writer.identification(entry.identification)
    guard let findings = entry.findings else {
      writer.integer(0)
      return writer.bytes
    }
    writer.integer(1)
    writer.flag(findings.scanned)
    writer.flag(findings.readsAsLicense)
    writer.clauseScan(findings.scan)
    writer.integer(findings.licenseSections.count)
    for section in findings.licenseSections {
      writer.integer(section.lowerBound)
      writer.integer(section.upperBound)
    }
    guard writer.families(findings.families) else { return nil }
    return writer.bytes
  }

  /// The entry in `bytes`; `nil` when they are not one whole entry.
  static func decode(_ bytes: ArraySlice<UInt8>) -> ResultCache.Entry? {
    var reader = EntryReader(bytes: bytes)
    guard let identification = reader.identification(), let hasFindings = reader.integer()
    else { return nil }
    var findings: ClauseAnalysis.Findings?
    if hasFindings == 1 {
      guard let scanned = reader.flag(), let readsAsLicense = reader.flag(),
        let scan = reader.clauseScan(), let sectionCount = reader.count()
      else { return nil }
      var sections: [ClosedRange<Int>] = []
      for _ in 0..<sectionCount {
        guard let lower = reader.integer(), let upper = reader.integer(), lower <= upper else {
          return nil
        }
        sections.append(lower...upper)
      }
      guard let families = reader.families() else { return nil }
      findings = ClauseAnalysis.Findings(
        scanned: scanned, scan: scan, families: families, readsAsLicense: readsAsLicense,
        licenseSections: sections)
    } else if hasFindings != 0 {
      return nil
    }
    guard reader.isAtEnd else { return nil }
    return ResultCache.Entry(identification: identification, findings: findings)
  }
}

/// Appends values to an entry's bytes.
struct EntryWriter {
  var bytes: [UInt8] = []

  /// A signed integer, zig-zag and 7 bits a byte.
  mutating func integer(_ value: Int) {
    var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  mutating func flag(_ value: Bool) { integer(value ? 1 : 0) }

  mutating func double(_ value: Double) {
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ value: String) {
    integer(value.utf8.count)
    bytes.append(contentsOf: value.utf8)
  }

  mutating func optionalString(_ value: String?) {
    flag(value != nil)
    if let value { string(value) }
  }

  mutating func identification(_ identification: IdentificationResult) {
    integer(identification.licenses.count)
    for match in identification.licenses {
      license(match.license)
      integer(match.startLine)
      integer(match.endLine)
      double(match.coverage)
      double(match.score)
      string(match.kind.rawValue)
      string(match.rule)
      integer(match.unmatchedTokens)
    }
    optionalString(identification.expression)
    integer(identification.lists.count)
    for list in identification.lists {
      integer(list.startLine)
      integer(list.endLine)
      integer(list.names)
    }
    integer(identification.clues.count)
    for clue in identification.clues {
      license(clue.license)
      integer(clue.startLine)
      integer(clue.endLine)
      string(clue.kind.rawValue)
      string(clue.rule)
    }
  }

  mutating func license(_ license: LicenseInfo) {
    for text in [license.key, license.spdx, license.name, license.category] { string(text) }
    flag(license.isOSIApproved)
    flag(license.isException)
  }

  /// Model-license families, as JSON (they are rare: model licenses only); false when they
  /// cannot be encoded.
  mutating func families(_ families: [FamilyMatch]) -> Bool {
    guard !families.isEmpty else {
      integer(0)
      return true
    }
    guard let json = try? JSONEncoder().encode(families) else { return false }
    integer(json.count)
    bytes += json
    return true
  }

  mutating func clauseScan(_ scan: ClauseScan) {
    for list in [scan.hits, scan.benign, scan.grants] { hits(list) }
    integer(scan.issues.count)
    for issue in scan.issues { self.issue(issue) }
  }

  /// A place where a clause pattern gave up.
  mutating func issue(_ issue: ScanIssue) {
    string(issue.ruleID)
    integer(issue.startLine)
    integer(issue.endLine)
    string(issue.message)
  }

  mutating func hits(_ hits: [ClauseHit]) {
    integer(hits.count)
    for hit in hits {
      string(hit.id)
      integer(hit.freedoms.count)
      for freedom in hit.freedoms { string(freedom.rawValue) }
      string(hit.severity.rawValue)
      integer(hit.startLine)
      integer(hit.endLine)
      string(hit.text)
      string(hit.explanation)
    }
  }
}

/// Reads values back; every read is `nil` past the end or on a value out of range.
struct EntryReader {
  let bytes: ArraySlice<UInt8>
  var position: Int

  init(bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    position = bytes.startIndex
  }

  var isAtEnd: Bool { position == bytes.endIndex }

  mutating func integer() -> Int? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while position < bytes.endIndex, shift < 64 {
      let byte = bytes[position]
      position += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 {
        let decoded = Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
        return Int(decoded)
      }
      shift += 7
    }
    return nil
  }

  /// A non-negative count no larger than the bytes left (each item takes at least one).
  mutating func count() -> Int? {
    guard let value = integer(), value >= 0, value <= bytes.endIndex - position else {
      return nil
    }
    return value
  }

  mutating func flag() -> Bool? {
    switch integer() {
    case 0: return false
    case 1: return true
    default: return nil
    }
  }

  mutating func double() -> Double? {
    guard let raw = take(8) else { return nil }
    let bits = raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    return Double(bitPattern: bits)
  }

  mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, count <= bytes.endIndex - position else { return nil }
    defer { position += count }
    return bytes[position..<(position + count)]
  }

  mutating func string() -> String? {
    guard let length = count(), let raw = take(length) else { return nil }
    return String(decoding: raw, as: UTF8.self)
  }

  mutating func optionalString() -> String?? {
    guard let present = flag() else { return nil }
    if !present { return .some(nil) }
    guard let value = string() else { return nil }
    return .some(value)
  }

  mutating func identification() -> IdentificationResult? {
    guard let count = count() else { return nil }
    var licenses: [LicenseMatch] = []
    for _ in 0..<count {
      guard let license = license(), let start = integer(), let end = integer(),
        let coverage = double(), let score = double(),
        let kind = string().flatMap(MatchKind.init(rawValue:)), let rule = string(),
        let unmatched = integer()
      else { return nil }
      licenses.append(
        LicenseMatch(
          license: license, startLine: start, endLine: end, coverage: coverage, score: score,
          kind: kind, rule: rule, unmatchedTokens: unmatched))
    }
    guard let expression = optionalString(), let listCount = self.count() else { return nil }
    var lists: [LicenseList] = []
    for _ in 0..<listCount {
      guard let start = integer(), let end = integer(), let names = integer() else { return nil }
      lists.append(LicenseList(startLine: start, endLine: end, names: names))
    }
    guard let clueCount = self.count() else { return nil }
    var clues: [LicenseClue] = []
    for _ in 0..<clueCount {
      guard let license = license(), let start = integer(), let end = integer(),
        let kind = string().flatMap(LicenseClue.Kind.init(rawValue:)), let rule = string()
      else { return nil }
      clues.append(
        LicenseClue(license: license, startLine: start, endLine: end, kind: kind, rule: rule))
    }
    return IdentificationResult(
      licenses: licenses, expression: expression, lists: lists, clues: clues)
  }

  mutating func license() -> LicenseInfo? {
    guard let key = string(), let spdx = string(), let name = string(),
      let category = string(), let osi = flag(), let exception = flag()
    else { return nil }
    return LicenseInfo(
      key: key, spdx: spdx, name: name, category: category, isOSIApproved: osi,
      isException: exception)
  }

  mutating func families() -> [FamilyMatch]? {
    guard let length = count(), let json = take(length) else { return nil }
    guard length > 0 else { return [] }
    return try? JSONDecoder().decode([FamilyMatch].self, from: Data(json))
  }

  mutating func clauseScan() -> ClauseScan? {
    guard let hits = self.hits(), let benign = self.hits(), let grants = self.hits(),
      let issueCount = count()
    else { return nil }
    var issues: [ScanIssue] = []
    for _ in 0..<issueCount {
      guard let rule = string(), let start = integer(), let end = integer(),
        let message = string()
      else { return nil }
      issues.append(ScanIssue(ruleID: rule, startLine: start, endLine: end, message: message))
    }
    return ClauseScan(hits: hits, benign: benign, grants: grants, issues: issues)
  }

  mutating func hits() -> [ClauseHit]? {
    guard let count = count() else { return nil }
    var hits: [ClauseHit] = []
    for _ in 0..<count {
      guard let id = string(), let freedomCount = self.count() else { return nil }
      var freedoms: [Freedom] = []
      for _ in 0..<freedomCount {
        guard let freedom = string().flatMap(Freedom.init(rawValue:)) else { return nil }
        freedoms.append(freedom)
      }
      guard let severity = string().flatMap(Severity.init(rawValue:)),
        let start = integer(), let end = integer(), let text = string(),
        let explanation = string()
      else { return nil }
      hits.append(
        ClauseHit(
          id: id, freedoms: freedoms, severity: severity, startLine: start, endLine: end,
          text: text, explanation: explanation))
    }
    return hits
  }
}
