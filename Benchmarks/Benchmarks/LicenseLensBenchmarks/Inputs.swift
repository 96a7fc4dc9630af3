import Foundation
import LicenseIndex

/// Where the benchmarks find their data: the fetched corpus (`license-corpus/scancode`), the
/// compiled index (`license-corpus/build/licenselens.index`) and the clause catalog
/// (`license-corpus/clauses`) of the LicenseLens checkout this file belongs to.
/// `LICENSELENS_CORPUS` and `LICENSELENS_INDEX` override the first two, as for the CLI.
enum Locations {
  static let root: String = {
    let candidates = [
      URL(fileURLWithPath: #filePath).deletingLastPathComponent(),
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    ]
    for start in candidates {
      var folder = start
      for _ in 0..<8 {
        if FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("license-corpus/PIN").path)
        {
          return folder.path
        }
        folder.deleteLastPathComponent()
      }
    }
    return FileManager.default.currentDirectoryPath
  }()

  static var corpus: String {
    ProcessInfo.processInfo.environment["LICENSELENS_CORPUS"]
      ?? root + "/license-corpus/scancode"
  }

  static var licenses: String { corpus + "/licenses" }

  static var index: String {
    ProcessInfo.processInfo.environment["LICENSELENS_INDEX"]
      ?? root + "/license-corpus/build/licenselens.index"
  }

  static var clauses: String { root + "/license-corpus/clauses" }

  /// Whether the corpus has been fetched; prints why not (once per name) when it has not.
  static func corpusAvailable(for name: String) -> Bool {
    if let count = try? FileManager.default.contentsOfDirectory(atPath: licenses).count, count > 0 {
      return true
    }
    skip(name, "no license texts in \(licenses) (run tools/fetch-corpus or tools/setup)")
    return false
  }

  /// Whether the index has been built and loads; prints why not when it does not.
  static func indexAvailable(for name: String) -> Bool {
    guard FileManager.default.fileExists(atPath: index) else {
      skip(
        name,
        "no index at \(index) (run `swift build -c release && .build/release/licenselens index"
          + " build` in the repository root)")
      return false
    }
    if case .failure(let error) = sharedIndex {
      skip(name, "\(error)")
      return false
    }
    return true
  }

  /// Whether the clause catalog is there; prints why not when it is not.
  static func clausesAvailable(for name: String) -> Bool {
    if let files = try? FileManager.default.contentsOfDirectory(atPath: clauses),
      files.contains(where: { $0.hasSuffix(".yaml") })
    {
      return true
    }
    skip(name, "no clause catalog in \(clauses)")
    return false
  }

  private static func skip(_ name: String, _ reason: String) {
    print("LicenseLens benchmarks: skipping \(name): \(reason)")
  }
}

/// One corpus license: its key and its text without the YAML front matter.
struct CorpusText: Sendable {
  var key: String
  var text: [UInt8]
}

