import Foundation
import LicenseMatch
import Testing

/// SPDX's own license test texts (`../shared/spdx-test-texts`, read at test time): near-identical
/// texts, exceptions alone, texts that hold another license's notice whole.
@Suite("SPDX test texts")
struct SPDXTestTextTests {
  static let folder = Support.root.deletingLastPathComponent()
    .appendingPathComponent("shared/spdx-test-texts")
  static let isPresent = FileManager.default.fileExists(atPath: folder.path)

  /// The ids reported for SPDX's test text of `id`.
  static func ids(ofTestText id: String) throws -> [String] {
    let text = try String(
      contentsOf: folder.appendingPathComponent("\(id).txt"), encoding: .utf8)
    return Support.ids(text)
  }

  @Test(.enabled(if: isPresent, "../shared/spdx-test-texts is absent"))
  func anExceptionTextAloneIsTheException() throws {
    // The LicenseDB files these texts as `gpl-... WITH exception` rules whose words are the
    // exception's own text: the license is not in the text.
    #expect(try Self.ids(ofTestText: "GCC-exception-2.0") == ["GCC-exception-2.0"])
    #expect(
      try Self.ids(ofTestText: "OCaml-LGPL-linking-exception") == ["OCaml-LGPL-linking-exception"])
    #expect(
      try Self.ids(ofTestText: "depreciate_GPL-2.0-with-font-exception") == ["Font-exception-2.0"])
  }

  @Test(.enabled(if: isPresent, "../shared/spdx-test-texts is absent"))
  func anExceptionWithTheLicenseNoticeKeepsTheLicense() throws {
    // 389's text opens with the GPL 2 notice: both are there.
    #expect(Set(try Self.ids(ofTestText: "389-exception")) == ["GPL-2.0-only", "389-exception"])
  }

  @Test(.enabled(if: isPresent, "../shared/spdx-test-texts is absent"))
  func nearIdenticalVersionsAreToldApart() throws {
    // LPPL 1.3a and 1.3c differ in a few sentences; the LicenseDB's 1.3c text repeats a word
    // SPDX's does not, which once split the alignment in two.
    #expect(try Self.ids(ofTestText: "LPPL-1.3c") == ["LPPL-1.3c"])
    #expect(try Self.ids(ofTestText: "LPPL-1.3a") == ["LPPL-1.3a"])
  }

  @Test(.enabled(if: isPresent, "../shared/spdx-test-texts is absent"))
  func aTextMatchedWholeBeatsAnotherMatchedButForItsTitle() throws {
    // The generic Unicode and libpng notices match all but the title of these texts.
    #expect(try Self.ids(ofTestText: "Unicode-DFS-2016") == ["Unicode-DFS-2016"])
    #expect(try Self.ids(ofTestText: "libpng-2.0") == ["libpng-2.0"])
  }
}
