import CPCRE2
import Synchronization

/// A compiled PCRE2 pattern (JIT-compiled when the platform allows) with match and depth
/// limits, so that no input can make a match run away.
///
/// Patterns read UTF-8 as characters, but `\w`, `\d`, `\b` and POSIX classes are ASCII
/// (PCRE2 without `PCRE2_UCP`): the texts they read are case folded license prose, and Unicode
/// classes cost a property lookup at every step, a third of the clause patterns' time on the
/// generated corpus. A literal non-ASCII character (`€`) still matches as one character.
///
/// The pattern is compiled (and checked) at creation; its JIT compilation waits for the first
/// match that runs it: a catalog of hundreds of patterns loads in a fraction of the time, and
/// a scan of a few files compiles only the patterns their sentences reach. Instances are safe
/// to share between threads; each thread matches with its own ``MatchScratch``.
public final class Regex: @unchecked Sendable {
  /// Options for compiling a pattern.
  public struct Options: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Letters match both cases.
    public static let caseless = Options(rawValue: 0x0000_0008)  // PCRE2_CASELESS
    /// `^` and `$` match at line breaks.
    public static let multiline = Options(rawValue: 0x0000_0400)  // PCRE2_MULTILINE
    /// `.` also matches line breaks.
    public static let dotAll = Options(rawValue: 0x0000_0020)  // PCRE2_DOTALL
    /// Whitespace in the pattern is ignored and `#` starts a comment.
    public static let extended = Options(rawValue: 0x0000_0080)  // PCRE2_EXTENDED
    /// A match starts only where the search starts (the subject's first byte, or where the
    /// previous match ended).
    public static let anchored = Options(rawValue: 0x8000_0000)  // PCRE2_ANCHORED
  }

  /// The source pattern.
  public let pattern: String
  /// Whether this pattern runs JIT-compiled (PCRE2 built with JIT support on this machine);
  /// asking compiles it.
  public var isJITCompiled: Bool { jitCompiled() }
  private let code: OpaquePointer
  /// ``JIT`` state as its raw value: read without a lock once JIT compilation was tried.
  private let jit = Atomic<UInt8>(JIT.untried.rawValue)
  /// Held while JIT compiling: no thread matches with `code` while PCRE2 adds its machine code.
  private let jitLock = Mutex(())
  /// Literal runs every match contains (see ``RequiredLiterals``): a subject without one of
  /// them is answered without running the pattern.
  let requiredLiterals: [[UInt8]]
  /// Strings one of which every match contains (see ``LiteralAlternatives``), `nil` when the
  /// reading of the pattern found none: a caller that knows a subject holds none of them
  /// need not run the pattern.
  public let literalAlternatives: [[UInt8]]?
  private let matchContext: OpaquePointer
  /// The options, match limit and depth limit the pattern was compiled with.
  private let options: Options
  private let matchLimit: UInt32
  private let depthLimit: UInt32

  private static let utf: UInt32 = 0x0008_0000  // PCRE2_UTF
  private static let noUTFCheck: UInt32 = 0x4000_0000  // PCRE2_NO_UTF_CHECK
  private static let jitComplete: UInt32 = 0x0000_0001  // PCRE2_JIT_COMPLETE

  /// Compiles `pattern`. Throws ``RegexError/compile(pattern:message:offset:)`` with PCRE2's
  /// message when the pattern is invalid.
  public init(
    _ pattern: String, options: Options = [], matchLimit: UInt32 = 5_000_000,
    depthLimit: UInt32 = 10_000
  ) throws {
    self.pattern = pattern
    requiredLiterals = RequiredLiterals.of(pattern, options: options)
    literalAlternatives = LiteralAlternatives.of(pattern, options: options)
    var errorCode: Int32 = 0
    var errorOffset = 0
    let compiled: OpaquePointer? = pattern.utf8CString.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) {
        pcre2_compile_8(
          $0, buffer.count - 1, options.rawValue | Self.utf, &errorCode, &errorOffset,
          nil)
      }
    }
    guard let compiled else {
      throw RegexError.compile(
        pattern: pattern, message: Self.message(for: errorCode), offset: errorOffset)
    }
    code = compiled
    self.options = options
    self.matchLimit = matchLimit
    self.depthLimit = depthLimit
    matchContext = Self.matchContext(matchLimit: matchLimit, depthLimit: depthLimit)
  }

  /// A pattern from PCRE2 code decoded by ``deserialize(_:parts:)`` and what ``parts`` gave
  /// of it.
  private init(code: OpaquePointer, parts: Parts) {
    pattern = parts.pattern
    requiredLiterals = parts.requiredLiterals
    literalAlternatives = parts.literalAlternatives
    options = Options(rawValue: parts.options)
    matchLimit = parts.matchLimit
    depthLimit = parts.depthLimit
    self.code = code
    matchContext = Self.matchContext(matchLimit: matchLimit, depthLimit: depthLimit)
  }

  private static func matchContext(matchLimit: UInt32, depthLimit: UInt32) -> OpaquePointer {
    let context = pcre2_match_context_create_8(nil)!
    pcre2_set_match_limit_8(context, matchLimit)
    pcre2_set_depth_limit_8(context, depthLimit)
    return context
  }

  /// The version of what reading a pattern gives (``RequiredLiterals``,
  /// ``LiteralAlternatives``) and of the options every pattern is compiled with: bump it with
  /// any change to either, so that a compiled catalog that stored their results (``Parts``)
  /// or PCRE2 code under another version is not used.
  public static let readingVersion: UInt32 = 2

  /// What a pattern is besides PCRE2's compiled code: the source, how it was compiled, and
  /// what reading it gave (``RequiredLiterals``, ``LiteralAlternatives``), so that a compiled
  /// catalog can store them and rebuild the pattern without reading or compiling it again.
  public struct Parts: Sendable, Hashable {
    public var pattern: String
    public var options: UInt32
    public var matchLimit: UInt32
    public var depthLimit: UInt32
    public var requiredLiterals: [[UInt8]]
    public var literalAlternatives: [[UInt8]]?

    public init(
      pattern: String, options: UInt32, matchLimit: UInt32, depthLimit: UInt32,
      requiredLiterals: [[UInt8]], literalAlternatives: [[UInt8]]?
    ) {
      self.pattern = pattern
      self.options = options
      self.matchLimit = matchLimit
      self.depthLimit = depthLimit
      self.requiredLiterals = requiredLiterals
      self.literalAlternatives = literalAlternatives
    }
  }

  /// This pattern's ``Parts``.
  public var parts: Parts {
    Parts(
      pattern: pattern, options: options.rawValue, matchLimit: matchLimit,
      depthLimit: depthLimit, requiredLiterals: requiredLiterals,
      literalAlternatives: literalAlternatives)
  }

  /// PCRE2's serialized form of the compiled code of `patterns`, in order (one block that
  /// holds the character tables once; JIT code is not part of it), or `nil` when PCRE2
  /// refuses. The bytes are read back only by the same PCRE2 version and configuration.
  public static func serialize(_ patterns: [Regex]) -> [UInt8]? {
    guard !patterns.isEmpty else { return [] }
    var codes: [OpaquePointer?] = patterns.map(\.code)
    var serialized: UnsafeMutablePointer<UInt8>?
    var size = 0
    let count = codes.withUnsafeMutableBufferPointer {
      pcre2_serialize_encode_8($0.baseAddress, Int32($0.count), &serialized, &size, nil)
    }
    guard count == Int32(patterns.count), let serialized else { return nil }
    defer { pcre2_serialize_free_8(serialized) }
    return Array(UnsafeBufferPointer(start: serialized, count: size))
  }

  /// The patterns of `parts` from `bytes` written by ``serialize(_:)`` for them; `nil` when
  /// PCRE2 refuses the bytes (another PCRE2 version or configuration, another count of
  /// patterns). PCRE2 does not check the compiled code itself: `bytes` must be exactly what
  /// ``serialize(_:)`` wrote (a compiled catalog checks its checksum first).
  public static func deserialize(_ bytes: UnsafeRawBufferPointer, parts: [Parts]) -> [Regex]? {
    guard !parts.isEmpty else { return bytes.isEmpty ? [] : nil }
    // PCRE2's header: magic, version and configuration (4 bytes each), then the count.
    guard bytes.count >= 16, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
      pcre2_serialize_get_number_of_codes_8(base) == Int32(parts.count)
    else { return nil }
    var codes = [OpaquePointer?](repeating: nil, count: parts.count)
    let count = codes.withUnsafeMutableBufferPointer {
      pcre2_serialize_decode_8($0.baseAddress, Int32($0.count), base, nil)
    }
    guard count == Int32(parts.count), codes.allSatisfy({ $0 != nil }) else {
      for code in codes { if let code { pcre2_code_free_8(code) } }
      return nil
    }
    return zip(codes, parts).map { Regex(code: $0!, parts: $1) }
  }

  deinit {
    pcre2_match_context_free_8(matchContext)
    pcre2_code_free_8(code)
  }

  /// Calls `body` with the byte range of every non-overlapping match in `subject`, in order,
  /// and returns the number of matches. `subject` must be valid UTF-8 (it is never
  /// re-validated). `body` returns `false` to stop early. Throws
  /// ``RegexError/limitExceeded(pattern:)`` when the match or depth limit is hit.
  @discardableResult
  public func forEachMatch(
    in subject: UnsafeBufferPointer<UInt8>, scratch: MatchScratch,
    _ body: (_ whole: Range<Int>, _ groups: [Range<Int>?]) -> Bool
  ) throws -> Int {
    guard let base = subject.baseAddress, subject.count > 0 else { return 0 }
    guard RequiredLiterals.allOccur(requiredLiterals, in: subject) else { return 0 }
    let isJIT = jitCompiled()
    let data = scratch.data(for: code)
    var offset = 0
    var count = 0
    while offset <= subject.count {
      let rc =
        isJIT
        ? pcre2_jit_match_8(code, base, subject.count, offset, 0, data, matchContext)
        : pcre2_match_8(code, base, subject.count, offset, Self.noUTFCheck, data, matchContext)
      if rc == -1 { break }  // PCRE2_ERROR_NOMATCH
      if rc == -47 || rc == -52 || rc == -53 {  // match limit, depth limit, heap limit
        throw RegexError.limitExceeded(pattern: pattern)
      }
      if rc < 0 { throw RegexError.match(pattern: pattern, message: Self.message(for: rc)) }
      let vector = pcre2_get_ovector_pointer_8(data)!
      let pairs = Int(pcre2_get_ovector_count_8(data))
      let start = vector[0]
      let end = vector[1]
      var groups: [Range<Int>?] = []
      if pairs > 1 {
        groups.reserveCapacity(pairs - 1)
        for index in 1..<min(pairs, Int(rc)) {
          let low = vector[2 * index]
          let high = vector[2 * index + 1]
          groups.append(low < 0 || low == Int.max || low > high ? nil : low..<high)
        }
      }
      count += 1
      if !body(start..<end, groups) { break }
      offset = end > start ? end : Self.nextCharacter(after: end, in: subject)
    }
    return count
  }

  /// Whether `subject` holds the literals every match of the pattern holds: when not, no
  /// match lies in `subject` or in any part of it.
  public func mayMatch(in subject: UnsafeBufferPointer<UInt8>) -> Bool {
    RequiredLiterals.allOccur(requiredLiterals, in: subject)
  }

  /// Returns whether `subject` contains a match.
  public func matches(_ subject: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws
    -> Bool
  {
    var found = false
    try forEachMatch(in: subject, scratch: scratch) { _, _ in
      found = true
      return false
    }
    return found
  }

  private enum JIT: UInt8 {
    case untried, compiled, unavailable
  }

  /// Whether the pattern runs JIT-compiled, compiling it on the first call.
  private func jitCompiled() -> Bool {
    switch JIT(rawValue: jit.load(ordering: .acquiring)) {
    case .compiled: return true
    case .unavailable: return false
    case .untried, nil:
      return jitLock.withLock { _ in
        if jit.load(ordering: .acquiring) == JIT.untried.rawValue {
          let state: JIT =
            pcre2_jit_compile_8(code, Self.jitComplete) == 0 ? .compiled : .unavailable
          jit.store(state.rawValue, ordering: .releasing)
        }
        return jit.load(ordering: .acquiring) == JIT.compiled.rawValue
      }
    }
  }

  private static func nextCharacter(after offset: Int, in subject: UnsafeBufferPointer<UInt8>)
    -> Int
  {
    var next = offset + 1
    while next < subject.count, subject[next] & 0xC0 == 0x80 { next += 1 }
    return next
  }

  static func message(for code: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
    return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "error \(code)"
  }
}

