import LicenseIndex
import LicenseText
import RegexEngine

/// Finds `SPDX-License-Identifier:` tags, and the `License-Expression:` field of Python
/// package metadata (core metadata 2.4, PEP 639: a line of a text that starts with
/// `Metadata-Version:`), and reads their license expressions.
public struct SPDXTagFinder: Sendable {
  /// A tag found in a text.
  public struct Tag: Sendable, Equatable {
    /// The 1-based line of the tag.
    public var line: Int
    /// The expression as written after the colon (trimmed of comment closers).
    public var expression: String
    /// Whether the value goes on with another word where an operator would have to come: a
    /// license's name spelled out word by word (whose first word alone would be read as an
    /// id) or prose after the expression.
    public var isFollowedByWords = false
    /// The tag's name, lower case: ``identifierField`` or ``expressionField``.
    public var field = SPDXTagFinder.identifierField
  }

  /// The name of an SPDX tag.
  public static let identifierField = "spdx-license-identifier"
  /// The name of the metadata field: `License-Expression: MIT` in a wheel's `METADATA` or a
  /// source distribution's `PKG-INFO`.
  public static let expressionField = "license-expression"

  /// The tag from its name on, anchored: it runs once at each place the name occurs.
  private let pattern: Regex
  /// The tag's name, searched first: most files have no tag, and this search reads one
  /// 4-byte window every 20 bytes where the regex would stop at every `s`; where it finds
  /// the name, the pattern is tried there alone instead of over the rest of the file.
  private static let marker = CaselessLiterals([identifierField])
  /// The names searched in package metadata (``isPackageMetadata(_:)``), where the field
  /// is looked for as well. Only there: the shorter name would make the search read a window
  /// every 15 bytes in every file.
  private static let metadataMarker = CaselessLiterals([identifierField, expressionField])
  /// How package metadata starts.
  private static let metadataStart = Array("metadata-version:".utf8)

  /// Whether `text` is Python package metadata (a wheel's `METADATA`, an sdist's `PKG-INFO`):
  /// it starts with the `Metadata-Version:` field.
  static func isPackageMetadata(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard text.count >= metadataStart.count else { return false }
    for (offset, byte) in metadataStart.enumerated() where text[offset] | 0x20 != byte {
      return false
    }
    return true
  }

  /// Creates a finder.
  public init() {
    pattern = try! Regex(
      #"(spdx-license-identifier|license-expression)\s*:[ \t]*([^\r\n]*)"#,
      options: [.caseless, .anchored])
  }

  /// Returns the tags in `text` in order. `text` must be valid UTF-8, as ``TextDecoding``
  /// gives it: the pattern runs without re-validating the bytes, and on invalid UTF-8 PCRE2's
  /// behaviour is undefined (`tools/fuzz` saw a match range past the end of such a text).
  public func tags(in text: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) -> [Tag] {
    // The pattern's caseless name would also match the Unicode case variants of `s` and `k`
    // (U+017F, U+212A); a tag written with those is not looked for.
    var tags: [Tag] = []
    var lines = LineCounter(text: text)
    // A tag's value runs to the end of its line and may hold the name again: the next
    // occurrence counts only past the end of the match before.
    var matchedUpTo = 0
    let marker = Self.isPackageMetadata(text) ? Self.metadataMarker : Self.marker
    marker.forEachStart(in: text) { start in
      guard start >= matchedUpTo else { return true }
      // A metadata field starts its line; the words elsewhere are prose about it.
      let isField = text[start] | 0x20 == UInt8(ascii: "l")
      if isField && start > 0 && text[start - 1] != UInt8(ascii: "\n") { return true }
      let rest = UnsafeBufferPointer(rebasing: text[start...])
      _ = try? pattern.forEachMatch(in: rest, scratch: scratch) { whole, groups in
        matchedUpTo = start + whole.upperBound
        guard groups.count == 2, let range = groups[1] else { return false }
        let value = rest[range]
        let (expression, followed) = Self.read(String(decoding: value, as: UTF8.self))
        if !expression.isEmpty {
          tags.append(
            Tag(
              line: lines.line(at: start + whole.lowerBound), expression: expression,
              isFollowedByWords: followed,
              field: isField ? Self.expressionField : Self.identifierField))
        }
        return false
      }
      return tags.count < 10_000
    }
    return tags
  }

