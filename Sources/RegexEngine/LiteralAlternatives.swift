/// Literals one of which every match of a pattern contains, found by reading the pattern: a
/// subject that holds none of them cannot match, so the pattern need not run on it.
///
/// Where ``RequiredLiterals`` reads only the top level and gives up at the first `|`, this
/// reading follows groups and alternations. A sequence offers, for each stretch of adjacent
/// literal text, the strings that stretch can be (`(?:may|shall) not` is `may not` or `shall
/// not`; zero-width items such as `\b`, anchors and lookarounds do not break a stretch), and
/// any group that must occur offers its own alternatives; the sequence keeps the offer least
/// likely to occur by chance (longer strings, fewer of them). An alternation needs an offer
/// from each branch and offers their union. An optional item, a class, `.` or an escape such
/// as `\w` ends a stretch. The reading is conservative: whatever it does not know it treats as
/// unknown text, and a pattern with option settings, verbs, `\Q…\E`, back references or
/// options other than ``Regex/Options/multiline`` and ``Regex/Options/dotAll`` gets none.
public enum LiteralAlternatives {
  /// The shortest string worth looking for, in bytes.
  public static let minimumLength = 3
  /// The most strings one offer may hold.
  static let maximumCount = 48

  /// The strings (UTF-8, sorted), one of which every match of `pattern` compiled with
  /// `options` contains; `nil` when the reading finds no such set.
  public static func of(_ pattern: String, options: Regex.Options = []) -> [[UInt8]]? {
    guard options.subtracting([.multiline, .dotAll]).isEmpty else { return nil }
    var reader = Reader(scalars: Array(pattern.unicodeScalars))
    guard let piece = reader.alternation(), reader.index == reader.scalars.count else {
      return nil
    }
    return piece.offer.map(unique)
  }

  /// What is known of a parsed piece of a pattern.
  struct Piece {
    /// The strings every match of the piece is one of (zero-width items: the empty string).
    var exact: [[UInt8]]?
    /// Strings one of which every match of the piece contains.
    var offer: [[UInt8]]?

    static let unknown = Piece(exact: nil, offer: nil)
    static let zeroWidth = Piece(exact: [[]], offer: nil)
  }

  /// How often an item may occur.
  struct Quantifier {
    var minimum: Int
    var isOnce: Bool
  }

  /// The chance-of-occurring cost of an offer: lower is a better filter.
  static func cost(_ offer: [[UInt8]]) -> Double {
    offer.reduce(0) { $0 + 1 / Double(1 << min($1.count, 20)) }
  }

  /// `strings` sorted, without repeats.
  static func unique(_ strings: [[UInt8]]) -> [[UInt8]] {
    guard strings.count > 1 else { return strings }
    var sorted = strings.sorted { $0.lexicographicallyPrecedes($1) }
    var kept = 1
    for position in 1..<sorted.count where sorted[position] != sorted[kept - 1] {
      sorted[kept] = sorted[position]
      kept += 1
    }
    sorted.removeLast(sorted.count - kept)
    return sorted
  }

  /// Whether `strings` may be offered: every one long enough, not too many.
  static func offerable(_ strings: [[UInt8]]) -> Bool {
    !strings.isEmpty && strings.count <= maximumCount
      && strings.allSatisfy { $0.count >= minimumLength }
  }

  struct Reader {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    /// Branches separated by `|` up to the end or a `)` (not consumed).
    mutating func alternation() -> Piece? {
      var branches: [Piece] = []
      while true {
        guard let branch = sequence() else { return nil }
        branches.append(branch)
        guard current == "|" else { break }
        index += 1
      }
      if branches.count == 1 { return branches[0] }
      var exact: [[UInt8]]? = []
      var offer: [[UInt8]]? = []
      for branch in branches {
        if let strings = branch.exact, exact != nil { exact! += strings } else { exact = nil }
        if let strings = branch.offer, offer != nil { offer! += strings } else { offer = nil }
      }
      exact = exact.map(LiteralAlternatives.unique)
      offer = offer.map(LiteralAlternatives.unique)
      if let strings = exact, strings.count > LiteralAlternatives.maximumCount { exact = nil }
      if let strings = offer, !LiteralAlternatives.offerable(strings) { offer = nil }
      return Piece(exact: exact, offer: offer)
    }

