import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseReport
import LicenseScan
import LicenseVerdict
import Testing

/// Verdicts from the whole pipeline on real reference texts: the reference data as evidence,
/// near-copies that change the meaning, and license-ness decided by content.
@Suite("Evidence behind verdicts")
struct EvidenceScanTests {
  static let open: Set<VerdictClass> = [.osiApprovedOpenSource, .openButNotOSIApproved]

  @Test(arguments: [
    "cc-by-nc-2.0", "cc-by-nc-nd-2.0", "bsl-1.1", "hippocratic-1.0", "gitlab-ee", "cpol-1.02",
    "google-patent-license", "java-research-1.6",
  ])
  func licenseDBNonFreeTextsAreNeverCalledFree(key: String) throws {
    let result = ClauseSupport.scan(try Support.licenseText(key))
    let verdict = try #require(result.verdict)
    #expect(!Self.open.contains(verdict.verdictClass), "\(key): \(verdict.summary)")
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status != .granted }, "\(key)")
    if result.clauses.allSatisfy({ $0.severity != .blocks }) {
      // Our clause scan found nothing blocking: the reference decides, and we say so.
      #expect(verdict.disagreements.contains { $0.key == key && $0.reference == .nonFree })
    }
  }

  /// MIT with its grant narrowed to research use: 0.99 of MIT, but not MIT's meaning.
  static var researchOnlyMIT: String {
    get throws {
      let text = try Support.licenseText("mit")
      let narrowed = text.replacingOccurrences(
        of: "without restriction", with: "for non-commercial research purposes only")
      precondition(narrowed != text)
      return narrowed
    }
  }

  @Test func aNearCopyThatAddsARestrictionDiffersFromItsReference() throws {
    for analysis in [ClauseSupport.analysis, ClauseOutputTests.profiled] {
      let result = ClauseSupport.scan(try Self.researchOnlyMIT, analysis: analysis)
      #expect(result.identification.licenses.first?.license.spdx == "MIT")
      let verdict = try #require(result.verdict)
      #expect(verdict.verdictClass == .nonCommercial)
      let difference = try #require(verdict.differences.first?.difference)
      #expect(difference.key == "mit")
      #expect(difference.added.map(\.id) == [ClauseIDs.nonCommercial])
      // MIT's category is not used as evidence for anything.
      #expect(
        Freedom.allCases.allSatisfy { freedom in
          verdict.freedoms[freedom].evidence.allSatisfy { $0.source != .reference }
        })
      let json = ReportRenderer.jsonObject(result)
      #expect(json.contains(#""differs_from":[{"key":"mit","spdx":"MIT""#))
      #expect(!json.contains("reference:mit"))
    }
  }

  /// A research-only variant of a commercial model license: the reference it matches is
  /// reported, and so is the restriction it adds.
  @Test func aResearchOnlyVariantOfAModelLicenseSaysWhatItAdds() throws {
    let key = "llama-2-license-2023"
    let text = try Support.licenseText(key)
    let variant = text.replacingOccurrences(
      of: "Materials to use, reproduce,",
      with: "Materials, solely for non-commercial research purposes, to use, reproduce,")
    try #require(variant != text)
    var analysis = ClauseSupport.analysis
    let profile = CleanLicenseProfile.compute(
      licenses: [(key: key, text: text)], analysis: analysis, corpusStamp: "test")
    analysis.use(profile)
    let result = ClauseSupport.scan(variant, analysis: analysis)
    #expect(result.identification.licenses.contains { $0.license.key == key })
    let verdict = try #require(result.verdict)
    #expect(verdict.verdictClass == .nonCommercial)
    let difference = try #require(verdict.differences.first?.difference)
    #expect(difference.key == key)
    #expect(difference.added.map(\.id).contains(ClauseIDs.nonCommercial))
    // The verbatim reference has no non-commercial clause.
    #expect(!(profile.restricted[key] ?? []).contains(ClauseIDs.nonCommercial))
  }

  @Test func aNearCopyThatLacksTheReferenceRestrictionIsNotJudgedByIt() throws {
    var analysis = ClauseSupport.analysis
    analysis.referenceClauses = ["example-nc": [ClauseIDs.nonCommercial]]
    let license = LicenseInfo(
      key: "example-nc", spdx: "LicenseRef-example-nc", name: "Example NC",
      category: "Source-available", isOSIApproved: false, isException: false)
    let near = LicenseMatch(
      license: license, startLine: 1, endLine: 20, coverage: 0.93, score: 0.9, kind: .ngram,
      rule: "example-nc", unmatchedTokens: 4)
    let differences = analysis.differences(
      IdentificationResult(licenses: [near], expression: license.spdx), scan: .empty)
    #expect(differences.map(\.removed) == [[ClauseIDs.nonCommercial]])
    // A verbatim copy (full coverage, nothing inserted) is its reference.
    var verbatim = near
    verbatim.coverage = 1
    verbatim.unmatchedTokens = 0
    #expect(
      analysis.differences(
        IdentificationResult(licenses: [verbatim], expression: license.spdx), scan: .empty
      ).isEmpty)
  }

  /// Terms of our own that no reference resembles, with a grant and a restriction.
  static let ownTerms = """
    Harbour Tide Tables Terms, version 2

    These terms are an agreement between Harbour Club ("Licensor") and you ("Licensee").
    The Licensor grants the Licensee a non-exclusive, royalty-free license to use the tables for
    any purpose and to modify them. You may not redistribute the tables or any derivative work
    of them. The Licensor gives no warranty and accepts no liability. This license terminates
    when you break these terms.
    """

  @Test(arguments: ["LICENSE", "model-license.txt", "MODEL_LICENSE", "Terms.md", "notes-v2.txt"])
  func termsAreJudgedWhateverTheirName(name: String) throws {
    let result = ClauseSupport.scan(Self.ownTerms, name: name)
    let verdict = try #require(result.verdict, "\(name) got no verdict")
    #expect(result.clauses.map(\.id).contains("share.no-redistribution"))
    #expect(verdict.verdictClass == .restrictedOpenWeights)
    #expect(verdict.freedoms.use.status == .granted)
    #expect(result.identification.expression == LicenseInfo.unknown.spdx)
  }

  @Test func aModelCardsLicenseSectionIsJudged() throws {
    let card = """
      ---
      pipeline_tag: text-generation
      ---
      # Tide model

      ## Usage

      Load the weights and call `forecast()`; see the examples folder.

      ```
      # License of the example data: none needed
      ```

      ## License

      You may use, copy and modify the weights for non-commercial research purposes only.

      ## Citation

      Cite the harbour report of 2024.
      """
    let result = ClauseSupport.scan(card, name: "README.md")
    let verdict = try #require(result.verdict)
    #expect(verdict.verdictClass == .nonCommercial)
    #expect(result.clauses.map(\.startLine) == [16])
    let bytes = Array(card.utf8)
    #expect(ClauseAnalysis.licenseSections(bytes) == [14...17])
    // A section that only points elsewhere, or none at all, gives no verdict.
    let pointer = "# Tool\n\n## License\n\nSee the LICENSE file.\n\n## Usage\n\nRun it.\n"
    #expect(ClauseSupport.scan(pointer, name: "README.md").verdict == nil)
    #expect(ClauseAnalysis.licenseSections(Array("# Tool\n\n## Usage\nRun it.\n".utf8)).isEmpty)
  }

  @Test func jsonNamesEachFreedomsEvidenceAndDetailsItOnce() throws {
    let result = ClauseSupport.scan(try Support.licenseText("mit"))
    let json = try ClauseSupport.json(.file(result))
    let verdict = try #require(json["verdict"] as? [String: Any])
    let freedoms = try #require(verdict["freedoms"] as? [String: [String: Any]])
    for freedom in ["use", "study", "modify", "share"] {
      #expect(freedoms[freedom]?["evidence"] as? [String] == ["reference:mit"])
    }
    let evidence = try #require(verdict["evidence"] as? [[String: Any]])
    #expect(evidence.count == 1)
    #expect(evidence.first?["ref"] as? String == "reference:mit")
    #expect(
      (evidence.first?["text"] as? String)?.hasPrefix("MIT (Permissive, OSI-approved)") == true)
  }

  @Test func proseAboutLicensesIsNotReadAsTerms() {
    let prose = """
      Meeting notes. We talked about which license to pick for the tide tables; Ana prefers a
      permissive one and will ask the lawyers about warranty wording next week.
      """
    let bytes = Array(prose.utf8)
    #expect(!bytes.withUnsafeBufferPointer { ClauseAnalysis.readsAsLicense($0) })
    #expect(ClauseSupport.scan(prose, name: "notes.txt").verdict == nil)
  }

  /// The LicenseDB's nvidia-gov (filed Permissive) with its one grant sentence replaced by a
  /// statement that the code is proprietary and confidential, as NVIDIA's `nvperf_*.h`
  /// headers have it: 0.9 of the reference, none of its grant.
  static var proprietaryGovernmentNotice: String {
    get throws {
      let text = try Support.licenseText("nvidia-gov")
      let grant = try #require(text.range(of: "Users and possessors"))
      let end = try #require(
        text.range(of: "commercial software.", range: grant.upperBound..<text.endIndex))
      return text.replacingCharacters(
        in: grant.lowerBound..<end.upperBound,
        with: """
          This code and the information in it are PROPRIETARY and CONFIDENTIAL to the
          vendor and are provided under a form of the vendor's license agreement.
          """)
    }
  }

  @Test func aReferenceWhoseGrantIsReplacedByAProprietaryStatementIsNotFree() throws {
    let header = try Self.proprietaryGovernmentNotice.split(
      separator: "\n", omittingEmptySubsequences: false
    )
    .map { " * " + $0 }.joined(separator: "\n")
    let source = "/*\n\(header)\n */\n#include <stddef.h>\nint counter_value(void);\n"
    let result = ClauseSupport.scan(source, name: "perf_counters.h")
    #expect(result.identification.licenses.map(\.license.key).contains("nvidia-gov"))
    let verdict = try #require(result.verdict)
    #expect(!Self.open.contains(verdict.verdictClass), "\(verdict.summary)")
    #expect(result.clauses.map(\.id).contains("share.no-redistribution"))
    #expect(verdict.freedoms.share.status == .broken)
  }

  /// An unknown header that states its terms without addressing the reader: every use or
  /// distribution of "this software" without a separate agreement is prohibited.
  @Test func anImpersonalProhibitionInASourceHeaderIsATerm() throws {
    let source = """
      //
      // Copyright (c) 2021-2024, Quillon Devices Ltd. All rights reserved.
      //
      // Quillon Devices Ltd and its suppliers keep every intellectual property and
      // proprietary right in and to this software, its documentation and any changes
      // made to them. Any use, copying, disclosure or distribution of this software and
      // its documentation without an express license agreement from Quillon Devices Ltd
      // is strictly prohibited.
      //

      #ifndef QUILLON_TIMER_H
      #define QUILLON_TIMER_H
      int quillon_timer_start(int channel);
      #endif
      """
    let result = ClauseSupport.scan(source, name: "quillon_timer.h")
    let verdict = try #require(result.verdict, "no verdict")
    #expect(result.clauses.map(\.id) == ["share.no-redistribution"])
    #expect(verdict.verdictClass == .proprietaryOrUnknown)
  }

  /// A model card's sentence that puts the weights under a NonCommercial Creative Commons
  /// text is judged by that text's own clauses (the reference profile).
  @Test func weightsNamedUnderANonCommercialTextAreNonCommercial() throws {
    let card = """
      # Tide-level forecaster

      The code in this folder is released under the MIT License. The checkpoints are licensed
      under CC-BY-NC 4.0.
      """
    var analysis = ClauseSupport.analysis
    analysis.use(
      CleanLicenseProfile.compute(
        licenses: try ["mit", "cc-by-nc-4.0"].map { (key: $0, text: try Support.licenseText($0)) },
        analysis: ClauseSupport.analysis, corpusStamp: "test"))
    let result = ClauseSupport.scan(card, name: "README.md", analysis: analysis)
    #expect(result.identification.licenses.map(\.license.spdx).contains("CC-BY-NC-4.0"))
    let verdict = try #require(result.verdict)
    #expect(verdict.verdictClass == .nonCommercial, "\(verdict.summary)")
    #expect(verdict.summary.contains("states use.non-commercial"))
  }

  /// A Llama model's source file names its license in one sentence of its header.
  @Test func aLlamaLicenseNoticeInASourceHeaderNamesTheFamily() throws {
    let source = """
      # Copyright (c) Example Labs.
      # This code may be used and distributed in accordance with the terms of the Llama 3.1
      # Community License Agreement.

      def rotary_embedding(positions, dimension):
          return [position / dimension for position in positions]
      """
    let result = ClauseSupport.scan(source, name: "rotary.py")
    #expect(result.fingerprints.map(\.id) == ["LicenseRef-licenselens-llama-3.1"])
    #expect(result.identification.expression == "LicenseRef-licenselens-llama-3.1")
    let verdict = try #require(result.verdict)
    #expect(verdict.verdictClass == .proprietaryOrUnknown)
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status != .granted })
    // Naming the license in a sentence about something else is no notice.
    let mention = ClauseSupport.scan(
      "# Unlike the Llama 3.1 Community License, this helper is yours to reuse.\nx = 1\n",
      name: "helper.py")
    #expect(mention.fingerprints.isEmpty)
    #expect(mention.verdict == nil)
  }
}

