import Foundation
import RegexEngine

/// A model-license family recognised in a document.
public struct FamilyMatch: Codable, Sendable, Hashable {
  /// `LicenseRef-licenselens-<family>-<version>`.
  public var id: String
  /// The family slug.
  public var family: String
  /// The version, such as `3.1` or `2024-04-01`.
  public var version: String
  /// License or policy.
  public var kind: FamilyKind
  /// The family's name for people.
  public var name: String
  /// First line of the part of the document the family governs (its heading).
  public var startLine: Int
  /// Last line of that part (the line before the next family's heading, or the last line).
  public var endLine: Int

  enum CodingKeys: String, CodingKey {
    case id, family, version, kind, name
    case startLine = "start_line"
    case endLine = "end_line"
  }
}

/// Recognises model-license families (Llama, Gemma, RAIL, Falcon, Qwen, ...) from fingerprints
/// loaded from `license-corpus/families/`.
public struct FamilyDetector: Sendable {
  /// One family's fingerprint, compiled. A class: a scan reads every family for every
  /// document, and a struct of five arrays was copied (retained and released field by field)
  /// at each step.
  final class Family: Sendable {
    let definition: FamilyRuleFile
    let titles: [RegexEngine.Regex]
    let required: [RegexEngine.Regex]
    let excluded: [RegexEngine.Regex]
    let versions: [(RegexEngine.Regex, String?)]
    let notices: [RegexEngine.Regex]

    init(
      definition: FamilyRuleFile, titles: [RegexEngine.Regex], required: [RegexEngine.Regex],
      excluded: [RegexEngine.Regex], versions: [(RegexEngine.Regex, String?)],
      notices: [RegexEngine.Regex] = []
    ) {
      self.definition = definition
      self.titles = titles
      self.required = required
      self.excluded = excluded
      self.versions = versions
      self.notices = notices
    }

    /// The family found over `startLine...endLine`, in `version` (the definition's default,
    /// or `unversioned`, when none was read), normalized.
    func match(version: String?, startLine: Int, endLine: Int) -> FamilyMatch {
      let normalized = FamilyDetector.normalized(
        version ?? definition.defaultVersion ?? "unversioned")
      return FamilyMatch(
        id: "LicenseRef-licenselens-\(definition.family)-\(normalized)",
        family: definition.family, version: normalized, kind: definition.kind,
        name: definition.name, startLine: startLine, endLine: endLine)
    }
  }

  /// Longest sentence, in folded bytes, that can be a heading (which also must not end with
  /// `.`, `;` or `,`, closing quotes and brackets aside).
  public static let maximumHeadingLength = 160

  /// Quotes and brackets that may close a sentence after its final punctuation.
  static let closingBytes: [UInt8] = Array("\"')]`".utf8)

  let families: [Family]

  /// Loads and compiles every `*.yaml` file of `directory`.
  public static func load(directory: URL) throws -> FamilyDetector {
    let files = try YAMLDirectory.load(FamilyRuleFile.self, from: directory)
    return FamilyDetector(
      families: try files.map { url, file in
        Family(
          definition: file,
          titles: try file.title.map { try YAMLDirectory.compile($0, in: url) },
          required: try (file.require ?? []).map { try YAMLDirectory.compile($0, in: url) },
          excluded: try (file.exclude ?? []).map { try YAMLDirectory.compile($0, in: url) },
          versions: try (file.versions ?? []).map {
            (try YAMLDirectory.compile($0.pattern, in: url), $0.version)
          },
          notices: try (file.notice ?? []).map { try YAMLDirectory.compile($0, in: url) })
      })
  }

