import Testing

@testable import LicenseClauses

@Suite struct FamilyDetectorTests {
  @Test func recognisesFamiliesInOwnWords() {
    let text = ClauseText(
      """
      LLAMA 7.5 COMMUNITY LICENSE AGREEMENT
      Some words about the Llama Materials.

      Llama 7.5 Acceptable Use Policy

      Prohibited Uses
      You will not use the model to do bad things.
      """)
    let found = Fixtures.families.detect(in: text)
    #expect(
      found.map(\.id) == [
        "LicenseRef-licenselens-llama-7.5", "LicenseRef-licenselens-llama-aup-7.5",
      ])
    #expect(found.map(\.kind) == [.license, .policy])
    #expect(found.first?.startLine == 1)
    #expect(found.first?.endLine == 3)
    #expect(found.last?.startLine == 4)
    #expect(found.last?.endLine == 7)
  }

  @Test func mentionInsideASentenceIsNoHeading() {
    let text = ClauseText(
      "Your use must follow the Gemma Terms of Use published by the vendor, as amended, at all times."
    )
    #expect(Fixtures.families.detect(in: text).isEmpty)
  }

  @Test func normalisesDates() {
    #expect(FamilyDetector.normalized("july 18, 2023") == "2023-07-18")
    #expect(FamilyDetector.normalized("23 october 2023") == "2023-10-23")
    #expect(FamilyDetector.normalized("1.1 - nc") == "1.1-nc")
  }

  static let sharedFamilies: [(String, String)] = [
    ("llama2-license.txt", "LicenseRef-licenselens-llama-2"),
    ("llama2-aup.txt", "LicenseRef-licenselens-llama-aup-2"),
    ("llama3.1-license.txt", "LicenseRef-licenselens-llama-3.1"),
    ("llama3.1-aup.txt", "LicenseRef-licenselens-llama-aup-3.1"),
    ("llama3.2-aup.txt", "LicenseRef-licenselens-llama-aup-3.2"),
    ("gemma-tou-2024.txt", "LicenseRef-licenselens-gemma-terms-2024-04-01"),
    ("gemma-pup-2024.txt", "LicenseRef-licenselens-gemma-prohibited-use-policy-2024-02-21"),
    ("bigscience-rail-1.0.txt", "LicenseRef-licenselens-bigscience-rail-1.0"),
    ("bigscience-openrail-m.txt", "LicenseRef-licenselens-bigscience-openrail-m-2022-08-18"),
    ("creativeml-openrail-m.txt", "LicenseRef-licenselens-creativeml-openrail-m-2022-08-22"),
    ("falcon2-11b-tii-1.0.txt", "LicenseRef-licenselens-falcon-2-11b-tii-1.0"),
    ("qwen-license.txt", "LicenseRef-licenselens-qwen-2023"),
    ("mistral-research-license.txt", "LicenseRef-licenselens-mistral-research-0.1"),
    ("stability-community.txt", "LicenseRef-licenselens-stability-community-2024-07-05"),
    ("stability-nc-research.txt", "LicenseRef-licenselens-stability-non-commercial-2023-12-06"),
    ("openmdw-1.1.txt", "LicenseRef-licenselens-openmdw-1.1"),
    ("exaone-1.1-nc.txt", "LicenseRef-licenselens-exaone-1.1-nc"),
    ("meta-sam-license.txt", "LicenseRef-licenselens-meta-sam-2025-11-19"),
    ("apache-2.0.txt", ""),
    ("gpl-3.0.txt", ""),
    ("cc-by-nc-4.0.txt", ""),
  ]

  @Test(.enabled(if: Fixtures.hasModelLicenses), arguments: sharedFamilies)
  func recognisesSharedTexts(file: String, expected: String) throws {
    let source = try #require(Fixtures.modelLicense(file))
    let ids = Fixtures.families.detect(in: ClauseText(source)).map(\.id)
    #expect(ids == (expected.isEmpty ? [] : [expected]))
  }
}
