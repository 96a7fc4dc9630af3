import LicenseText

/// The layout of a compiled index file: a header, a table of sections, then the sections of
/// fixed-size records, each 8-byte aligned, read in place through a memory map.
///
/// The header holds the magic, the format version, the record layout, the corpus stamp's
/// place in the string pool, the counts, the size of the whole file and a checksum of the
/// header and the table; each table entry holds a section's offset, length and checksum
/// (``LicenseText/Checksum64/wide(_:seed:)``). The sections follow one another without gaps up to the end of the file,
/// so every byte is covered by a checksum and a damaged or truncated file is refused at load.
enum IndexFile {
  /// File magic.
  static let magic: [UInt8] = Array("LLINDEX\u{1}".utf8)
  /// Bumped whenever the layout or the text folding changes; older files are stale.
  static let formatVersion: UInt32 = 9
  /// Header bytes before the section table.
  static let headerSize = 64
  /// Bytes of one section table entry: offset, length and checksum, 8 bytes each.
  static let tableEntrySize = 24
  /// Number of sections.
  static let sectionCount = Section.allCases.count
  /// Bytes of the header and the section table together.
  static let tableEnd = headerSize + sectionCount * tableEntrySize

  /// Header fields (byte offsets).
  enum Field {
    static let version = 8
    static let layout = 12
    static let stampOffset = 16
    static let stampLength = 20
    static let licenseCount = 24
    static let ruleCount = 28
    static let fileSize = 32
    static let headerChecksum = 40
  }

  enum Section: Int, CaseIterable {
    case stringPool, licenses, rules, licenseLists, tokens
    case vocabularyKeys, vocabularyValues
    case anchorKeys, anchorRanges, postings
    case exactKeys, exactValues
    case requiredIndex, requiredRanges
    case anchorFilter
    case pairKeys, pairValues, pairFirstWords
  }

  /// Record sizes written into the header, so that a binary with another layout refuses the
  /// file instead of misreading it.
  static var layoutSignature: UInt32 {
    UInt32(MemoryLayout<RuleEntry>.stride) << 16 | UInt32(MemoryLayout<LicenseEntry>.stride)
  }

  /// The checksum of the header and section table in `bytes` (at least ``tableEnd`` of
  /// them), taken with the checksum field itself as zeros.
  static func headerChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var copy = Array(bytes[0..<tableEnd])
    for offset in Field.headerChecksum..<(Field.headerChecksum + 8) { copy[offset] = 0 }
    return Checksum64.of(copy)
  }
}

/// Little-endian writer for the index file.
struct IndexWriter {
  private(set) var bytes: [UInt8] = []

  mutating func append<T>(_ values: [T]) {
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    pad()
  }

  mutating func appendScalar<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func pad() {
    while bytes.count % 8 != 0 { bytes.append(0) }
  }

  mutating func overwrite<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    withUnsafeBytes(of: value.littleEndian) { raw in
      for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
    }
  }
}

/// An open-addressing hash table with 64-bit keys (0 = empty) stored as two parallel arrays.
struct HashTableBuilder<Value> {
  var keys: [UInt64]
  var values: [Value]

  init(count: Int, empty: Value) {
    var capacity = 16
    while capacity < count * 2 { capacity <<= 1 }
    keys = Array(repeating: 0, count: capacity)
    values = Array(repeating: empty, count: capacity)
  }

  mutating func insert(_ key: UInt64, _ value: Value) {
    let mask = keys.count - 1
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
    keys[slot] = key
    values[slot] = value
  }
}

/// Finds the slot of `key` in a table written by ``HashTableBuilder``, or `nil`.
@inlinable @inline(__always)
func probe(_ keys: UnsafeBufferPointer<UInt64>, _ key: UInt64) -> Int? {
  let mask = keys.count - 1
  var slot = Int(truncatingIfNeeded: key) & mask
  while true {
    let stored = keys[slot]
    if stored == key { return slot }
    if stored == 0 { return nil }
    slot = (slot + 1) & mask
  }
}
