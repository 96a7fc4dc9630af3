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

  @Test func aNoticeSentenceNamesTheFamilyOnItsLines() {
    let text = ClauseText(
      """
      Copyright (c) Example Labs.

      This file may be used and distributed in accordance with the terms of the Llama 3
      Community License Agreement.
      """)
    let found = Fixtures.families.detect(in: text)
    #expect(found.map(\.id) == ["LicenseRef-licenselens-llama-3"])
    #expect(found.first?.startLine == 3)
    #expect(found.first?.endLine == 4)
    // A title found elsewhere wins over the notice: the license itself, not a reference to it.
    #expect(
      Fixtures.families.detect(
        in: ClauseText(
          "LLAMA 7.5 COMMUNITY LICENSE AGREEMENT\nThe Llama Materials are licensed under the Llama 7.5 Community License."
        )
      ).map(\.startLine) == [1])
  }

  @Test func normalisesDates() {
    #expect(FamilyDetector.normalized("july 18, 2023") == "2023-07-18")
    #expect(FamilyDetector.normalized("23 october 2023") == "2023-10-23")
    #expect(FamilyDetector.normalized("1.1 - nc") == "1.1-nc")
  }

  /// Headings in the style of each family's title (written here, not copied), with the body
  /// words some fingerprints require.
  static let headings: [(String, String)] = [
    ("META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nAbout the Llama Materials.", "llama-3"),
    ("Llama 4 Community License Agreement\n\nThe Llama Materials.", "llama-4"),
    ("Llama 3.3 Acceptable Use Policy\n\nProhibited Uses", "llama-aup-3.3"),
    ("DEEPSEEK LICENSE AGREEMENT\nVersion 1.0, 23 October 2023", "deepseek-1.0"),
    ("Qwen RESEARCH LICENSE AGREEMENT\n\nRelease Date: September 19, 2024", "qwen-research-2024"),
    ("Mistral AI Non-Production License\n\nText.", "mistral-non-production-0.1"),
    (
      "NVIDIA Open Model License Agreement\n\nLast Modified: June 13, 2024",
      "nvidia-open-model-2024-06-13"
    ),
    ("FLUX.1 [dev] Non-Commercial License v1.1.1\n\nText.", "flux-non-commercial-1.1.1"),
    (
      "CreativeML Open RAIL++-M License\ndated July 26, 2023\n\nUse-based restrictions apply.",
      "openrail-plusplus-m-2023-07-26"
    ),
    (
      "BigCode Open RAIL-M v1 License Agreement\n\nUse-based restrictions apply.",
      "bigcode-openrail-m-1"
    ),
    ("Falcon 180B TII License Version 1.0\n\nText.", "falcon-180b-tii-1.0"),
    ("TII Falcon LLM License Version 1.0\n\nText.", "tii-falcon-llm-1.0"),
    ("Coqui Public Model License 1.0.0\n\nText.", "coqui-cpml-1.0.0"),
  ]

  /// Sentences in our words that put a model under a family's terms by name.
  static let notices: [(String, String)] = [
    (
      "The checkpoints are released under the NVIDIA Open Model License.",
      "nvidia-open-model-unversioned"
    ),
    (
      "These weights are licensed under the CreativeML OpenRAIL-M license.",
      "creativeml-openrail-m-unversioned"
    ),
    (
      "The model is distributed under the terms of the BigScience OpenRAIL-M License.",
      "bigscience-openrail-m-unversioned"
    ),
    (
      "Our voice model is published under the Coqui Public Model License (CPML).",
      "coqui-cpml-unversioned"
    ),
  ]

  @Test(arguments: notices)
  func recognisesNotices(text: String, expected: String) {
    let ids = Fixtures.families.detect(in: ClauseText(text)).map(\.id)
    #expect(ids == ["LicenseRef-licenselens-" + expected])
  }

  /// A string in code that ends a sentence is no heading, whatever its closing quotes.
  @Test func aSentenceInQuotesIsNoHeading() {
    let code = ClauseText(
      """
      raise ValueError(
          "Check that the prompt keeps to the NVIDIA Open Model License Agreement."
      )
      """)
    #expect(Fixtures.families.detect(in: code).isEmpty)
    #expect(
      Fixtures.families.detect(in: ClauseText("\"NVIDIA Open Model License Agreement\"")).map(\.id)
        == ["LicenseRef-licenselens-nvidia-open-model-unversioned"])
  }

  @Test(arguments: headings)
  func recognisesHeadings(text: String, expected: String) {
    let ids = Fixtures.families.detect(in: ClauseText(text)).map(\.id)
    #expect(ids == ["LicenseRef-licenselens-" + expected])
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