  /// The families found in `text`, in document order, each with the lines it governs.
  public func detect(in text: ClauseText) -> [FamilyMatch] {
    let scratch = MatchScratch()
    var found: [FamilyMatch] = []
    text.folded.withUnsafeBufferPointer { buffer in
      let headings = text.sentences.filter { sentence in
        guard sentence.folded.count <= Self.maximumHeadingLength else { return false }
        // The last byte before closing quotes and brackets: a string in code that ends a
        // sentence (`"... abides by the X License Agreement."`) is no heading.
        let last = buffer[sentence.folded].last { !Self.closingBytes.contains($0) }
        return last.map { ![UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ",")].contains($0) }
          ?? true
      }
      // The headings one after another: a title whose required literals they lack matches
      // none of them, found by one search rather than one per heading.
      var joined: [UInt8] = []
      for sentence in headings {
        joined += buffer[sentence.folded]
        joined.append(UInt8(ascii: "\n"))
      }
      for family in families {
        guard
          let (line, titleVersion) = joined.withUnsafeBufferPointer({
            heading(of: family, in: headings, joined: $0, buffer, scratch)
          })
        else {
          if let notice = notice(of: family, in: text, buffer, scratch) { found.append(notice) }
          continue
        }
        guard
          family.required.allSatisfy({ (try? $0.matches(buffer, scratch: scratch)) == true }),
          !family.excluded.contains(where: { (try? $0.matches(buffer, scratch: scratch)) == true })
        else { continue }
        found.append(
          family.match(
            version: titleVersion ?? version(of: family, buffer, scratch), startLine: line,
            endLine: text.lineCount))
      }
    }
    found.sort { ($0.startLine, $0.id) < ($1.startLine, $1.id) }
    for index in found.indices.dropLast() {
      let next = found[index + 1].startLine
      if next > found[index].startLine { found[index].endLine = next - 1 }
    }
    return found
  }

  /// The line of the first heading-like sentence a title pattern matches, and the title's
  /// captured version. Titles run only on heading-like sentences (short, not ending with `.`,
  /// `;` or `,`), and only when `joined` (the headings one after another) holds the title's
  /// required literals.
  private func heading(
    of family: Family, in headings: [ClauseText.Sentence], joined: UnsafeBufferPointer<UInt8>,
    _ buffer: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch
  ) -> (Int, String?)? {
    Self.firstSentence(matching: family.titles, where: joined, in: headings, buffer, scratch)
      .map { ($0.sentence.startLine, $0.version) }
  }

  /// The family named by a notice sentence of `text` (``FamilyRuleFile/notice``), governing
  /// that sentence's lines: the first sentence one of the family's notice patterns matches.
  private func notice(
    of family: Family, in text: ClauseText, _ buffer: UnsafeBufferPointer<UInt8>,
    _ scratch: MatchScratch
  ) -> FamilyMatch? {
    guard
      let (sentence, version) = Self.firstSentence(
        matching: family.notices, where: buffer, in: text.sentences, buffer, scratch)
    else { return nil }
    return family.match(version: version, startLine: sentence.startLine, endLine: sentence.endLine)
  }

  /// The first of `sentences` (folded bytes in `buffer`) that one of `patterns` matches, with
  /// the match's first capture group, trying each pattern in turn and only those whose
  /// required literals `prefilter` holds.
  private static func firstSentence(
    matching patterns: [RegexEngine.Regex], where prefilter: UnsafeBufferPointer<UInt8>,
    in sentences: [ClauseText.Sentence], _ buffer: UnsafeBufferPointer<UInt8>,
    _ scratch: MatchScratch
  ) -> (sentence: ClauseText.Sentence, version: String?)? {
    for pattern in patterns where pattern.mayMatch(in: prefilter) {
      for sentence in sentences {
        let slice = UnsafeBufferPointer(rebasing: buffer[sentence.folded])
        var version: String??
        _ = try? pattern.forEachMatch(in: slice, scratch: scratch) { _, groups in
          version = .some(
            groups.first.flatMap { $0 }.map { String(decoding: slice[$0], as: UTF8.self) })
          return false
        }
        if let version { return (sentence, version) }
      }
    }
    return nil
  }

  private func version(
    of family: Family, _ buffer: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch
  ) -> String? {
    for (pattern, fixed) in family.versions {
      var result: String?
      _ = try? pattern.forEachMatch(in: buffer, scratch: scratch) { _, groups in
        result =
          fixed
          ?? groups.first.flatMap { $0 }.map { String(decoding: buffer[$0], as: UTF8.self) }
        return false
      }
      if let result { return result }
    }
    return nil
  }

  private static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  /// Turns "july 18, 2023" or "18 july 2023" into "2023-07-18"; other versions keep letters,
  /// digits and dots, with other characters turned into `-`.
  static func normalized(_ version: String) -> String {
    let words = version.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    if words.count == 3, let year = Int(words[2]) {
      let (monthWord, dayWord) = Int(words[0]) == nil ? (words[0], words[1]) : (words[1], words[0])
      if let month = months.firstIndex(of: monthWord), let day = Int(dayWord) {
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(twoDigits(month + 1))-\(twoDigits(day))"
      }
    }
    var slug = ""
    for character in version {
      if character.isLetter || character.isNumber || character == "." {
        slug.append(character)
      } else if !slug.hasSuffix("-") && !slug.isEmpty {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "unversioned" : slug
  }
}
