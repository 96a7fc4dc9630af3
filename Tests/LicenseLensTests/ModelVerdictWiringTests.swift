import Foundation
import LicenseReport
import LicenseScan
import LicenseVerdict
import Testing

@Suite("Model-level verdicts in scan output")
struct ModelVerdictWiringTests {
  @Test func exampleModelFolderGetsOneModelObjectAfterItsFiles() throws {
    let folder = Support.root.appendingPathComponent("examples/model").path
    let records = ClauseSupport.records([Support.root.appendingPathComponent("examples").path])
    let models = ClauseSupport.models(records)
    // The terms folder, and the fine-tune in Hugging Face layout beside it.
    let fineTune = Support.root.appendingPathComponent("examples/hf-model").path
    #expect(models.map(\.folder).sorted() == [fineTune, folder])
    let model = try #require(models.first { $0.folder == folder })
    #expect(model.governingPaths == [folder + "/LICENSE.md", folder + "/USE_POLICY.md"])
    #expect(model.verdict.verdictClass == .restrictedOpenWeights)
    #expect(model.verdict.freedoms.use.status == .broken)
    #expect(model.verdict.freedoms.modify.status == .broken)
    #expect(model.verdict.freedoms.share.status == .broken)
    #expect(model.verdict.freedoms.study.status == .granted)
    #expect(model.verdict.freedoms.use.because.contains("modify.no-improving-other-models"))
    #expect(model.verdict.freedoms.use.because.contains("use.field-of-use-ban"))
    // The model object follows every file of its folder.
    let position = try #require(
      records.firstIndex {
        if case .model(let found) = $0 { return found == model } else { return false }
      })
    let last = try #require(
      records.lastIndex { record in
        if case .file(let file) = record { return file.path.hasPrefix(folder + "/") }
        return false
      })
    #expect(position > last)

    let json = try ClauseSupport.json(.model(model))
    #expect(json["kind"] as? String == "model")
    #expect(json["path"] as? String == folder)
    #expect((json["paths"] as? [String])?.count == 2)
    let verdict = try #require(json["verdict"] as? [String: Any])
    #expect(verdict["class"] as? String == "restricted-open-weights")
    let clauses = try #require(json["clauses"] as? [[String: Any]])
    #expect(clauses.contains { ($0["path"] as? String)?.hasSuffix("USE_POLICY.md") == true })
    #expect(
      ReportRenderer.jsonObject(.model(model)).hasPrefix(
        #"{"kind":"model","path":""# + folder + #"","id":null,"paths":["#))
    // Terms only, no card and no weights: the definitions say what is missing.
    let definitions = try #require(json["definitions"] as? [String: Any])
    #expect((definitions["osaid"] as? [String: Any])?["outcome"] as? String == "fail-terms")
    #expect((definitions["open-weight"] as? [String: Any])?["outcome"] as? String == "fail")
  }

  @Test func folderWithoutPolicyGetsNoModelObject() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(try Support.licenseText("apache-2.0").utf8).write(
      to: folder.appendingPathComponent("LICENSE"))
    try Data("Notes about the build.\n".utf8).write(to: folder.appendingPathComponent("README"))
    let records = ClauseSupport.records([folder.path])
    #expect(ClauseSupport.models(records).isEmpty)
    #expect(ClauseSupport.files(records).count == 2)
  }
}

/// The real Llama 3.1 texts, copied from `../shared/model-licenses` into a temporary folder at
/// test time.
@Suite(
  "Llama 3.1 license and policy",
  .enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
struct LlamaWiringTests {
  static let policyURL = "https://llama.meta.com/llama3_1/use-policy"

  @Test func licenseAloneIsAtRiskWithThePolicyURL() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try ClauseSupport.copyShared([("llama3.1-license.txt", "LICENSE")], into: folder)
    let records = ClauseSupport.records([folder.path])
    #expect(ClauseSupport.models(records).isEmpty)
    let file = try #require(ClauseSupport.files(records).first)
    let verdict = try #require(file.verdict)
    #expect(verdict.verdictClass == .restrictedOpenWeights)
    #expect(verdict.unanalysedPolicies.map(\.reference) == [Self.policyURL])
    // Study: the unanalysed policy and the LicenseDB's non-free category put it at risk.
    #expect(verdict.freedoms.study.status == .atRisk)
    #expect(
      verdict.freedoms.study.because == [
        "use.aup-prohibited-uses", "reference:llama-3.1-license-2024",
      ])
    let json = try ClauseSupport.json(.file(file))
    let encoded = try #require(json["verdict"] as? [String: Any])
    #expect((encoded["summary"] as? String)?.contains(Self.policyURL) == true)
    let unanalysed = try #require(encoded["unanalysed_policies"] as? [[String: Any]])
    #expect(unanalysed.first?["reference"] as? String == Self.policyURL)
    let study = try #require((encoded["freedoms"] as? [String: Any])?["study"] as? [String: Any])
    #expect(study["status"] as? String == "at-risk")
  }

  @Test func policyBesideTheLicenseCountsForTheModel() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try ClauseSupport.copyShared(
      [("llama3.1-license.txt", "LICENSE"), ("llama3.1-aup.txt", "USE_POLICY.md")], into: folder)
    let records = ClauseSupport.records([folder.path])
    let model = try #require(ClauseSupport.models(records).first)
    #expect(
      model.governingPaths.map { ($0 as NSString).lastPathComponent } == [
        "LICENSE", "USE_POLICY.md",
      ])
    #expect(model.verdict.verdictClass == .restrictedOpenWeights)
    #expect(model.verdict.unanalysedPolicies.isEmpty)
    #expect(model.verdict.freedoms.use.because.contains("use.field-of-use-ban"))
    #expect(model.verdict.freedoms.use.because.contains("use.mau-threshold"))
    // Nothing breaks Study, but the LicenseDB files the license as non-free: never granted.
    #expect(model.verdict.freedoms.study.status == .atRisk)
    #expect(model.verdict.freedoms.study.because == ["reference:llama-3.1-license-2024"])
    #expect(model.clauses.contains { $0.path.hasSuffix("USE_POLICY.md") })
    // The policy has no LicenseDB entry: its fingerprint is reported as a license.
    let policy = try #require(
      ClauseSupport.files(records).first { $0.path.hasSuffix("USE_POLICY.md") })
    #expect(policy.fingerprints.map(\.id) == ["LicenseRef-licenselens-llama-aup-3.1"])
    let json = try ClauseSupport.json(.file(policy))
    let licenses = try #require(json["licenses"] as? [[String: Any]])
    #expect(licenses.first?["matcher"] as? String == "fingerprint")
    #expect(licenses.first?["spdx"] as? String == "LicenseRef-licenselens-llama-aup-3.1")
    #expect(json["expression"] as? String == "LicenseRef-licenselens-llama-aup-3.1")
  }
}
