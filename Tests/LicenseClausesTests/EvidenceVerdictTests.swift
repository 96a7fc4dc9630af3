import LicenseClauses
import LicenseVerdict
import Testing

/// The verdict as a pure function of hand-made evidence: reference standing, coverage,
/// grants, differences and disagreements, without files or a matcher.
@Suite struct EvidenceVerdictTests {
  static func document(
    _ text: String = "", licenses: [LicenseFact] = [], differences: [ReferenceDifference] = []
  ) -> DocumentEvidence {
    DocumentEvidence(
      path: "LICENSE", kind: .license, licenses: licenses,
      scan: text.isEmpty ? .empty : Fixtures.scanner.scan(text), differences: differences)
  }

  static let apache = LicenseFact(
    spdx: "Apache-2.0", key: "apache-2.0", isOSIApproved: true, category: "Permissive",
    coverage: 0.97, startLine: 1, endLine: 200)
  static let nonCommercialCC = LicenseFact(
    spdx: "CC-BY-NC-2.0", key: "cc-by-nc-2.0", isOSIApproved: false,
    category: "Source-available", coverage: 1, startLine: 1, endLine: 90)

  @Test func aFreeReferenceIdentifiedWellGrantsEveryFreedomWithItsName() throws {
    let verdict = VerdictEngine.verdict(for: Self.document(licenses: [Self.apache]))
    #expect(verdict.verdictClass == .osiApprovedOpenSource)
    for freedom in Freedom.allCases {
      #expect(verdict.freedoms[freedom].status == .granted)
      let evidence = try #require(verdict.freedoms[freedom].evidence.first)
      #expect(evidence.source == .reference && evidence.id == "apache-2.0")
      #expect(evidence.text.contains("Permissive, OSI-approved"))
    }
  }

  @Test func anFSFLibreFlagIsEvidenceLikeTheOSIFlag() {
    let unstated = LicenseFact(
      spdx: "LicenseRef-example", key: "example", isOSIApproved: false, category: "Unstated License"
    )
    var libre = unstated
    libre.isFSFLibre = true
    #expect(unstated.standing == .unknown)
    #expect(libre.standing == .free)
    let verdict = VerdictEngine.verdict(for: Self.document(licenses: [libre]))
    #expect(verdict.verdictClass == .openButNotOSIApproved)
    #expect(verdict.freedoms.share.evidence.first?.text.contains("FSF-libre") == true)
    // A non-free category outranks the flag.
    var restricted = libre
    restricted.category = "Free Restricted"
    #expect(restricted.standing == .nonFree)
  }

