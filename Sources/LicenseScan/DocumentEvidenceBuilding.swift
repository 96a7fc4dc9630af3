import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseText
import LicenseVerdict

/// Turning one file's identification and clause findings into its evidence record: the
/// families the LicenseDB did not identify, unknown terms, the license facts with their
/// reference data, and the differences from a reference the file resembles.
extension ClauseAnalysis {
  /// The reference texts this file resembles (an n-gram match of a license's own text at
  /// less than full coverage, or with inserted words) but differs from in a restriction: a
  /// restrictive clause inside the match that the reference text lacks, or one of the
  /// reference's restrictive clauses that the file lacks. Reads the reference profile
  /// (``cleanLicenses`` and ``referenceClauses``); without one, only restrictions added to a
  /// license not filed as non-free are found.
  public func differences(_ identification: IdentificationResult, scan: ClauseScan)
    -> [ReferenceDifference]
  {
    identification.licenses.compactMap { match in
      guard match.kind == .ngram, match.rule == match.license.key,
        match.coverage < 1 || match.unmatchedTokens > 0
      else { return nil }
      let reference: Set<String>
      if let ids = referenceClauses[match.rule] {
        reference = Set(ids.filter { !$0.contains(":") && $0 != "scan-issue" })
      } else if cleanLicenses[match.rule] != nil {
        reference = []
      } else if cleanLicenses.isEmpty && referenceClauses.isEmpty
        && !LicenseFact.nonFreeCategories.contains(match.license.category.lowercased())
      {
        // No profile: a license the reference data does not file as non-free is taken to
        // have no restriction of its own, so any restriction inside the match is added.
        reference = []
      } else {
        return nil
      }
      let inside = scan.hits.filter {
        $0.endLine >= match.startLine && $0.startLine <= match.endLine
      }
      let added = inside.filter { !reference.contains($0.id) }
      let present = Set(inside.map(\.id))
      let removed = reference.filter { !present.contains($0) }.sorted()
      guard !added.isEmpty || !removed.isEmpty else { return nil }
      return ReferenceDifference(
        key: match.license.key, spdx: match.license.spdx, coverage: match.coverage,
        added: added, removed: removed)
    }
  }

  /// The unknown license of a license or policy file (by its name) in which the matcher
  /// found nothing, no model-license family was recognised, and the clause scan found terms:
  /// a grant of rights or a restrictive clause. A model's own license is license text even
  /// when no reference resembles it; reporting no license at all would read as "unlicensed".
  /// The match spans the file's first to last non-blank line.
  static func unnamedTerms(
    nameKind: DocumentKind, identification: IdentificationResult, findings: Findings,
    text: [UInt8]
  ) -> LicenseMatch? {
    guard nameKind == .license || nameKind == .policy, findings.scanned,
      identification.licenses.isEmpty, identification.expression == nil,
      findings.families.isEmpty, findings.scan.grantsRights || !findings.scan.hits.isEmpty,
      let lines = contentLines(text)
    else { return nil }
    return LicenseMatch(
      license: .unknown, startLine: lines.lowerBound, endLine: lines.upperBound, coverage: 0,
      score: 0, kind: .clauseScan, rule: "unknown")
  }

  /// The first and last lines of `text` (1-based, by the ``LineBreaks`` rule) that hold more
  /// than white space, or `nil` when none does.
  static func contentLines(_ text: [UInt8]) -> ClosedRange<Int>? {
    text.withUnsafeBufferPointer { bytes in
      var first: Int?
      var last = 0
      for (line, range) in LineBreaks.lines(of: bytes)
      where bytes[range].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0C }) {
        first = first ?? line
        last = line
      }
      return first.map { $0...last }
    }
  }

  /// The families whose lines the license database did not identify: fewer than half of the
  /// family's lines lie in matches of named licenses.
  static func unidentified(_ families: [FamilyMatch], by matches: [LicenseMatch]) -> [FamilyMatch] {
    let named = matches.filter { !$0.license.isVague }
    return families.filter { family in
      let lines = family.endLine - family.startLine + 1
      var covered = IndexSet()
      for match in named {
        let low = max(match.startLine, family.startLine)
        let high = min(match.endLine, family.endLine)
        if low <= high { covered.insert(integersIn: low...high) }
      }
      return covered.count * 2 < lines
    }
  }

  /// `identification` without the unknown matches that lie mostly inside a fingerprinted
  /// family, and with the fingerprints' ids joined to the expression with `AND`.
  static func merging(_ fingerprints: [FamilyMatch], into identification: IdentificationResult)
    -> IdentificationResult
  {
    guard !fingerprints.isEmpty else { return identification }
    let kept = identification.licenses.filter { match in
      guard match.license.key == LicenseInfo.unknown.key else { return true }
      let lines = match.endLine - match.startLine + 1
      let inside = fingerprints.map { family in
        max(0, min(match.endLine, family.endLine) - max(match.startLine, family.startLine) + 1)
      }.reduce(0, +)
      return inside * 2 < lines
    }
    var parts = identification.expression.map(topLevelConjuncts) ?? []
    if !kept.contains(where: { $0.license.key == LicenseInfo.unknown.key }) {
      parts.removeAll { $0 == LicenseInfo.unknown.spdx }
    }
    for family in fingerprints where !parts.contains(family.id) { parts.append(family.id) }
    let expression = parts.count <= 1 ? parts.first : parts.joined(separator: " AND ")
    return IdentificationResult(
      licenses: kept, expression: expression, lists: identification.lists,
      clues: identification.clues)
  }

  /// The parts of `expression` joined by a top-level `AND` (parenthesised parts kept whole).
  static func topLevelConjuncts(_ expression: String) -> [String] {
    var parts: [String] = []
    var depth = 0
    var current = ""
    var words = expression.split(separator: " ", omittingEmptySubsequences: true)[...]
    while let word = words.popFirst() {
      if depth == 0 && word == "AND" {
        parts.append(current)
        current = ""
        continue
      }
      depth += word.filter { $0 == "(" }.count - word.filter { $0 == ")" }.count
      current += current.isEmpty ? String(word) : " " + word
    }
    if !current.isEmpty { parts.append(current) }
    return parts
  }

  /// The named licenses as facts for the verdict, once per SPDX id.
  /// Each license's best-covered match is its fact; the unknown license text the clause
  /// stage reported has coverage 0.
  static func facts(
    _ matches: [LicenseMatch], fsfLibre: Set<String> = [],
    referenceClauses: [String: [String]] = [:]
  ) -> [LicenseFact] {
    var position: [String: Int] = [:]
    var facts: [LicenseFact] = []
    for match in matches where !match.license.isVague {
      let fact = LicenseFact(
        spdx: match.license.spdx, key: match.license.key,
        isOSIApproved: match.license.isOSIApproved,
        isFSFLibre: fsfLibre.contains(match.license.spdx), category: match.license.category,
        coverage: match.kind == .clauseScan ? 0 : match.coverage, startLine: match.startLine,
        endLine: match.endLine,
        referenceRestrictions: (referenceClauses[match.license.key] ?? []).filter {
          !$0.contains(":") && $0 != "scan-issue"
        })
      if let index = position[fact.spdx] {
        if fact.coverage > facts[index].coverage { facts[index] = fact }
      } else {
        position[fact.spdx] = facts.count
        facts.append(fact)
      }
    }
    return facts
  }
}