/// The shared model licenses saved under other names give the clauses and verdict they give
/// as LICENSE.
@Suite(
  "Model licenses under any name",
  .enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
struct RenamedModelLicenseTests {
  static let licenses: [String] = {
    guard
      let table = try? String(
        contentsOf: ClauseSupport.modelLicenses.appendingPathComponent("labels.tsv"),
        encoding: .utf8)
    else { return [] }
    return table.split(separator: "\n").dropFirst().compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      return fields.count > 1 && fields[1] == "license" ? String(fields[0]) : nil
    }
  }()

  static let names = [
    "model-license.txt", "LICENSE_MODELS", "MODEL_LICENSE", "Terms.md", "weights-terms-v1.txt",
  ]

  @Test(arguments: licenses)
  func sameClausesAndVerdictUnderEveryName(file: String) throws {
    let text = try String(
      contentsOf: ClauseSupport.modelLicenses.appendingPathComponent(file), encoding: .utf8)
    let reference = ClauseSupport.scan(text, name: "LICENSE")
    let expected = try #require(reference.verdict)
    for name in Self.names {
      let renamed = ClauseSupport.scan(text, name: name)
      let verdict = try #require(renamed.verdict, "\(file) as \(name): no verdict")
      #expect(verdict.verdictClass == expected.verdictClass, "\(file) as \(name)")
      for freedom in Freedom.allCases {
        #expect(
          verdict.freedoms[freedom].status == expected.freedoms[freedom].status,
          "\(file) as \(name): \(freedom)")
        #expect(
          verdict.freedoms[freedom].because == expected.freedoms[freedom].because,
          "\(file) as \(name): \(freedom)")
      }
      #expect(
        Set(renamed.clauses.map(\.id)) == Set(reference.clauses.map(\.id)), "\(file) as \(name)")
    }
  }
}
