import Foundation
import LicenseMatch
import LicenseReport
import LicenseScan
import Testing

/// License-like text that no reference covers is reported as `LicenseRef-unknown` with its
/// lines wherever it is; weak signs of licenses are clues, not licenses.
@Suite("Unknown license text and clues")
struct UnknownTextTests {
  /// Terms written for this test: a grant, conditions, a disclaimer, a liability limit, an
  /// ending and a governing law, as a company's own license would have them.
  static let ownTerms = """
    Tessera Software License Terms

    These terms are an agreement between you and Dunmore Software. By installing or using
    the Product you accept these terms; if you do not accept them, do not install it.

    We grant you a personal, non-exclusive and revocable license to install and run the
    Product on computers you own, for your internal business purposes only.

    You may not sell, rent, lease or sublicense the Product, and you shall not reverse
    engineer or decompile it, except where applicable law expressly permits it.

    THE PRODUCT IS PROVIDED WITHOUT WARRANTY OF ANY KIND. DUNMORE SOFTWARE DISCLAIMS ALL
    WARRANTIES, EXPRESS OR IMPLIED, INCLUDING FITNESS FOR ANY PURPOSE.

    In no event will Dunmore Software be liable for any indirect or consequential damages
    arising from the use of the Product.

    This license ends automatically if you breach it. It is governed by the laws of Scotland.
    """

  /// The lines of each `LicenseRef-unknown` that `result` reports.
  static func unknownLines(_ result: FileScanResult) -> [ClosedRange<Int>] {
    result.identification.licenses.filter { $0.license.spdx == "LicenseRef-unknown" }
      .map { $0.startLine...$0.endLine }
  }

  @Test func ownTermsInAReadmeAreUnknownWithTheirLines() {
    let prose = "# Quarry\n\nQuarry sorts photos by the day they were taken.\n\n## Terms\n\n"
    let after = "\n\n## Building\n\nRun make, then copy the binary to a folder on your path.\n"
    let result = Support.scan(prose + Self.ownTerms + after)
    // From the "## Terms" heading over it to its last line, not into the prose after it.
    #expect(Self.unknownLines(result) == [5...24])
    #expect(result.identification.expression == "LicenseRef-unknown")
  }

  @Test func theParagraphsAroundTermsWithoutLicensingWordsAreTheirs() {
    // A preamble and a closing line hold no licensing word, yet they are lines of the terms;
    // the heading of the next section ends them.
    let preamble = "This file came with the Tessera download from the Dunmore website in May.\n\n"
    let address =
      "\n\nWrite to the Dunmore office in Edinburgh with any question about the Product."
    let after = "\n\n## Building\n\nRun make, then copy the binary to a folder on your path.\n"
    let result = Support.scan(preamble + Self.ownTerms + address + after)
    #expect(Self.unknownLines(result) == [1...22])
  }

  @Test func parenthesesDoNotMakeLicenseTextCode() {
    // Every line of the liability paragraph holds a parenthesis, as disclaimers do.
    let liability = """
      IN NO EVENT SHALL DUNMORE SOFTWARE BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL
      (INCLUDING LOSS OF DATA) OR CONSEQUENTIAL DAMAGES, HOWEVER CAUSED (IN CONTRACT,
      STRICT LIABILITY OR TORT (INCLUDING NEGLIGENCE)) ARISING IN ANY WAY OUT OF THE USE
      OF THE PRODUCT (EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE).
      """
    let result = Support.scan(Self.ownTerms + "\n\n" + liability + "\n")
    #expect(Self.unknownLines(result).map(\.upperBound) == [23])
  }

