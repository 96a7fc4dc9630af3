import LicenseText

extension IndexFile {
  /// Checks the mapped index file `bytes` read from `path` before anything in it is used:
  /// the magic, the format version and record layout, the header checksum, the recorded
  /// size against the real one, and the bounds and checksum of every section, which must
  /// follow one another up to the end of the file. Throws ``IndexError/stale(path:reason:)``
  /// for a file of another format version, ``IndexError/damaged(path:reason:)`` for a
  /// foreign, truncated or damaged one.
  static func verify(_ bytes: UnsafeRawBufferPointer, path: String) throws {
    func damaged(_ reason: String) -> IndexError { .damaged(path: path, reason: reason) }
    let size = bytes.count
    guard size >= magic.count, bytes[0..<magic.count].elementsEqual(magic) else {
      if size < magic.count, magic.starts(with: bytes) {
        throw damaged("truncated to \(size) bytes")
      }
      throw damaged("not a LicenseLens index")
    }
    guard size >= Field.version + 8 else { throw damaged("truncated to \(size) bytes") }
    let version = bytes.loadUnaligned(fromByteOffset: Field.version, as: UInt32.self)
    let layout = bytes.loadUnaligned(fromByteOffset: Field.layout, as: UInt32.self)
    guard version == formatVersion, layout == layoutSignature else {
      throw IndexError.stale(
        path: path,
        reason: "index format \(version), this LicenseLens reads format \(formatVersion)")
    }
    guard size >= tableEnd else { throw damaged("truncated to \(size) bytes") }
    let recordedChecksum = bytes.loadUnaligned(
      fromByteOffset: Field.headerChecksum, as: UInt64.self)
    guard headerChecksum(bytes) == recordedChecksum else {
      throw damaged("header checksum mismatch")
    }
    let recordedSize = bytes.loadUnaligned(fromByteOffset: Field.fileSize, as: UInt64.self)
    guard recordedSize == UInt64(size) else {
      throw damaged(
        recordedSize > UInt64(size)
          ? "truncated to \(size) of \(recordedSize) bytes"
          : "\(UInt64(size) - recordedSize) bytes past the end of the index")
    }
    var expectedOffset = UInt64(tableEnd)
    for section in Section.allCases {
      let entry = headerSize + section.rawValue * tableEntrySize
      let offset = bytes.loadUnaligned(fromByteOffset: entry, as: UInt64.self)
      let length = bytes.loadUnaligned(fromByteOffset: entry + 8, as: UInt64.self)
      let checksum = bytes.loadUnaligned(fromByteOffset: entry + 16, as: UInt64.self)
      guard offset == expectedOffset, offset % 8 == 0, length <= UInt64(size) - offset else {
        throw damaged("section \(section) out of bounds")
      }
      let start = Int(offset)
      let contents = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(length))])
      guard Checksum64.wide(contents) == checksum else {
        throw damaged("section \(section) checksum mismatch")
      }
      expectedOffset = offset + length
    }
    guard expectedOffset == UInt64(size) else { throw damaged("sections do not fill the file") }
  }
}