  /// Keeps the expression part of a tag's value: the longest prefix that reads as an SPDX
  /// expression (ids joined by `AND`, `OR`, `WITH`, in balanced parentheses), so that a
  /// comment closer or prose after the expression is not taken for license ids.
  static func clean(_ raw: String) -> String { read(raw).expression }

  /// ``clean(_:)``'s expression, and whether the value went on with a word where an operator
  /// or the end had to come.
  static func read(_ raw: String) -> (expression: String, isFollowedByWords: Bool) {
    var allowed = ""
    for character in raw {
      guard character.isLetter || character.isNumber || "-.+:() ".contains(character) else { break }
      allowed.append(character)
    }
    var kept: [String] = []
    var depth = 0
    var expectsID = true
    var lastComplete = 0
    var followed = false
    for word in ExpressionKeys.words(in: allowed) {
      if word == "(" {
        guard expectsID else { break }
        depth += 1
      } else if word == ")" {
        guard !expectsID, depth > 0 else { break }
        depth -= 1
      } else if ExpressionKeys.isOperator(word) {
        guard !expectsID else { break }
        expectsID = true
      } else {
        guard expectsID, word.contains(where: { $0.isLetter || $0.isNumber }) else {
          followed = !expectsID
          break
        }
        expectsID = false
      }
      kept.append(word)
      if !expectsID && depth == 0 { lastComplete = kept.count }
    }
    return (SPDXExpressions.join(Array(kept.prefix(lastComplete))), followed)
  }
}

/// Converts between SPDX and LicenseDB license expressions.
public struct SPDXExpressions: Sendable {
  private let index: LicenseIndex

  /// Creates a converter over `index`.
  public init(index: LicenseIndex) { self.index = index }

  /// The key of an id a tag names that the LicenseDB does not know.
  public static let unknownKey = "unknown-spdx"

  /// Rewrites a LicenseDB expression (keys joined by operators) with the SPDX ids of its
  /// keys, keeping operators and parentheses.
  public func spdxExpression(forLicenseDB expression: String) -> String {
    let words = ExpressionKeys.words(in: expression).map { word -> String in
      if ExpressionKeys.isOperator(word) { return word.uppercased() }
      if word == "(" || word == ")" { return word }
      return index.licenseIndex(forKey: word).map { index.license($0).spdx } ?? word
    }
    return Self.join(words)
  }

  /// The licenses named by an SPDX expression written in a tag. Ids the index does not know
  /// are returned with the SPDX id as written and an `unknown-spdx` key.
  public func licenses(inSPDX expression: String) -> [LicenseInfo] {
    var result: [LicenseInfo] = []
    for word in ExpressionKeys.words(in: expression)
    where !ExpressionKeys.isOperator(word) && word != "(" && word != ")" {
      result.append(license(forSPDX: word))
    }
    return result
  }

  /// The canonical spelling of an SPDX expression written in a tag.
  public func canonical(_ expression: String) -> String {
    let words = ExpressionKeys.words(in: expression).map { word -> String in
      if ExpressionKeys.isOperator(word) { return word.uppercased() }
      if word == "(" || word == ")" { return word }
      return license(forSPDX: word).spdx
    }
    return Self.join(words)
  }

  private func license(forSPDX id: String) -> LicenseInfo {
    if let found = index.licenseIndex(forSPDX: id) { return index.license(found) }
    if id.hasSuffix("+") {
      let base = String(id.dropLast())
      if let found = index.licenseIndex(forSPDX: base + "-or-later") { return index.license(found) }
      if let found = index.licenseIndex(forSPDX: base) { return index.license(found) }
    }
    return LicenseInfo(
      key: Self.unknownKey, spdx: id, name: "SPDX id not in the LicenseDB", category: "Unknown",
      isOSIApproved: false, isException: false)
  }

  static func join(_ words: [String]) -> String {
    var output = ""
    for word in words {
      if word == ")" || output.isEmpty || output.hasSuffix("(") {
        output += word
      } else {
        output += " " + word
      }
    }
    return output
  }
}
