import Foundation
import LicenseScan
import Testing

@testable import LicenseIndex

/// A damaged, truncated or foreign index is refused at load by the release binary, run as a
/// child process (where a crash would show as a signal): exit status 2, nothing on standard
/// output, and one line on standard error naming the file and `licenselens index build`.
@Suite struct IndexIntegrityTests {
  static let binary = Support.releaseBinary

  /// Scans a small license file with the index at `index` and checks the refusal; returns
  /// the error line.
  @discardableResult
  static func expectRefused(_ index: URL, _ what: String) throws -> String {
    let license = Support.root.appendingPathComponent("examples")
    let result = try Support.run(
      binary, ["scan", "--quiet", "--format", "jsonl", "--index", index.path, license.path])
    #expect(result.status == 2, "\(what): exit status \(result.status), \(result.errors)")
    #expect(result.output.isEmpty, "\(what): wrote output")
    let lines = result.errors.split(separator: "\n")
    #expect(lines.count == 1, "\(what): \(result.errors)")
    let line = String(lines.first ?? "")
    #expect(line.contains(index.path), "\(what): \(line)")
    #expect(line.contains("licenselens index build"), "\(what): \(line)")
    return line
  }

  /// The sections of the index at `bytes`: name, offset and length, from its table.
  static func sections(_ bytes: [UInt8]) -> [(name: String, offset: Int, length: Int)] {
    IndexFile.Section.allCases.map { section in
      let entry = IndexFile.headerSize + section.rawValue * IndexFile.tableEntrySize
      func field(_ at: Int) -> Int {
        bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
      }
      return ("\(section)", field(entry), field(entry + 8))
    }
  }

  @Test func truncatedEmptyAndForeignFilesAreRefused() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let intact = try Data(contentsOf: URL(fileURLWithPath: Support.indexPath))
    let size = intact.count
    for length in [
      0, 5, 8, 12, 40, 64, IndexFile.tableEnd - 1, IndexFile.tableEnd + 100, size / 2,
      size - 1,
    ] {
      let file = folder.appendingPathComponent("truncated-\(length).index")
      try intact.prefix(length).write(to: file)
      let line = try Self.expectRefused(file, "truncated to \(length) bytes")
      #expect(line.contains(length == 0 ? "empty" : "truncated"), "\(length): \(line)")
    }
    var longer = intact
    longer.append(contentsOf: [1, 2, 3, 4, 5, 6, 7, 8])
    let extended = folder.appendingPathComponent("extended.index")
    try longer.write(to: extended)
    try Self.expectRefused(extended, "bytes appended")
    // Foreign files: a PNG header with data after it, a text file, a folder.
    let png = folder.appendingPathComponent("image.index")
    try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 5000))
      .write(to: png)
    #expect(try Self.expectRefused(png, "PNG").contains("not a LicenseLens index"))
    let text = Support.root.appendingPathComponent("README.md")
    #expect(try Self.expectRefused(text, "text file").contains("not a LicenseLens index"))
    try Self.expectRefused(folder, "folder")
  }

  @Test func aFlippedByteInEverySectionAndInTheHeaderIsRefused() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let intact = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Support.indexPath)))
    let file = folder.appendingPathComponent("damaged.index")
    try Data(intact).write(to: file)
    let handle = try FileHandle(forUpdating: file)
    defer { try? handle.close() }
    /// Flips the bits of the byte at `offset`, runs the check, and restores the byte.
    func flip(_ offset: Int, _ what: String) throws -> String {
      try handle.seek(toOffset: UInt64(offset))
      handle.write(Data([intact[offset] ^ 0x5A]))
      defer {
        try? handle.seek(toOffset: UInt64(offset))
        handle.write(Data([intact[offset]]))
      }
      return try Self.expectRefused(file, what)
    }
    let sections = Self.sections(intact)
    #expect(sections.count == IndexFile.sectionCount)
    for section in sections where section.length > 0 {
      // The first, middle and last byte of each section.
      for offset in [
        section.offset, section.offset + section.length / 2,
        section.offset + section.length - 1,
      ] {
        let line = try flip(offset, "\(section.name) at \(offset)")
        #expect(line.contains("section \(section.name) checksum mismatch"), "\(line)")
      }
    }
    // Every byte of the header past the magic and version, and a few of the section table
    // (what today made the scanner crash when overwritten).
    for offset in Array(16..<IndexFile.headerSize) + [64, 70, 100, IndexFile.tableEnd - 1] {
      #expect(try flip(offset, "header byte \(offset)").contains("damaged"))
    }
    // A byte of the magic: not an index; of the version: another format.
    #expect(try flip(2, "magic").contains("not a LicenseLens index"))
    #expect(try flip(8, "version").contains("stale"))
    // Restored, the same file is used again.
    let restored = try Support.run(
      Self.binary,
      [
        "scan", "--quiet", "--no-clauses", "--format", "jsonl", "--index", file.path,
        Support.root.appendingPathComponent("examples").path,
      ])
    #expect(restored.status == 0, "\(restored.errors)")
    #expect(restored.output.contains("\"spdx\""))
  }

  @Test func aMultiByteOverwriteInTheHeaderIsRefused() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Support.indexPath)))
    // A few hundred bytes overwritten over the header and section table.
    for offset in 16..<400 { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 37) }
    let file = folder.appendingPathComponent("overwritten.index")
    try Data(bytes).write(to: file)
    try Self.expectRefused(file, "overwritten header")
  }

  @Test func theCleanLicenseProfileIsNotTrustedWhenDamaged() throws {
    let path = Locations.cleanLicenses(forIndex: Support.indexPath)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(CleanLicenseProfile(encoded: text) != nil)
    var bytes = Array(text.utf8)
    // One letter of a license key changed in the middle of the file.
    let middle = bytes.count / 2
    let changed = bytes[middle...].firstIndex { (0x61...0x7A).contains($0) } ?? middle
    bytes[changed] = bytes[changed] == 0x61 ? 0x62 : 0x61
    #expect(CleanLicenseProfile(encoded: String(decoding: bytes, as: UTF8.self)) == nil)
    // Cut short, at a line end or inside a line.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let shorter = lines.prefix(lines.count / 2).joined(separator: "\n") + "\n"
    #expect(CleanLicenseProfile(encoded: shorter) == nil)
    #expect(CleanLicenseProfile(encoded: String(text.dropLast(10))) == nil)
    #expect(CleanLicenseProfile(encoded: "") == nil)
  }
}

/// Where `licenselens index build` writes the clean-license profile beside an index.
private enum Locations {
  static func cleanLicenses(forIndex index: String) -> String {
    URL(fileURLWithPath: index).deletingLastPathComponent()
      .appendingPathComponent("licenselens.clean-licenses").path
  }
}