  @Test func aWeakMatchIsNoEvidence() {
    var weak = Self.apache
    weak.coverage = 0.6
    let verdict = VerdictEngine.verdict(for: Self.document(licenses: [weak]))
    #expect(verdict.verdictClass == .proprietaryOrUnknown)
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status == .unknown })
  }

  @Test func noBlockingClauseIsNotEvidenceOfAGrant() {
    // Terms with neither a restriction nor a grant: nothing is granted.
    let verdict = VerdictEngine.verdict(
      for: Self.document("This agreement is between the vendor and you. It starts today."))
    #expect(verdict.verdictClass == .proprietaryOrUnknown)
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status == .unknown })
  }

  @Test func aNonFreeCategoryIsNeverOpenAndDisagreementIsSaid() {
    let verdict = VerdictEngine.verdict(
      for: Self.document(
        "Permission is hereby granted to deal in the work without restriction.",
        licenses: [Self.nonCommercialCC]))
    #expect(verdict.verdictClass == .proprietaryOrUnknown)
    for freedom in Freedom.allCases {
      #expect(verdict.freedoms[freedom].status == .atRisk)
      #expect(verdict.freedoms[freedom].because == ["reference:cc-by-nc-2.0"])
      #expect(verdict.freedoms[freedom].evidence.isEmpty)
    }
    #expect(verdict.disagreements.map(\.key) == ["cc-by-nc-2.0"])
    #expect(verdict.disagreements.first?.reference == .nonFree)
    #expect(verdict.summary.contains("Source-available"))
    #expect(
      ExplainRenderer.render(verdict).contains(
        "[reference] cc-by-nc-2.0 (CC-BY-NC-2.0, lines 1-90) is filed by the LicenseDB as "
          + "Source-available"))
  }

  /// A notice that names a non-free license whose own text bars commercial use takes that
  /// restriction's class; a weak match of it does not, nor does a license the profile has
  /// nothing on.
  @Test func aReferenceWhoseTextBarsCommercialUseIsNonCommercial() {
    var named = Self.nonCommercialCC
    named.referenceRestrictions = [ClauseIDs.nonCommercial, "share.license-must-accompany"]
    let verdict = VerdictEngine.verdict(
      for: Self.document("The weights are covered by the named terms.", licenses: [named]))
    #expect(verdict.verdictClass == .nonCommercial)
    #expect(
      verdict.summary.contains("The LicenseDB text of cc-by-nc-2.0 states use.non-commercial."))
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status != .granted })
    var weak = named
    weak.coverage = 0.86
    #expect(
      VerdictEngine.verdict(for: Self.document("Some words.", licenses: [weak])).verdictClass
        == .proprietaryOrUnknown)
    #expect(
      VerdictEngine.verdict(for: Self.document("Some words.", licenses: [Self.nonCommercialCC]))
        .verdictClass == .proprietaryOrUnknown)
  }

  /// A README or package description that asks contributors to sign a contributor agreement
  /// says nothing of the users' freedoms, which its other license states; a contributor
  /// agreement on its own stays non-free.
  @Test func aContributorAgreementBesideALicenseIsNotJudged() throws {
    let agreement = LicenseFact(
      spdx: "LicenseRef-scancode-generic-cla", key: "generic-cla", isOSIApproved: false,
      category: "CLA", coverage: 1, startLine: 40, endLine: 41)
    let mit = LicenseFact(
      spdx: "MIT", key: "mit", isOSIApproved: true, category: "Permissive", coverage: 1,
      startLine: 6, endLine: 6)
    let beside = Self.document(licenses: [mit, agreement])
    #expect(beside.contributorAgreementsBesideTerms.map(\.key) == ["generic-cla"])
    let verdict = VerdictEngine.verdict(for: beside)
    #expect(verdict.verdictClass == .osiApprovedOpenSource)
    #expect(verdict.disagreements.isEmpty && verdict.nonFreeReferences.isEmpty)
    #expect(verdict.summary.contains("generic-cla is a contributor agreement"))
    let evidence = try #require(verdict.freedoms[.share].evidence.first)
    #expect(evidence.id == "mit")

    let alone = VerdictEngine.verdict(for: Self.document(licenses: [agreement]))
    #expect(alone.verdictClass == .proprietaryOrUnknown)
    #expect(alone.freedoms[.use].because == ["reference:generic-cla"])
    #expect(alone.disagreements.map(\.key) == ["generic-cla"])
    #expect(!alone.summary.contains("contributor agreement"))

    // Beside a source-available license, the agreement goes and the other license decides.
    let restricted = VerdictEngine.verdict(
      for: Self.document(licenses: [Self.nonCommercialCC, agreement]))
    #expect(restricted.nonFreeReferences.map(\.key) == ["cc-by-nc-2.0"])
    #expect(restricted.verdictClass == .proprietaryOrUnknown)
  }

  @Test func aBlockingClauseInsideAFreeReferenceIsADisagreement() {
    let mit = LicenseFact(
      spdx: "MIT", key: "mit", isOSIApproved: true, category: "Permissive", coverage: 0.95,
      startLine: 1, endLine: 5)
    let verdict = VerdictEngine.verdict(
      for: Self.document(
        "Permission is granted to use this.\nCommercial use is prohibited.", licenses: [mit]))
    #expect(verdict.verdictClass == .nonCommercial)
    #expect(verdict.disagreements.first?.reference == .free)
    #expect(verdict.disagreements.first?.finding.contains("use.non-commercial") == true)
  }

  @Test func aReferenceTheTextDiffersFromIsNotUsed() {
    // The document lacks the reference's non-commercial term: its category no longer decides.
    let removed = ReferenceDifference(
      key: "cc-by-nc-2.0", spdx: "CC-BY-NC-2.0", coverage: 0.93, added: [],
      removed: ["use.non-commercial"])
    let verdict = VerdictEngine.verdict(
      for: Self.document(licenses: [Self.nonCommercialCC], differences: [removed]))
    #expect(verdict.disagreements.isEmpty)
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status == .unknown })
    #expect(verdict.differences.map(\.difference.key) == ["cc-by-nc-2.0"])
    let text = ExplainRenderer.render(verdict)
    #expect(text.contains("Differs from CC-BY-NC-2.0 [cc-by-nc-2.0]"))
    #expect(text.contains("lacks use.non-commercial"))
  }

  @Test func grantSentencesAreEvidenceOnlyForTheFreedomsTheyName() throws {
    let verdict = VerdictEngine.verdict(
      for: Self.document(
        "You may use the program for any purpose. The author grants you the right to modify it."
      ))
    #expect(verdict.freedoms.use.status == .granted)
    #expect(verdict.freedoms.modify.status == .granted)
    // Modifying means studying: implied, and said so.
    #expect(verdict.freedoms.study.status == .granted)
    #expect(verdict.freedoms.study.evidence.first?.source == .implied)
    #expect(verdict.freedoms.share.status == .unknown)
    #expect(verdict.verdictClass == .proprietaryOrUnknown)
    let text = ExplainRenderer.render(verdict)
    #expect(text.contains("[granted] grant.use  LICENSE:1"))
    #expect(text.contains("Share: unknown\n  no grant of this freedom was found"))
  }

  @Test func narrowedGrantsAreNoEvidence() {
    for sentence in [
      "You may use the model for any purpose, for non-commercial research purposes only.",
      "We grant you a limited license to use the program for any purpose.",
      "We grant you a revocable, non-transferable right to modify the code.",
      "You may not modify, adapt or distribute the software.",
    ] {
      let verdict = VerdictEngine.verdict(for: Self.document(sentence))
      #expect(
        Freedom.allCases.allSatisfy { verdict.freedoms[$0].status != .granted }, "\(sentence)")
    }
  }
}