  @Test func ownTermsInASourceHeaderAreUnknown() {
    let header = Self.ownTerms.split(separator: "\n", omittingEmptySubsequences: false)
      .map { ("// " + $0).trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
    let code = "\n\nfunc main() {\n  print(\"sorting\")\n}\n"
    let result = Support.scan(header + code)
    #expect(result.identification.licenses.map(\.license.spdx) == ["LicenseRef-unknown"])
    #expect(result.identification.licenses.first?.startLine == 1)
    #expect(result.identification.licenses.first?.endLine == 18)
  }

  @Test func proseAndCodeAboutLicensesAreNotUnknownText() throws {
    // The scanner's own sources talk about licenses, grants and warranties throughout: the
    // verdict's types, and the finder's table of licensing words.
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Sources")
    for file in ["LicenseVerdict/Verdict.swift", "LicenseMatch/UnknownTextFinder.swift"] {
      let source = try String(
        contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      #expect(!Support.ids(source).contains("LicenseRef-unknown"), "\(file)")
    }
    let notes = """
      Meeting notes, March 4

      We agreed to ship the importer first. Chen will write the parser and Rosa the tests;
      the release goes out when both pass on the build machines.
      """
    #expect(Support.ids(notes).isEmpty)
  }

  @Test func aDisclaimerWithoutGrantWordsIsTermsOnItsOwn() {
    // Conditions of use that never say "license" or "permission", then a disclaimer: terms,
    // though no stretch of the file both grants and disclaims.
    let terms = """
      Kestrel Survey Tools: conditions of use

      The Kestrel survey tools may be copied and handed on free of charge, provided that
      this notice stays with every copy and that no part of them is sold on its own. Changed
      copies must say what was changed and by whom.

      The author gives no warranty that the tools are fit for any purpose or free of
      errors, and disclaims every implied warranty of merchantability. The author is not
      liable for any loss or damages, direct or consequential, that come from their use.
      """
    let prose = "# Kestrel\n\nKestrel turns field notes into maps.\n\n## Conditions\n\n"
    let result = Support.scan(prose + terms + "\n\n## Building\n\nRun make.\n")
    #expect(Self.unknownLines(result) == [5...15])
  }

  @Test func aGrantWithoutADisclaimerIsTermsOnItsOwn() {
    // A data licence in the words of a grant ("hereby", "grants", "perpetual", "permission")
    // and its conditions, with no warranty or liability clause at all.
    let terms = """
      Harlow Tide Tables: terms of use

      The Harlow Coastal Survey hereby grants you a perpetual, worldwide permission to
      copy, publish and adapt these tables, in print or in software, subject to the
      conditions below.

      Each copy you make must name the Harlow Coastal Survey as the source of the tables, and adapted
      tables must be marked as changed. The tables may not be sold on their own or as the
      main part of another product.
      """
    let result = Support.scan(terms)
    #expect(result.identification.licenses.map(\.license.spdx) == ["LicenseRef-unknown"])
    #expect(result.identification.licenses.first?.startLine == 1)
    #expect(result.identification.licenses.first?.endLine == 9)
  }

  @Test func proseThatMentionsALicenseOnceIsNotTerms() {
    // Licensing words of several kinds, but neither a disclaimer nor a grant's wording: a
    // note about licensing, not terms.
    let note = """
      Notes on the importer

      The old parser came from the Vantage project and was licensed to us under the terms
      of their own license, which our legal team reviewed last year. Contributors keep the
      copyright in their changes and agree that the changes may be distributed under the
      same terms as the rest of the importer. We still need to check whether the test data
      files may be redistributed, so they are not part of the release yet.
      """
    #expect(Support.ids(note).isEmpty)
  }

  @Test func apiDocumentationInEverydayWordsIsNotTerms() {
    // A method's documentation, written for this test, dense in the licensing words that
    // everyday prose uses too: "you may not change", "you must call", "no guarantee",
    // "exclusive to a single process", "is not permitted". No word only license terms use
    // ("license", "copyright", "warranty", "liable", ...): not terms.
    let source = #"""
      import os


      class ThumbnailCache:
          def set_cache_directory(self, folder):
              """Choose the folder where images are unpacked before they are shown.

              If you do not call this method before the first image is drawn, the
              folder defaults to the one that ``default_folder()`` returns, which
              depends on the user's settings and on the platform.

              You may point this at a temporary folder, but then you must call
              ``clear()`` to delete the unpacked images when you are done. There is
              no guarantee that ``clear()`` can remove every file, since another
              program may still hold some of them open.

              You may not change the cache directory once files have been extracted,
              unless you first call ``clear()``. The folder should be exclusive to a
              single viewer process: writing to it from a second process is not
              permitted.
              """
              if self.unpacked:
                  raise ValueError("images already unpacked")
              self.folder = folder
      """#
    #expect(Support.ids(source).isEmpty)
  }

  /// Access permissions are not a license's permission: documentation of a sharing command,
  /// written for this test, grants access, revokes it and says what is not permitted, with
  /// "permissions" its only word of license terms. (Before, the word counted as one, and the
  /// AWS and Google Cloud tools' documentation of IAM permissions, 18 files of this machine,
  /// reported unknown license text.)
  @Test func accessPermissionsAreNotLicenseTerms() {
    let readme = """
      # Sharing a project folder

      The `share-folder` command grants other accounts access to a folder of your project. The
      accounts you name receive an invitation, which they must accept before access is granted.
      You must add members, roles and permissions to the share separately.

      By default, members have no permissions on the folder. An owner may grant read or write
      permissions to each member, and may revoke them at any time. Members may not grant
      permissions to others unless the owner gives them the administrator role.

      A share is exclusive to one organization: sharing a folder with accounts outside it is not
      permitted, and any attempt to do so fails with an error. Deleting the share does not delete
      the folder or its files.
      """
    #expect(Support.ids(readme).isEmpty)
    // One license word in the same paragraphs makes them terms again.
    let licensed = readme.replacingOccurrences(
      of: "Deleting the share", with: "The license of the files is unchanged; deleting the share")
    #expect(Support.ids(licensed) == ["LicenseRef-unknown"])
  }

  @Test func quotedDefinedTermsAreLicenseTextNotCode() {
    // Each definition, one line, quotes two terms (before, a line with four quotes read as
    // code, and the stretch began after the four definitions); a list of quoted strings is
    // code.
    let agreement = """
      Osprey-7B Model License Agreement

      These are the terms on which Fenwick Labs ("we", "us") shares the Osprey-7B weights.

      a. "You" means whoever accepts this agreement, and "Your" has a matching meaning.

      b. "Materials" means the weights and our code to run them; "Outputs" is what they make.

      c. "Derivative" means a model made from the Materials, and "Release" any version of it.

      d. "Product" means a service built on the Materials, and "User" a person who uses it.

      We grant you a non-exclusive, worldwide and royalty-free license to use, copy and
      modify the Materials, and to share them, provided that you keep this agreement with
      every copy and you do not use the Materials to break any law.

      THE MATERIALS ARE PROVIDED WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED. WE ARE
      NOT LIABLE FOR ANY DAMAGES ARISING FROM THEIR USE. This agreement ends if you breach
      it, and it is governed by the laws of Ireland.
      """
    let result = Support.scan(agreement)
    #expect(result.identification.licenses.map(\.license.spdx) == ["LicenseRef-unknown"])
    #expect(result.identification.licenses.first?.startLine == 1)
    #expect(result.identification.licenses.first?.endLine == 19)
    let words = #"    "grant", "grants", "granted", "permission", "licensed","#
    #expect(Support.ids(String(repeating: words + "\n", count: 12)).isEmpty)
  }

  @Test func aReferenceTextMuchOfWhichIsMissingIsAlsoUnknown() throws {
    // The NCSA text (which the LicenseDB names from half its words on) with three common
    // words replaced everywhere: still named, below the coverage asked of other texts, so
    // its lines are license text of their own as well. One word replaced: NCSA alone.
    let text = try Support.licenseText("uoi-ncsa").trimmingCharacters(in: .whitespacesAndNewlines)
    // Without its title.
    let body = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2)
      .joined(separator: "\n")
    func replacing(_ swaps: [String: String]) -> String {
      var result = ""
      var word = ""
      for character in body + " " {
        if character.isLetter {
          word.append(character)
          continue
        }
        if !word.isEmpty {
          let swap = swaps[word.lowercased()].map {
            word == word.uppercased() ? $0.uppercased() : $0
          }
          result += swap ?? word
          word = ""
        }
        result.append(character)
      }
      return result
    }
    let altered = Support.scan(replacing(["the": "this", "and": "plus", "or": "either"]))
    let licenses = altered.identification.licenses
    #expect(licenses.map(\.license.spdx).sorted() == ["LicenseRef-unknown", "NCSA"])
    #expect(licenses.allSatisfy { $0.license.spdx != "NCSA" || $0.coverage < 0.8 })
    let lightly = Support.scan(replacing(["the": "this"]))
    #expect(lightly.identification.licenses.map(\.license.spdx) == ["NCSA"])
  }

  @Test func weakSignsAreCluesNotLicenses() {
    let text = """
      Quarry reads photos faster than the old GPL tool did.
      More at https://opensource.org/licenses/MIT
      """
    let result = Support.scan(text)
    #expect(result.identification.licenses.isEmpty)
    #expect(result.identification.expression == nil)
    #expect(result.identification.clues.map(\.kind) == [.url])
    #expect(result.identification.clues.first?.license.spdx == "MIT")
    let json = ReportRenderer.jsonObject(result)
    #expect(json.contains(#""clues":[{"spdx":"MIT","key":"mit","start_line":2"#))
  }

  @Test func aStatedLicenseIsStillALicense() {
    let result = Support.scan("License: https://opensource.org/licenses/MIT\n")
    #expect(result.identification.licenses.map(\.license.spdx) == ["MIT"])
    #expect(result.identification.clues.isEmpty)
  }

  @Test func reportsCountFilesWithListsAndClues() throws {
    let list = """
      SUPPORTED = [
          "MIT",
          "Apache-2.0",
          "GPL-2.0-only",
          "BSD-3-Clause",
          "ISC",
          "MPL-2.0",
          "LGPL-2.1-only",
      ]
      """
    let listed = Support.scan(list)
    #expect(!listed.identification.lists.isEmpty)
    let clued = Support.scan("More at https://opensource.org/licenses/MIT\n")
    var fromRecords = ReportSummary()
    var fromLines = ReportSummary()
    for result in [listed, clued] {
      fromRecords.add(ReportEntry(.file(result)))
      let entry = try #require(
        ReportEntry(json: try JSONValue.parse(ReportRenderer.jsonObject(result))))
      fromLines.add(entry)
    }
    for summary in [fromRecords, fromLines] {
      #expect(summary.filesWithLicenseLists == 1)
      #expect(summary.filesWithClues == 1)
      #expect(summary.filesWithLicenses == 0)
    }
    let context = ReportContext(roots: ["."], created: "2026-12-02T00:00:00Z")
    let page = HTMLReportPage(summary: fromLines, context: context).render()
    #expect(page.contains(#"id="total-with-license-lists" data-value="1""#))
    #expect(page.contains(#"id="total-with-clues" data-value="1""#))
  }
}