/// Per-thread match data for ``Regex``. Create one per thread (or task) and reuse it.
public final class MatchScratch {
  private var matchData: OpaquePointer?
  private var capacity: UInt32 = 0

  /// Creates empty scratch space; it grows on first use.
  public init() {}

  deinit { if let matchData { pcre2_match_data_free_8(matchData) } }

  func data(for code: OpaquePointer) -> OpaquePointer {
    var groups: UInt32 = 0
    pcre2_pattern_info_8(code, 1, &groups)  // PCRE2_INFO_CAPTURECOUNT
    let needed = groups + 1
    if let matchData, capacity >= needed { return matchData }
    if let matchData { pcre2_match_data_free_8(matchData) }
    let created = pcre2_match_data_create_8(max(needed, 16), nil)!
    matchData = created
    capacity = max(needed, 16)
    return created
  }
}

/// Errors from compiling or running a ``Regex``.
public enum RegexError: Error, CustomStringConvertible, Equatable {
  /// The pattern does not compile.
  case compile(pattern: String, message: String, offset: Int)
  /// The match or depth limit was reached; the input is pathological for this pattern.
  case limitExceeded(pattern: String)
  /// PCRE2 reported another error.
  case match(pattern: String, message: String)

  public var description: String {
    switch self {
    case .compile(let pattern, let message, let offset):
      return "invalid pattern at offset \(offset): \(message): \(pattern)"
    case .limitExceeded(let pattern):
      return "pattern hit its match limit: \(pattern)"
    case .match(let pattern, let message):
      return "pattern failed: \(message): \(pattern)"
    }
  }
}
