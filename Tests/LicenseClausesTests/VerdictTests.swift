import Foundation
import LicenseClauses
import LicenseVerdict
import Testing

@Suite struct VerdictTests {
  static func evidence(
    _ text: String, path: String = "LICENSE", kind: DocumentKind = .license,
    licenses: [LicenseFact] = []
  ) -> DocumentEvidence {
    let prepared = ClauseText(text)
    return DocumentEvidence(
      path: path, kind: kind, licenses: licenses, scan: Fixtures.scanner.scan(prepared),
      families: Fixtures.families.detect(in: prepared))
  }

  @Test func classesFromOwnWords() {
    let grant =
      "The author hereby grants you a worldwide license to use the work for any purpose, and "
      + "to copy, modify and share it."
    #expect(
      VerdictEngine.verdict(for: Self.evidence(grant)).verdictClass == .openButNotOSIApproved)
    // A grant that leaves freedoms out is not evidence for them: no open class.
    let narrow = VerdictEngine.verdict(
      for: Self.evidence("The author hereby grants you a license to copy and share the work."))
    #expect(narrow.verdictClass == .proprietaryOrUnknown)
    #expect(narrow.freedoms.share.status == .granted)
    #expect(narrow.freedoms.use.status == .unknown)
    #expect(narrow.freedoms.modify.status == .unknown)
    #expect(
      VerdictEngine.verdict(
        for: Self.evidence(grant, licenses: [LicenseFact(spdx: "MIT", isOSIApproved: true)])
      ).verdictClass == .osiApprovedOpenSource)
    #expect(
      VerdictEngine.verdict(for: Self.evidence(grant + " Commercial use is prohibited."))
        .verdictClass == .nonCommercial)
    #expect(
      VerdictEngine.verdict(
        for: Self.evidence(grant + " You may not distribute copies of the model to anyone.")
      ).verdictClass == .restrictedOpenWeights)
    #expect(
      VerdictEngine.verdict(for: Self.evidence("All rights reserved. Do not copy.")).verdictClass
        == .proprietaryOrUnknown)
    #expect(
      VerdictEngine.verdict(for: Self.evidence("You may not distribute copies of the model."))
        .verdictClass == .proprietaryOrUnknown)
  }

  @Test func freedomsFollowSeverity() {
    let verdict = VerdictEngine.verdict(
      for: Self.evidence(
        "We hereby grant you a license to the weights. You shall not reverse engineer the weights. "
          + "We grant you a revocable license to run them."))
    #expect(
      verdict.freedoms.study
        == FreedomAssessment(status: .broken, because: ["study.no-reverse-engineering"]))
    #expect(verdict.freedoms.use.status == .atRisk)
    #expect(verdict.freedoms.use.because == ["use.revocable-grant"])
    // "A license to the weights" names no freedom: nothing grants Modify.
    #expect(verdict.freedoms.modify.status == .unknown)
    #expect(verdict.verdictClass != .openButNotOSIApproved)
  }

  @Test func encodesTheContractShape() throws {
    let verdict = VerdictEngine.verdict(
      for: Self.evidence("We hereby grant you a license. Commercial use is prohibited."))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(verdict), as: UTF8.self)
    #expect(json.hasPrefix("{\"class\":\"non-commercial\",\"freedoms\":{\"modify\":{\"because\":["))
    #expect(
      json.contains(
        "\"use\":{\"because\":[\"use.non-commercial\"],\"evidence\":[],\"status\":\"broken\"}"))
    #expect(json.contains("\"summary\":"))
    let hit = try #require(verdict.explanations[.use]?.first?.hit)
    let hitJSON = String(decoding: try encoder.encode(hit), as: UTF8.self)
    #expect(
      hitJSON
        == "{\"end_line\":1,\"explanation\":\"\(hit.explanation)\",\"freedoms\":[\"use\",\"modify\",\"share\"],"
        + "\"id\":\"use.non-commercial\",\"severity\":\"blocks\",\"start_line\":1,"
        + "\"text\":\"Commercial use is prohibited.\"}")
    let decoded = try JSONDecoder().decode(Verdict.self, from: try encoder.encode(verdict))
    #expect(decoded.verdictClass == verdict.verdictClass)
    #expect(decoded.freedoms == verdict.freedoms)
  }

  @Test func inferDocumentKind() {
    #expect(DocumentKind.infer(fileName: "models/x/USE_POLICY.md") == .policy)
    #expect(DocumentKind.infer(fileName: "ACCEPTABLE_USE_POLICY.txt") == .policy)
    #expect(DocumentKind.infer(fileName: "NOTICE") == .notice)
    #expect(DocumentKind.infer(fileName: "LICENSE.md") == .license)
    #expect(DocumentKind.infer(fileName: "README.md") == .other)
  }

  /// A name makes a document terms, never code, and a policy by name is a use policy: C++
  /// `*_policy.h` headers, an `SSAUpdater`, `terms.py`, `LicenseScan.swift` and documents about
  /// other policies were judged as use policies or licenses and lost their license's verdict.
  @Test func aWordInsideANameMakesADocumentTermsNotCode() {
    for name in [
      "POLICY", "use-policy.md", "AcceptableUsePolicy.md", "Gemma_Prohibited_Use_Policy.md",
      "llama3-aup.txt", "AUP", "responsible-use-policy.html", "usage_policy.rst",
    ] {
      #expect(DocumentKind.infer(fileName: "m/" + name) == .policy, "\(name)")
    }
    for name in [
      "Terms.md", "MODEL_TERMS", "EULA.txt", "model-license.txt", "LICENSE.GPL", "COPYING.LIB",
      "LICENSE-MIT", "LICENCE", "Settlement-Terms.md", "getting-started-license.md",
      "listed-licenses.txt", "LIST.LICENSE.txt",
    ] {
      #expect(DocumentKind.infer(fileName: name) == .license, "\(name)")
    }
    for name in [
      "bits/hashtable_policy.h", "email/policy.py", "CodeGen/MachineSSAUpdater.h",
      "MachineSSAUpdater.md", "terms.py", "eula.c", "license_checker.go", "LICENSE.py",
      "Sources/LicenseScan/LicenseScan.swift", "CopyingHelper.java",
      "vendoring-policy.rst", "put-bucket-policy.rst", "privacy-policy.md", "house-policy.md",
      // Examples of API operations, named by a verb first.
      "examples/license-manager/create-license-configuration.rst", "list-licenses.rst",
      "get_terms.md", "getLicense.md",
    ] {
      #expect(DocumentKind.infer(fileName: name) == .other, "\(name)")
    }
    // Build and tool files without an extension are code, not documents.
    for name in ["Dangerfile", "ci/Makefile", "Dockerfile", "BUILD", "CMakeLists.txt"] {
      #expect(!DocumentKind.isDocument(fileName: name), "\(name)")
    }
    for name in ["NOTES", "AUTHORS", "docs/usage.md", "README.rst"] {
      #expect(DocumentKind.isDocument(fileName: name), "\(name)")
    }
  }
}

