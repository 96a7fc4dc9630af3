import LicenseIndex
import LicenseText

/// What the license-list detector reads on one line of text: the license ids and keys written
/// on it, and whether it states a license (a statement is never part of a list).
struct ListLines: Sendable {
  /// License keys by the ids and keys that name them as written: SPDX ids in their own case
  /// (upper-case letters included), and, lower-cased, the ids and LicenseDB keys that hold a
  /// digit or a punctuation mark; keys that are plain words (the names of programming
  /// languages and file formats among them) are words in code and prose too often.
  private let keysByID: [String: String]
  /// License keys by the keys and lower-cased ids that are plain words: read only where
  /// written as values (in quotes, or alone after `key: `), as code and data write them.
  private let keysByWord: [String: String]
  /// A bit per slot of ``slot(of:)``, set for every id and key of both tables: a word whose
  /// slot is clear names no license, and is passed over without making a `String` of it.
  private let mayName: [UInt64]

  /// Reads the ids and keys of `index`.
  init(index: LicenseIndex) {
    var keys: [String: String] = [:]
    var words: [String: String] = [:]
    keys.reserveCapacity(3 * index.licenseCount)
    words.reserveCapacity(index.licenseCount)
    for position in 0..<index.licenseCount {
      let license = index.license(position)
      keys[license.spdx] = license.key
      for word in [license.spdx.lowercased(), license.key] {
        // Ids and keys are ASCII: a byte test, not a Unicode property per character (this
        // runs for every license each time a matcher is made).
        if word.utf8.contains(where: { !Self.isLetter($0) }) {
          if keys[word] == nil { keys[word] = license.key }
        } else if words[word] == nil {
          words[word] = license.key
        }
      }
    }
    keysByID = keys
    keysByWord = words
    var bits = [UInt64](repeating: 0, count: Self.slotCount / 64)
    for word in keys.keys.map({ $0.lowercased() }) + words.keys {
      let slot = Array(word.utf8).withUnsafeBufferPointer { Self.slot(of: $0[...]) }
      bits[slot >> 6] |= 1 << UInt64(slot & 63)
    }
    mayName = bits
  }

  /// The number of slots of ``mayName``.
  private static let slotCount = 1 << 16