    /// Items up to `|`, `)` or the end.
    mutating func sequence() -> Piece? {
      var stretch: [[UInt8]] = [[]]
      var everyItemExact = true
      var offers: [[[UInt8]]] = []
      func endStretch() {
        if stretch != [[]], LiteralAlternatives.offerable(stretch) { offers.append(stretch) }
        stretch = [[]]
      }
      func extend(_ strings: [[UInt8]]) {
        var product: [[UInt8]] = []
        product.reserveCapacity(stretch.count * strings.count)
        for head in stretch { for tail in strings { product.append(head + tail) } }
        product = LiteralAlternatives.unique(product)
        if product.count > LiteralAlternatives.maximumCount {
          endStretch()
          stretch = strings.count > LiteralAlternatives.maximumCount ? [[]] : strings
        } else {
          stretch = product
        }
      }
      // Characters read one by one gather here before joining the stretch (a copy of every
      // string of the stretch per character made reading the catalog slow).
      var pending: [UInt8] = []
      while let scalar = current, scalar != "|", scalar != ")" {
        if takeLiteral(into: &pending) { continue }
        guard let item = self.item() else { return nil }
        guard let quantifier = self.quantifier() else { return nil }
        if !pending.isEmpty {
          extend([pending])
          pending = []
        }
        if quantifier.minimum == 0 {
          everyItemExact = false
          endStretch()
          continue
        }
        if let strings = item.exact {
          extend(strings)
          if !quantifier.isOnce {
            everyItemExact = false
            endStretch()
          }
        } else {
          everyItemExact = false
          endStretch()
        }
        if let offer = item.offer { offers.append(offer) }
      }
      if !pending.isEmpty { extend([pending]) }
      let exact = everyItemExact ? stretch : nil
      endStretch()
      let offer = offers.min { LiteralAlternatives.cost($0) < LiteralAlternatives.cost($1) }
      return Piece(exact: exact, offer: offer)
    }

    /// Appends the character here to `bytes` and moves past it when it is literal text that
    /// occurs exactly once (no quantifier after it): the common case, read without building
    /// a ``Piece``.
    private mutating func takeLiteral(into bytes: inout [UInt8]) -> Bool {
      guard let scalar = current else { return false }
      var literal = scalar
      var length = 1
      if scalar == "\\" {
        guard index + 1 < scalars.count else { return false }
        literal = scalars[index + 1]
        guard literal.isASCII, !Self.isWordCharacter(literal) else { return false }
        length = 2
      } else if Self.isMetacharacter(scalar) {
        return false
      }
      if index + length < scalars.count, Self.startsQuantifier(scalars[index + length]) {
        return false
      }
      UTF8.encode(literal) { bytes.append($0) }
      index += length
      return true
    }

    private static func isMetacharacter(_ scalar: Unicode.Scalar) -> Bool {
      switch scalar {
      case "\\", "(", ")", "[", "]", "{", "}", ".", "^", "$", "|", "?", "*", "+": true
      default: false
      }
    }

    private static func startsQuantifier(_ scalar: Unicode.Scalar) -> Bool {
      scalar == "?" || scalar == "*" || scalar == "+" || scalar == "{"
    }