/// Model-level verdicts over the real Llama texts: the policy's clauses count for the license,
/// and an incorporated policy that is absent is never silently ignored.
@Suite(.enabled(if: Fixtures.hasModelLicenses, "../shared/model-licenses is absent"))
struct ModelVerdictTests {
  static func evidence(_ file: String, as path: String) throws -> DocumentEvidence {
    let source = try #require(Fixtures.modelLicense(file))
    let text = ClauseText(source)
    let families = Fixtures.families.detect(in: text)
    return DocumentEvidence(
      path: path, kind: DocumentKind.infer(fileName: path, families: families),
      scan: Fixtures.scanner.scan(text), families: families)
  }

  @Test func licenseAloneFlagsTheMissingPolicy() throws {
    let license = try Self.evidence("llama3.1-license.txt", as: "LICENSE")
    let verdict = VerdictEngine.verdict(for: license)
    #expect(verdict.verdictClass == .restrictedOpenWeights)
    #expect(
      verdict.unanalysedPolicies.map(\.reference) == ["https://llama.meta.com/llama3_1/use-policy"])
    #expect(
      verdict.freedoms.study
        == FreedomAssessment(status: .atRisk, because: ["use.aup-prohibited-uses"]))
    #expect(verdict.summary.contains("https://llama.meta.com/llama3_1/use-policy"))
    let explain = ExplainRenderer.render(verdict)
    #expect(explain.hasPrefix("Verdict: restricted-open-weights\n"))
    #expect(explain.contains("use.mau-threshold  LICENSE:32"))
    #expect(explain.contains("policy not analysed  LICENSE:30"))
  }

  @Test func policyBesideTheLicenseCountsForIt() throws {
    let license = try Self.evidence("llama3.1-license.txt", as: "LICENSE")
    let policy = try Self.evidence("llama3.2-aup.txt", as: "USE_POLICY.md")
    #expect(policy.kind == .policy)
    let verdict = VerdictEngine.verdict(forModel: [license, policy])
    #expect(verdict.verdictClass == .restrictedOpenWeights)
    #expect(verdict.unanalysedPolicies.isEmpty)
    #expect(verdict.freedoms.study.status == .broken)
    #expect(verdict.freedoms.study.because.contains("modify.no-guardrail-circumvention"))
    #expect(verdict.freedoms.use.because.contains("use.geo-restriction"))
    let explain = ExplainRenderer.render(verdict)
    #expect(explain.contains("USE_POLICY.md:43"))
  }

  @Test func benignBaselineIsOpen() throws {
    var apache = try Self.evidence("apache-2.0.txt", as: "LICENSE")
    apache.licenses = [LicenseFact(spdx: "Apache-2.0", isOSIApproved: true, category: "Permissive")]
    let verdict = VerdictEngine.verdict(for: apache)
    #expect(verdict.verdictClass == .osiApprovedOpenSource)
    #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status == .granted })
  }
}