  /// The slot of an ASCII word in ``mayName``, any case: FNV-1a of its lower-cased bytes.
  private static func slot(of word: UnsafeBufferPointer<UInt8>.SubSequence) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in word {
      hash ^= UInt64(isLetter(byte) ? byte | 0x20 : byte)
      hash &*= 0x100_0000_01b3
    }
    return Int(truncatingIfNeeded: hash >> 48) & (slotCount - 1)
  }

  /// Whether the ASCII word `word` may be an id or key of either table (any case).
  private func mayBeNamed(_ word: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
    let slot = Self.slot(of: word)
    return mayName[slot >> 6] & (1 << UInt64(slot & 63)) != 0
  }

  /// The keys of the licenses whose ids or keys are written on `line`, as words of letters,
  /// digits, `.`, `-` and `+` (a trailing `.` or `+` may be left off; a plain word only when
  /// written as a value, see ``isValue(_:_:)``).
  func keys(in line: UnsafeBufferPointer<UInt8>.SubSequence) -> [String] {
    var keys: [String] = []
    if let name = Self.classifierName(line) { keys.append(name) }
    var start: Int?
    for position in line.startIndex...line.endIndex {
      let isWordByte = position < line.endIndex && Self.isIDByte(line[position])
      if isWordByte {
        if start == nil { start = position }
        continue
      }
      guard let first = start else { continue }
      start = nil
      let length = position - first
      guard length >= 2, length <= 80 else { continue }
      var word = line[first..<position]
      guard word.contains(where: Self.isLetter) else { continue }
      // The lookups below read the word without its trailing dots and dashes, and without
      // a trailing `+` as well: a word that is neither in the filter is no id or key.
      while let last = word.last, last == 0x2E || last == 0x2D { word = word.dropLast() }
      guard
        mayBeNamed(word) || (word.last == 0x2B && mayBeNamed(word.dropLast()))
      else { continue }
      let text = String(decoding: word, as: UTF8.self)
      let key =
        keysByID[text] ?? (text.hasSuffix("+") ? keysByID[String(text.dropLast())] : nil)
        ?? (Self.isValue(line, first..<position) ? keysByWord[text.lowercased()] : nil)
      if let key, !keys.contains(key) { keys.append(key) }
    }
    return keys
  }

  /// The license a trove classifier on `line` names (`License :: OSI Approved :: NAME`), as
  /// `trove:NAME`: a classifier names a license whether or not the LicenseDB knows it.
  static func classifierName(_ line: UnsafeBufferPointer<UInt8>.SubSequence) -> String? {
    guard classifierWord.occurs(in: UnsafeBufferPointer(rebasing: line)) else { return nil }
    let lowered = line.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    guard let found = lowered.firstRange(of: Array("license :: ".utf8)) else { return nil }
    let rest = lowered[found.upperBound...]
    let start = rest.lastRange(of: Array(":: ".utf8))?.upperBound ?? rest.startIndex
    let name = rest[start...].prefix { !"\"',\r\n".utf8.contains($0) }
    return name.isEmpty ? nil : "trove:" + String(decoding: name, as: UTF8.self)
  }

  private static let classifierWord = CaselessLiterals(["license :: "])

  /// Whether `line` holds the word `license`, `licence` or `exception` (any case): a license's
  /// name that no id or key gives (a license newer than the LicenseDB), which may join the
  /// lines of a list but never makes one.
  static func mayHoldName(_ line: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
    nameWords.occurs(in: UnsafeBufferPointer(rebasing: line))
  }

  private static let nameWords = CaselessLiterals(["licen", "exception"])

  /// Whether `line` states a license rather than names one: a licensing phrase ("licensed
  /// under", "released under", "under the terms of"), an `SPDX-License-Identifier` tag, or a
  /// license field (`license = "ID"`, `"license": "ID"`, `License: ID`, `License-Expression:`),
  /// but not a trove classifier's `License ::`.
  static func isStatement(_ line: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
    let text = UnsafeBufferPointer(rebasing: line)
    if statementPhrases.occurs(in: text) { return true }
    guard fieldWord.occurs(in: text) else { return false }
    var index = 0
    while index + 5 <= text.count {
      if lower(text[index]) == UInt8(ascii: "l"), lower(text[index + 1]) == UInt8(ascii: "i"),
        lower(text[index + 2]) == UInt8(ascii: "c"), lower(text[index + 3]) == UInt8(ascii: "e"),
        lower(text[index + 4]) == UInt8(ascii: "n")
      {
        if startsField(text, at: index), isField(text, after: index + 5) { return true }
        index += 5
      } else {
        index += 1
      }
    }
    return false
  }

  /// Licensing phrases that make a line a statement.
  private static let statementPhrases = CaselessLiterals([
    "licensed under", "licenced under", "released under", "distributed under",
    "available under", "under the terms", "spdx-license-identifier",
  ])

  private static let fieldWord = CaselessLiterals(["licen"])

  private static func lower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  /// Whether a field name may start at `position`: nothing but spaces, quotes and `*` between
  /// it and the start of the line or a `{`, `,`, `(`, `[`, `;`, `|` or `>` (so that
  /// `"license": …`, `setup(license=…)` and `**License:**` are fields, and the end of a name
  /// such as `"Acme License": []` or an id that ends in `-License` is not).
  private static func startsField(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
    var index = position - 1
    while index >= 0, " \t\"'`*".utf8.contains(text[index]) { index -= 1 }
    return index < 0 || "{,([;|>".utf8.contains(text[index])
  }

  /// Whether the word that starts with `licen` before `position` is a field name followed by
  /// `:` or `=`: `license`, `licence`, their plurals and `-expression` / `_expression`, then
  /// quotes, `*` or spaces, then a `:` that is not `::` or an `=` that is not `==`, and a
  /// value that is not a file (``namesFile(_:from:)``).
  private static func isField(_ text: UnsafeBufferPointer<UInt8>, after position: Int) -> Bool {
    var index = position
    guard index + 2 <= text.count, lower(text[index + 1]) == UInt8(ascii: "e"),
      lower(text[index]) == UInt8(ascii: "s") || lower(text[index]) == UInt8(ascii: "c")
    else { return false }
    index += 2
    if index < text.count, lower(text[index]) == UInt8(ascii: "s") { index += 1 }
    let suffix = "expression".utf8
    if index + 1 + suffix.count <= text.count,
      text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "_"),
      zip(text[(index + 1)...], suffix).allSatisfy({ lower($0) == $1 })
    {
      index += 1 + suffix.count
    }
    while index < text.count, " \t\"'`*".utf8.contains(text[index]) { index += 1 }
    guard index < text.count else { return false }
    let next = index + 1 < text.count ? text[index + 1] : 0
    let separates =
      text[index] == UInt8(ascii: ":")
      ? next != UInt8(ascii: ":")
      : text[index] == UInt8(ascii: "=") ? next != UInt8(ascii: "=") : false
    return separates && !namesFile(text, from: index + 1)
  }

  /// Whether a field's value (from `start`) is a file: it holds a `/` or ends with a file name
  /// extension (`"license": "KEY.LICENSE"`, `license_file = "COPYING.txt"`).
  private static func namesFile(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
    let value = text[start...].drop { " \t\"'`".utf8.contains($0) }
      .prefix { !"\"'`,;) \t".utf8.contains($0) }
    if value.contains(UInt8(ascii: "/")) { return true }
    guard let dot = value.lastIndex(of: UInt8(ascii: ".")) else { return false }
    let suffix = String(decoding: value[(dot + 1)...].map(lower), as: UTF8.self)
    return fileExtensions.contains(suffix)
  }

  private static let fileExtensions: Set<String> = [
    "license", "licence", "txt", "md", "rst", "html", "json", "yml", "yaml",
  ]

  /// Whether the word at `range` of `line` is written as a value: in quotes (`"KEY"`), or
  /// alone at the end of the line after `: ` or `- ` (YAML's `key: KEY`, `- KEY`).
  private static func isValue(_ line: UnsafeBufferPointer<UInt8>.SubSequence, _ range: Range<Int>)
    -> Bool
  {
    let before = range.lowerBound > line.startIndex ? line[range.lowerBound - 1] : 0
    if range.upperBound < line.endIndex, before == line[range.upperBound],
      before == UInt8(ascii: "\"") || before == UInt8(ascii: "'") || before == UInt8(ascii: "`")
    {
      return true
    }
    guard before == 0x20, range.lowerBound - 2 >= line.startIndex,
      line[range.lowerBound - 2] == UInt8(ascii: ":")
        || line[range.lowerBound - 2] == UInt8(ascii: "-")
    else { return false }
    return line[range.upperBound...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  private static func isIDByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D
      || byte == 0x2B
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
  }
}
