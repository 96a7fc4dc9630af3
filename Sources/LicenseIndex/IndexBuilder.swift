import LicenseCorpus
import LicenseText

/// Compiles a ``LicenseDatabase`` into the bytes of an index file.
///
/// Every non-deprecated license text and every non-deprecated rule (other than intros and
/// clues) becomes a rule of the index: its words as token ids, its anchor grams (its rarest
/// word 3-grams across the corpus) in an inverted index for candidate selection, and the
/// hash of its whole token sequence for exact matches.
public struct IndexBuilder {
  /// Rules shorter than this many words are not indexed (too ambiguous to match alone).
  public static let minimumRuleTokens = 3
  /// Rules of exactly this many words (a manifest's license field, a short name) have no
  /// gram; they are found by a table of word pairs instead.
  public static let pairRuleTokens = 2

  private let database: LicenseDatabase
  private let corpusStamp: String

  /// Creates a builder for `database`; `corpusStamp` identifies the corpus version (stored
  /// so that a later load can tell a stale index).
  public init(database: LicenseDatabase, corpusStamp: String) {
    self.database = database
    self.corpusStamp = corpusStamp
  }

  /// Statistics about a built index.
  public struct Summary: Sendable {
    /// Licenses stored.
    public var licenses: Int
    /// Rules indexed (license texts included).
    public var rules: Int
    /// Token ids stored.
    public var tokens: Int
    /// Distinct words.
    public var vocabulary: Int
    /// Anchor postings.
    public var postings: Int
    /// Rules left out, with the reason.
    public var skipped: [String: Int]
  }

