#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs of literal text that every match of a pattern contains, found by reading the pattern:
/// a subject that lacks one of them cannot match, so the pattern need not run on it.
///
/// The reading is conservative. Only the top level of the pattern is read (groups, classes,
/// escapes other than escaped punctuation, `.`, anchors and `\b` end a run); a character
/// made optional by `?`, `*` or `{0,…}` ends the run before it, one repeated by `+` or
/// `{n,…}` ends it after it. A pattern with a top-level `|`, option settings (`(?i)`,
/// `(?x:`…), verbs (`(*…)`) or a `{` that is not a quantifier gets no runs, and neither does
/// one compiled with options other than ``Regex/Options/multiline`` and
/// ``Regex/Options/dotAll``. Runs shorter than ``minimumLength`` bytes are dropped.
enum RequiredLiterals {
  /// What follows an item: whether it is required at least once, whether it may repeat, and
  /// the index after the quantifier.
  typealias Quantifier = (required: Bool, repeats: Bool, end: Int)

  /// The shortest run worth looking for, in bytes.
  static let minimumLength = 3
  /// Escapes of a letter that stand for no literal text and change nothing after them.
  private static let safeEscapes = Set("bBwWdDsShHvVRXAzZGKntrfea".unicodeScalars)
  /// What may follow `(?` in a group that sets no option.
  private static let groupOpeners = Set(":=!<#>|".unicodeScalars)
  /// Characters outside groups that end a run: anchors, `.`, quantifiers, stray closers.
  private static let runBreakers = Set("^$.?*+]}".unicodeScalars)