/// The inputs, read from the corpus at run time (nothing from the corpus is in the repository).
/// Every input is built deterministically: corpus files in name order, fixed strides.
enum Inputs {
  /// Non-deprecated corpus licenses with non-empty text, in key order.
  static let licenses: [CorpusText] = {
    let folder = Locations.licenses
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".LICENSE") }.sorted()
    var result: [CorpusText] = []
    for name in names {
      guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
      let (frontMatter, text) = split(Array(data))
      if frontMatter.contains("\nis_deprecated: yes") { continue }
      if !text.contains(where: { $0 > 0x20 }) { continue }
      result.append(CorpusText(key: String(name.dropLast(".LICENSE".count)), text: text))
    }
    return result
  }()

  /// About 5 MB of license text: whole corpus texts in key order, separated by a blank line.
  static let licenseText5MB: [UInt8] = concatenated(upTo: 5_000_000)

  /// About 1 MB of source code with no licensing words: the body of ``smallNotice`` without
  /// its header, repeated.
  static let codeWithoutLicense: [UInt8] = {
    let text = String(decoding: smallNotice, as: UTF8.self)
    let body = text.range(of: "\"\"\"Turns").map { String(text[$0.lowerBound...]) } ?? text
    var result: [UInt8] = []
    while result.count < 1_000_000 { result += Array(body.utf8) }
    return result
  }()

  /// A source file of about 1 KB whose header is the Apache-2.0 notice (from the appendix of
  /// the corpus text), with a copyright line and some code.
  static let smallNotice: [UInt8] = {
    var file = "#!/usr/bin/env python3\n" + noticeHeader
    file += """
      \"\"\"Turns sensor logs into daily summaries.\"\"\"

      import sys


      def summarize(lines):
          totals = {}
          for line in lines:
              day, value = line.split(",", 1)
              totals[day] = totals.get(day, 0.0) + float(value)
          return totals


      if __name__ == "__main__":
          for day, total in sorted(summarize(sys.stdin).items()):
              print(day, round(total, 2))

      """
    return Array(file.utf8)
  }()

  /// The Apache-2.0 notice (from the appendix of the corpus text) as a comment block, with a
  /// copyright line.
  static let noticeHeader: String = {
    let apache = text(of: "apache-2.0")
    let lines = String(decoding: apache, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let first = lines.firstIndex { $0.contains("Licensed under the Apache License") } ?? 0
    let last = lines[first...].firstIndex { $0.contains("limitations under the License") }
    let notice = lines[first...(last ?? min(lines.count - 1, first + 12))]
    var header = "# Copyright 2021 The Sensor Log Authors\n#\n"
    for line in notice {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      header += trimmed.isEmpty ? "#\n" : "# " + trimmed + "\n"
    }
    return header
  }()

  /// About 3 MB: the notice's comment block 5,000 times back to back, as in a file that
  /// concatenates license headers (each copy is a match of its own).
  static let repeatedNotices: [UInt8] = Array(
    String(repeating: noticeHeader, count: 5_000).utf8)

  /// One full license text: Apache-2.0 (about 11 KB).
  static let mediumLicense: [UInt8] = text(of: "apache-2.0")

  /// The Apache-2.0 text between a line of prose before and after it.
  static let mediumEmbedded: [UInt8] = embedded(mediumLicense)

  /// About 1.5 MB: every fourth corpus license text, each introduced by a paragraph of prose,
  /// like a third-party notices file of a large application.
  static let largeMultiLicense: [UInt8] = {
    var file = Array("THIRD-PARTY SOFTWARE NOTICES AND INFORMATION\n\n".utf8)
    var number = 0
    for (position, license) in licenses.enumerated() where position % 4 == 0 {
      number += 1
      file += Array(Prose.paragraph(number).utf8)
      file += license.text
      file += Array("\n\n".utf8)
      if file.count >= 1_500_000 { break }
    }
    return file
  }()

  /// Single-license files like `tools/self-identify --embedded` writes: each text between a
  /// line of prose before and after it.
  static let embeddedLicenses: [[UInt8]] = licenses.map { embedded($0.text) }

  static func embedded(_ text: [UInt8]) -> [UInt8] {
    Array((Prose.before + "\n\n").utf8) + text + Array(("\n\n" + Prose.after + "\n").utf8)
  }

  static func text(of key: String) -> [UInt8] {
    licenses.first { $0.key == key }?.text ?? licenses.first?.text ?? []
  }

  static func concatenated(upTo size: Int) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(size + 100_000)
    while result.count < size, !licenses.isEmpty {
      for license in licenses {
        result += license.text
        result += Array("\n\n".utf8)
        if result.count >= size { break }
      }
    }
    return result
  }

  /// Splits a LicenseDB file into front matter and text.
  static func split(_ bytes: [UInt8]) -> (frontMatter: String, text: [UInt8]) {
    let marker = Array("---\n".utf8)
    guard bytes.starts(with: marker) else { return ("", bytes) }
    var lineStart = marker.count
    while lineStart < bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
      let line = bytes[lineStart..<lineEnd]
      if line.elementsEqual("---".utf8) || line.elementsEqual("--- ".utf8) {
        let matter = String(decoding: bytes[0..<lineStart], as: UTF8.self)
        let textStart = min(bytes.count, lineEnd + 1)
        return (matter, Array(bytes[textStart...]))
      }
      lineStart = lineEnd + 1
    }
    return ("", bytes)
  }
}

/// Neutral prose around and between license texts.
enum Prose {
  static let before =
    "The text below was found in the vendor folder of a project that turns sensor logs into"
    + " daily summaries. It is kept exactly as it arrived."
  static let after = "Questions about the vendor folder go to the build team."

  private static let sentences = [
    "This component reads the raw readings that the field units upload every night.",
    "It was added when the old parser could not keep up with the larger stations.",
    "The build pulls it from the internal mirror and pins the exact release.",
    "Nobody on the team has changed its sources; patches go upstream first.",
    "It runs only in the batch jobs and never in the web dashboard.",
    "The release notes of the last three versions were reviewed before the upgrade.",
    "Its test suite runs as part of the nightly pipeline on both platforms.",
  ]

  /// A short paragraph that introduces component `number`.
  static func paragraph(_ number: Int) -> String {
    var text = "Component \(number)\n\n"
    for offset in 0..<3 {
      text += sentences[(number + offset * 2) % sentences.count] + " "
    }
    return text + "\nThe terms it is distributed under follow.\n\n"
  }
}