  /// Builds the index and returns its bytes with a summary.
  public func build() -> (bytes: [UInt8], summary: Summary) {
    var pool = StringPool()
    var licenseEntries: [LicenseEntry] = []
    var licenseIndexByKey: [String: Int] = [:]
    for license in database.licenses {
      licenseIndexByKey[license.key] = licenseEntries.count
      var flags: UInt32 = 0
      if license.isOSIApproved { flags |= 1 }
      if license.isException { flags |= 2 }
      if license.isDeprecated { flags |= 4 }
      licenseEntries.append(
        LicenseEntry(
          key: pool.add(license.key), spdx: pool.add(license.spdx), name: pool.add(license.name),
          category: pool.add(license.category),
          otherSpdx: pool.add(license.otherSpdxIDs.joined(separator: "\n")), flags: flags))
    }

    var skipped: [String: Int] = [:]
    var sources: [RuleRecord] = []
    for license in database.licenses where !license.isDeprecated {
      sources.append(
        RuleRecord(
          identifier: license.key, expression: license.key, kind: .text, isReferenceText: true,
          minimumCoverage: license.minimumCoverage, text: license.text))
    }
    for rule in database.rules {
      if rule.isDeprecated {
        skipped["deprecated", default: 0] += 1
      } else if rule.kind == .intro || rule.kind == .clue {
        skipped["intro or clue", default: 0] += 1
      } else {
        sources.append(rule)
      }
    }

    var tokenizer = Tokenizer()
    // Rules filed as `LICENSE WITH EXCEPTION` whose words are the exception's text alone name
    // the exception alone (``ExceptionAlone``).
    let exceptionAlone = ExceptionAlone().exceptionKeys(
      of: sources,
      isException: { key in
        licenseIndexByKey[key].map { licenseEntries[$0].flags & 2 != 0 } ?? false
      },
      hashes: { position in
        var text = sources[position].text
        return text.withUTF8 { tokenizer.tokenize($0) }.hashes
      })
    for (position, exception) in exceptionAlone { sources[position].expression = exception }
    var vocabulary: [UInt64: UInt32] = [:]
    var tokens: [UInt32] = []
    var rules: [RuleEntry] = []
    var licenseLists: [UInt32] = []
    // Per rule: offset and count of its required ranges (start, end exclusive, in tokens).
    var requiredIndex: [UInt32] = []
    var requiredRanges: [UInt32] = []
    for source in sources {
      let keys = ExpressionKeys.keys(in: source.expression)
      let indexes = keys.compactMap { licenseIndexByKey[$0] }
      let isFalsePositive = source.kind == .falsePositive
      guard isFalsePositive || (!keys.isEmpty && indexes.count == keys.count) else {
        skipped["unknown license key", default: 0] += 1
        continue
      }
      if indexes.contains(where: { licenseEntries[$0].flags & 4 != 0 }) {
        skipped["deprecated license", default: 0] += 1
        continue
      }
      var text = source.text
      let stream = text.withUTF8 { tokenizer.tokenize($0) }
      guard stream.count >= Self.pairRuleTokens else {
        skipped["fewer than \(Self.pairRuleTokens) words", default: 0] += 1
        continue
      }
      let start = tokens.count
      for hash in stream.hashes {
        if let id = vocabulary[hash] {
          tokens.append(id)
        } else {
          let id = UInt32(vocabulary.count + 1)
          vocabulary[hash] = id
          tokens.append(id)
        }
      }
      let ruleHashes = stream.hashes
      requiredIndex.append(UInt32(requiredRanges.count / 2))
      var searchFrom = 0
      for phrase in source.requiredPhrases {
        var phraseText = phrase
        let phraseHashes = phraseText.withUTF8 { tokenizer.tokenize($0) }.hashes
        guard !phraseHashes.isEmpty, phraseHashes.count <= ruleHashes.count else { continue }
        let found =
          Self.firstOccurrence(of: phraseHashes, in: ruleHashes, from: searchFrom)
          ?? Self.firstOccurrence(of: phraseHashes, in: ruleHashes, from: 0)
        guard let start = found else { continue }
        requiredRanges.append(UInt32(start))
        requiredRanges.append(UInt32(start + phraseHashes.count))
        searchFrom = start + phraseHashes.count
      }
      requiredIndex.append(UInt32(requiredRanges.count / 2) - requiredIndex.last!)
      let listStart = licenseLists.count
      licenseLists.append(contentsOf: indexes.map { UInt32($0) })
      rules.append(
        RuleEntry(
          tokenStart: UInt32(start), tokenCount: UInt32(stream.count), anchorCount: 0,
          licenseListStart: UInt32(listStart), licenseListCount: UInt16(indexes.count),
          kind: source.kind.rawValue, isReferenceText: source.isReferenceText ? 1 : 0,
          relevance: UInt8(clamping: source.relevance),
          minimumCoverage: source.minimumCoverage.map { UInt8(clamping: $0) } ?? 255,
          expression: pool.add(source.expression), identifier: pool.add(source.identifier)))
    }

    // Document frequency of every gram, then each rule's rarest grams as anchors.
    var documentFrequency: [UInt64: UInt32] = [:]
    var ruleGrams: [[UInt64]] = []
    ruleGrams.reserveCapacity(rules.count)
    tokens.withUnsafeBufferPointer { all in
      for rule in rules {
        let ids = UnsafeBufferPointer(
          rebasing: all[Int(rule.tokenStart)..<Int(rule.tokenStart + rule.tokenCount)])
        var seen = Set<UInt64>()
        var grams: [UInt64] = []
        for index in 0..<(ids.count - Grams.size + 1) {
          let gram = Grams.hash(ids[index], ids[index + 1], ids[index + 2])
          if seen.insert(gram).inserted { grams.append(gram) }
        }
        for gram in grams { documentFrequency[gram, default: 0] += 1 }
        ruleGrams.append(grams)
      }
    }
    var postingsByGram: [UInt64: [UInt32]] = [:]
    for (ruleID, grams) in ruleGrams.enumerated() {
      let anchorCount = Self.anchorCount(forGrams: grams.count)
      let anchors = grams.sorted {
        let left = documentFrequency[$0]!
        let right = documentFrequency[$1]!
        return left != right ? left < right : $0 < $1
      }.prefix(anchorCount)
      for gram in anchors { postingsByGram[gram, default: []].append(UInt32(ruleID)) }
      rules[ruleID].anchorCount = UInt32(anchors.count)
    }
    var anchorTable = HashTableBuilder<UInt64>(count: postingsByGram.count, empty: 0)
    var postings: [UInt32] = []
    for (gram, list) in postingsByGram.sorted(by: { $0.key < $1.key }) {
      anchorTable.insert(gram, UInt64(postings.count) << 32 | UInt64(list.count))
      postings.append(contentsOf: list)
    }

    var exactTable = HashTableBuilder<UInt32>(count: rules.count, empty: 0)
    var exactSeen = Set<UInt64>()
    tokens.withUnsafeBufferPointer { all in
      for (ruleID, rule) in rules.enumerated() {
        let ids = UnsafeBufferPointer(
          rebasing: all[Int(rule.tokenStart)..<Int(rule.tokenStart + rule.tokenCount)])
        let hash = Grams.sequenceHash(ids)
        if exactSeen.insert(hash).inserted { exactTable.insert(hash, UInt32(ruleID)) }
      }
    }

    // Two-word rules by their words (the first rule of each pair).
    var pairTable = HashTableBuilder<UInt32>(count: 4096, empty: 0)
    var pairSeen = Set<UInt64>()
    var pairFirstWords = Set<UInt32>()
    for (ruleID, rule) in rules.enumerated() where rule.tokenCount == UInt32(Self.pairRuleTokens) {
      let start = Int(rule.tokenStart)
      let key = Grams.pairHash(tokens[start], tokens[start + 1])
      if pairSeen.insert(key).inserted { pairTable.insert(key, UInt32(ruleID)) }
      pairFirstWords.insert(tokens[start])
    }

    var vocabularyTable = HashTableBuilder<UInt32>(count: vocabulary.count, empty: 0)
    for (hash, id) in vocabulary { vocabularyTable.insert(hash, id) }

    let stamp = pool.add(corpusStamp)
    var writer = IndexWriter()
    writer.append(IndexFile.magic)
    writer.appendScalar(IndexFile.formatVersion)
    writer.appendScalar(IndexFile.layoutSignature)
    writer.appendScalar(stamp.offset)
    writer.appendScalar(stamp.length)
    writer.appendScalar(UInt32(licenseEntries.count))
    writer.appendScalar(UInt32(rules.count))
    while writer.bytes.count < IndexFile.headerSize { writer.appendScalar(UInt8(0)) }
    let tableOffset = writer.bytes.count
    for _ in 0..<(IndexFile.sectionCount * 3) { writer.appendScalar(UInt64(0)) }
    func section(_ which: IndexFile.Section, _ write: (inout IndexWriter) -> Void) {
      let start = writer.bytes.count
      write(&writer)
      let entry = tableOffset + which.rawValue * IndexFile.tableEntrySize
      let checksum = writer.bytes[start...].withUnsafeBytes { Checksum64.wide($0) }
      writer.overwrite(UInt64(start), at: entry)
      writer.overwrite(UInt64(writer.bytes.count - start), at: entry + 8)
      writer.overwrite(checksum, at: entry + 16)
    }
    section(.stringPool) { $0.append(pool.bytes) }
    section(.licenses) { $0.append(licenseEntries) }
    section(.rules) { $0.append(rules) }
    section(.licenseLists) { $0.append(licenseLists) }
    section(.tokens) { $0.append(tokens) }
    section(.vocabularyKeys) { $0.append(vocabularyTable.keys) }
    section(.vocabularyValues) { $0.append(vocabularyTable.values) }
    section(.anchorKeys) { $0.append(anchorTable.keys) }
    section(.anchorRanges) { $0.append(anchorTable.values) }
    section(.postings) { $0.append(postings) }
    section(.exactKeys) { $0.append(exactTable.keys) }
    section(.exactValues) { $0.append(exactTable.values) }
    section(.requiredIndex) { $0.append(requiredIndex) }
    section(.requiredRanges) { $0.append(requiredRanges) }
    section(.anchorFilter) { $0.append(GramFilter.words(for: postingsByGram.keys)) }
    section(.pairKeys) { $0.append(pairTable.keys) }
    section(.pairValues) { $0.append(pairTable.values) }
    section(.pairFirstWords) { $0.append(pairFirstWords.sorted()) }
    writer.overwrite(UInt64(writer.bytes.count), at: IndexFile.Field.fileSize)
    let headerChecksum = writer.bytes.withUnsafeBytes { IndexFile.headerChecksum($0) }
    writer.overwrite(headerChecksum, at: IndexFile.Field.headerChecksum)
    let summary = Summary(
      licenses: licenseEntries.count, rules: rules.count, tokens: tokens.count,
      vocabulary: vocabulary.count, postings: postings.count, skipped: skipped)
    return (writer.bytes, summary)
  }

  /// The first position at or after `start` where `needle` occurs in `haystack`.
  static func firstOccurrence(of needle: [UInt64], in haystack: [UInt64], from start: Int) -> Int? {
    guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
    for position in start...(haystack.count - needle.count)
    where haystack[position] == needle[0]
      && haystack[position..<(position + needle.count)].elementsEqual(needle)
    {
      return position
    }
    return nil
  }

  /// How many of a rule's distinct grams serve as anchors.
  static func anchorCount(forGrams grams: Int) -> Int {
    min(grams, max(6, grams / 8))
  }
}

/// Accumulates strings for the index's string pool.
struct StringPool {
  private(set) var bytes: [UInt8] = []
  private var offsets: [String: StringRef] = [:]

  mutating func add(_ string: String) -> StringRef {
    if let known = offsets[string] { return known }
    let reference = StringRef(offset: UInt32(bytes.count), length: UInt32(string.utf8.count))
    bytes.append(contentsOf: string.utf8)
    offsets[string] = reference
    return reference
  }
}