    /// One item: a literal character, an escape, a class, `.`, an anchor or a group.
    mutating func item() -> Piece? {
      guard let scalar = current else { return nil }
      switch scalar {
      case "\\": return escape()
      case "(": return group()
      case "[":
        guard let end = RequiredLiterals.classEnd(from: index, in: scalars) else { return nil }
        index = end
        return .unknown
      case "^", "$":
        index += 1
        return .zeroWidth
      case ".", "]", "}":
        index += 1
        return .unknown
      case "?", "*", "+", "{":
        return nil  // a quantifier with nothing before it, or a `{` read as text
      default:
        index += 1
        return Piece(exact: [Array(String(scalar).utf8)], offer: nil)
      }
    }

    private mutating func escape() -> Piece? {
      guard index + 1 < scalars.count else { return nil }
      let escaped = scalars[index + 1]
      index += 2
      if escaped.isASCII && !Self.isWordCharacter(escaped) {
        return Piece(exact: [Array(String(escaped).utf8)], offer: nil)
      }
      switch escaped {
      case "b", "B", "A", "z", "Z", "G", "K": return .zeroWidth
      case "w", "W", "d", "D", "s", "S", "h", "H", "v", "V", "R", "X", "N", "t", "n", "r", "f",
        "e", "a":
        return .unknown
      default: return nil  // \Q…\E, \x, \p, \c, \k, \g, back references: not read here
      }
    }

    private mutating func group() -> Piece? {
      index += 1
      var lookaround = false
      if current == "*" { return nil }
      if current == "?" {
        guard index + 1 < scalars.count else { return nil }
        let kind = scalars[index + 1]
        switch kind {
        case ":", ">", "|": index += 2
        case "=", "!":
          lookaround = true
          index += 2
        case "<":
          guard index + 2 < scalars.count else { return nil }
          if scalars[index + 2] == "=" || scalars[index + 2] == "!" {
            lookaround = true
            index += 3
          } else if !skipName(from: index + 2, closer: ">") {
            return nil
          }
        case "P":
          guard index + 2 < scalars.count, scalars[index + 2] == "<",
            skipName(from: index + 3, closer: ">")
          else { return nil }
        case "'":
          guard skipName(from: index + 2, closer: "'") else { return nil }
        case "#":
          while let scalar = current, scalar != ")" { index += 1 }
          guard current == ")" else { return nil }
          index += 1
          return .zeroWidth
        default: return nil  // option settings change how the rest reads
        }
      }
      guard let inside = alternation(), current == ")" else { return nil }
      index += 1
      return lookaround ? .zeroWidth : inside
    }

    /// Moves past a group name and its closer; whether the name was well formed.
    private mutating func skipName(from start: Int, closer: Unicode.Scalar) -> Bool {
      var position = start
      while position < scalars.count, Self.isWordCharacter(scalars[position]) { position += 1 }
      guard position > start, position < scalars.count, scalars[position] == closer else {
        return false
      }
      index = position + 1
      return true
    }

    /// The quantifier at the current position (once when there is none); `nil` when a `{`
    /// there is not a quantifier this reading knows.
    mutating func quantifier() -> Quantifier? {
      guard let scalar = current else { return Quantifier(minimum: 1, isOnce: true) }
      var result: Quantifier
      switch scalar {
      case "?", "*":
        result = Quantifier(minimum: 0, isOnce: false)
        index += 1
      case "+":
        result = Quantifier(minimum: 1, isOnce: false)
        index += 1
      case "{":
        var position = index + 1
        var digits = 0
        var minimum = 0
        while position < scalars.count, Self.isDigit(scalars[position]) {
          minimum = min(minimum * 10 + Int(scalars[position].value - 48), 1_000_000)
          digits += 1
          position += 1
        }
        while position < scalars.count, scalars[position] == "," || Self.isDigit(scalars[position])
        {
          position += 1
        }
        guard digits > 0, position < scalars.count, scalars[position] == "}" else { return nil }
        index = position + 1
        result = Quantifier(minimum: minimum, isOnce: false)
      default:
        return Quantifier(minimum: 1, isOnce: true)
      }
      if current == "?" || current == "+" { index += 1 }
      return result
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
      (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || isDigit(scalar)
        || scalar == "_"
    }
  }
}