  /// The runs (UTF-8) that every match of `pattern`, compiled with `options`, contains.
  static func of(_ pattern: String, options: Regex.Options) -> [[UInt8]] {
    guard options.subtracting([.multiline, .dotAll]).isEmpty else { return [] }
    let scalars = Array(pattern.unicodeScalars)
    var runs: [[UInt8]] = []
    var run: [UInt8] = []
    func endRun() {
      if run.count >= minimumLength { runs.append(run) }
      run = []
    }
    /// Adds a literal character with its quantifier, ending the run where the quantifier
    /// makes what follows unknown.
    func literal(_ scalar: Unicode.Scalar, _ quantifier: Quantifier) {
      guard quantifier.required else { return endRun() }
      run.append(contentsOf: String(scalar).utf8)
      if quantifier.repeats { endRun() }
    }
    var depth = 0
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      switch scalar {
      case "\\":
        guard index + 1 < scalars.count else { return [] }
        let escaped = scalars[index + 1]
        index += 2
        if escaped.isASCII && !isWordCharacter(escaped) && depth == 0 {
          // Escaped punctuation is the character itself.
          guard let quantifier = quantifier(at: index, in: scalars) else { return [] }
          literal(escaped, quantifier)
          index = quantifier.end
        } else if isWordCharacter(escaped)
          && !Self.safeEscapes.contains(escaped)
        {
          return []  // \Q…\E, \c, \k, \g, \x, \p, back references: not read here
        } else if depth == 0 {
          endRun()
          guard let quantifier = quantifier(at: index, in: scalars) else { return [] }
          index = quantifier.end
        }
      case "(":
        if index + 1 < scalars.count, scalars[index + 1] == "*" { return [] }
        if index + 2 < scalars.count, scalars[index + 1] == "?",
          !Self.groupOpeners.contains(scalars[index + 2])
        {
          return []  // option settings change how the rest reads
        }
        if depth == 0 { endRun() }
        depth += 1
        index += 1
      case ")":
        depth -= 1
        guard depth >= 0 else { return [] }
        index += 1
        if depth == 0 {
          guard let quantifier = quantifier(at: index, in: scalars) else { return [] }
          index = quantifier.end
        }
      case "[":
        guard let end = classEnd(from: index, in: scalars) else { return [] }
        index = end
        if depth == 0 {
          endRun()
          guard let quantifier = quantifier(at: index, in: scalars) else { return [] }
          index = quantifier.end
        }
      case "|":
        if depth == 0 { return [] }
        index += 1
      case "{" where depth == 0:
        return []  // a quantifier here follows nothing this reading keeps; or it is literal
      default:
        index += 1
        guard depth == 0 else { continue }
        if Self.runBreakers.contains(scalar) {
          endRun()
          if scalar == "." || scalar == "]" || scalar == "}" {
            guard let quantifier = quantifier(at: index, in: scalars) else { return [] }
            index = quantifier.end
          } else if scalar == "?" || scalar == "*" || scalar == "+", index < scalars.count,
            scalars[index] == "?" || scalars[index] == "+"
          {
            index += 1  // lazy or possessive quantifier of what came before
          }
        } else {
          guard let quantifier = quantifier(at: index, in: scalars) else { return [] }
          literal(scalar, quantifier)
          index = quantifier.end
        }
      }
    }
    guard depth == 0 else { return [] }
    endRun()
    return runs
  }

  /// A quantifier at `index`: whether the item before it is required at least once, and the
  /// index after the quantifier (`index` itself when there is none). `nil` when a `{` there
  /// is not a quantifier.
  private static func quantifier(at index: Int, in scalars: [Unicode.Scalar])
    -> Quantifier?
  {
    guard index < scalars.count else { return (true, false, index) }
    var end = index + 1
    let required: Bool
    switch scalars[index] {
    case "?", "*": required = false
    case "+": required = true
    case "{":
      var minimum = ""
      while end < scalars.count, isDigit(scalars[end]) {
        minimum.unicodeScalars.append(scalars[end])
        end += 1
      }
      while end < scalars.count, scalars[end] == "," || isDigit(scalars[end]) { end += 1 }
      guard end < scalars.count, scalars[end] == "}", !minimum.isEmpty else { return nil }
      end += 1
      required = (Int(minimum) ?? 0) >= 1
    default:
      return (true, false, index)
    }
    if end < scalars.count, scalars[end] == "?" || scalars[end] == "+" { end += 1 }
    return (required, true, end)
  }

  /// The index after the character class that opens at `start`, or `nil` when it does not
  /// close or holds a POSIX class (`[:alpha:]`). ``LiteralAlternatives`` reads classes with it
  /// too.
  static func classEnd(from start: Int, in scalars: [Unicode.Scalar]) -> Int? {
    var index = start + 1
    if index < scalars.count, scalars[index] == "^" { index += 1 }
    if index < scalars.count, scalars[index] == "]" { index += 1 }  // a leading ] is literal
    while index < scalars.count {
      switch scalars[index] {
      case "\\": index += 2
      case "[":
        if index + 1 < scalars.count, scalars[index + 1] == ":" { return nil }
        index += 1
      case "]": return index + 1
      default: index += 1
      }
    }
    return nil
  }

  private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar >= "0" && scalar <= "9"
  }

  private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
    (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
      || (scalar >= "0" && scalar <= "9") || scalar == "_"
  }

  /// Whether `subject` contains every one of `runs`.
  static func allOccur(_ runs: [[UInt8]], in subject: UnsafeBufferPointer<UInt8>) -> Bool {
    runs.allSatisfy { run in
      run.withUnsafeBufferPointer { occurs($0, in: subject) }
    }
  }

  /// Whether `needle` (not empty) occurs in `subject`: `memchr` to each candidate first byte,
  /// `memcmp` for the rest.
  private static func occurs(
    _ needle: UnsafeBufferPointer<UInt8>, in subject: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    guard let needleBase = needle.baseAddress, var start = subject.baseAddress,
      needle.count <= subject.count
    else { return false }
    let end = start + subject.count
    let first = Int32(needle[0])
    while end - start >= needle.count {
      guard let hit = memchr(start, first, end - start - needle.count + 1) else { return false }
      let candidate = hit.assumingMemoryBound(to: UInt8.self)
      if memcmp(candidate + 1, needleBase + 1, needle.count - 1) == 0 { return true }
      start = UnsafePointer(candidate) + 1
    }
    return false
  }
}
