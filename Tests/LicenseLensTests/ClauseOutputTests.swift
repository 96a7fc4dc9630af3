import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseReport
import LicenseScan
import LicenseVerdict
import Testing

@Suite("Clauses and verdicts of single files")
struct ClauseOutputTests {
  /// The clean-license profile for a few corpus texts, as `index build` computes it.
  static let profile: CleanLicenseProfile = {
    let keys = ["mit", "apache-2.0", "bsd-new"]
    let licenses = keys.map { (key: $0, text: try! Support.licenseText($0)) }
    return CleanLicenseProfile.compute(
      licenses: licenses, analysis: ClauseSupport.analysis, corpusStamp: "test")
  }()

  static let profiled: ClauseAnalysis = {
    var analysis = ClauseSupport.analysis
    analysis.use(profile)
    return analysis
  }()

  @Test(arguments: ["apache-2.0", "mit"])
  func osiLicenseIsOpenWithNoClauses(key: String) throws {
    let text = try Support.licenseText(key)
    for analysis in [ClauseSupport.analysis, Self.profiled] {
      let result = ClauseSupport.scan(text, analysis: analysis)
      #expect(result.clauses.isEmpty)
      #expect(result.fingerprints.isEmpty)
      let verdict = try #require(result.verdict)
      #expect(verdict.verdictClass == .osiApprovedOpenSource)
      #expect(Freedom.allCases.allSatisfy { verdict.freedoms[$0].status == .granted })
    }
  }

  @Test func profileCoversCleanTextsAndRoundTrips() throws {
    #expect(Set(Self.profile.licenses.keys) == ["mit", "apache-2.0", "bsd-new"])
    #expect(Self.profile.licenses["mit"]?.contains(ClauseIDs.rightsGrant) == true)
    let decoded = try #require(CleanLicenseProfile(encoded: Self.profile.encoded))
    #expect(decoded == Self.profile)
    #expect(
      decoded.applies(corpusStamp: "test", catalogDigest: ClauseSupport.analysis.catalogDigest))
    #expect(!decoded.applies(corpusStamp: "other", catalogDigest: decoded.catalogDigest))
    #expect(CleanLicenseProfile(encoded: "something else\n") == nil)
  }

  @Test func aVerbatimReferenceQuotesItsGrantFromTheFileLines() throws {
    let reference = try Support.licenseText("mit")
    let places = try #require(Self.profile.places["mit"])
    #expect(CleanLicenseProfile(encoded: Self.profile.encoded)?.places["mit"] == places)
    // The same text under a title and a sentence: the grant sentence moves down with them.
    let header = "Example Widget\n\nThe terms below apply to every file here.\n\n"
    let result = ClauseSupport.scan(header + reference, analysis: Self.profiled)
    let grants = try #require(result.evidence?.scan.grants)
    let modify = try #require(grants.first { $0.id == "grant.modify" })
    let stated = try #require(places.clauses["grant.modify"])
    #expect(modify.startLine == stated.lowerBound + 4)
    #expect(modify.text.hasPrefix("Permission is hereby granted, free of charge"))
    #expect(modify.text.hasSuffix("subject to the following conditions:"))
    // Laid out over other lines (one paragraph per line), it is still the MIT text, but the
    // lines no longer say where the grant is: it is named by the license over its span.
    let rewrapped = reference.split(separator: "\n\n").map {
      $0.split(whereSeparator: \.isNewline).joined(separator: " ")
    }.joined(separator: "\n\n")
    let flat = ClauseSupport.scan(rewrapped, analysis: Self.profiled)
    let named = try #require(flat.evidence?.scan.grants.first { $0.id == "grant.modify" })
    #expect(named.text == "MIT License")
    #expect(named.endLine > named.startLine)
  }

  @Test func rulesAreProfiledAndOnlyTheInnerLinesOfACleanNoticeAreSkipped() throws {
    let rules = [
      (identifier: "example_notice", text: "Licensed under the MIT license.\nSee the file."),
      (identifier: "example_nc", text: "You may not use the work for commercial purposes."),
    ]
    let profile = CleanLicenseProfile.compute(
      licenses: [(key: "mit", text: try Support.licenseText("mit"))], rules: rules,
      analysis: ClauseSupport.analysis, corpusStamp: "test")
    #expect(profile.rulesProfiled)
    #expect(profile.restrictedRules == ["example_nc"])
    #expect(CleanLicenseProfile(encoded: profile.encoded) == profile)
    var analysis = ClauseSupport.analysis
    analysis.restrictedRules = profile.restrictedRules
    let info = LicenseInfo(
      key: "mit", spdx: "MIT", name: "MIT", category: "Permissive", isOSIApproved: true,
      isException: false)
    let notice = LicenseMatch(
      license: info, startLine: 3, endLine: 7, coverage: 1, score: 1, kind: .rule,
      rule: "example_notice")
    var restricted = notice
    restricted.rule = "example_nc"
    var changed = notice
    changed.unmatchedTokens = 2
    let lines = analysis.verbatimCleanLines(
      IdentificationResult(licenses: [notice, restricted, changed], expression: "MIT"))
    #expect(lines == [4...6])
  }

  @Test func aVerbatimCleanTextIsSkippedButAnInsertedRestrictionIsNot() throws {
    let mit = try Support.licenseText("mit")
    // Verbatim copy inside prose: the license lines are not rescanned; prose around them is.
    let wrapped = "Our terms follow.\n\n" + mit + "\nCommercial use is prohibited.\n"
    let skipped = ClauseSupport.scan(wrapped, name: "README.md", analysis: Self.profiled)
    #expect(skipped.identification.licenses.first?.unmatchedTokens == 0)
    #expect(skipped.clauses.map(\.id) == ["use.non-commercial"])
    #expect(skipped.verdict?.verdictClass == .nonCommercial)
    // The license's benign clauses come from the profile, quoted from the file's own lines
    // as a full scan quotes them.
    let grant = try #require(skipped.evidence?.scan.benign.first { $0.id == ClauseIDs.rightsGrant })
    let full = ClauseSupport.scan(wrapped, name: "README.md")
    let fullGrant = try #require(
      full.evidence?.scan.benign.first { $0.id == ClauseIDs.rightsGrant })
    #expect(grant.text == fullGrant.text)
    #expect(grant.startLine == fullGrant.startLine)
    #expect(full.clauses == skipped.clauses)
    // A restriction inserted inside the license text is an unmatched span: scanned as usual.
    var lines = mit.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.insert("You may not use the Software for commercial purposes.", at: lines.count / 2)
    let altered = lines.joined(separator: "\n")
    let scanned = ClauseSupport.scan(altered, analysis: Self.profiled)
    #expect(scanned.identification.licenses.first?.license.spdx == "MIT")
    #expect(scanned.clauses.map(\.id) == ["use.non-commercial"])
  }

  @Test func filesWithNothingLicenseLikeStayLean() throws {
    let result = ClauseSupport.scan(
      "int main(void) { return 0; }\n// counts the rows of a table\n", name: "src/main.c")
    #expect(result.verdict == nil)
    #expect(result.evidence == nil)
    let json = ReportRenderer.jsonObject(result)
    #expect(json.contains(#""expression":null,"errors":[],"clauses":[],"verdict":null,"encoding""#))
  }

  @Test func anSPDXTagGivesAVerdictWithoutAClauseScan() throws {
    let text = "// SPDX-License-Identifier: MIT\nint main(void) { return 0; }\n"
    #expect(
      !text.utf8.withContiguousStorageIfAvailable {
        ClauseAnalysis.shouldScanClauses(
          nameKind: .other,
          identification: Support.scan(text).identification, text: $0)
      }!)
    let result = ClauseSupport.scan(text, name: "src/main.c")
    #expect(result.verdict?.verdictClass == .osiApprovedOpenSource)
    #expect(result.clauses.isEmpty)
  }

  @Test func modelVocabularyWithoutAnIdentifiedLicenseIsScanned() throws {
    let text = "Prohibited uses\n\nYou must not use the model to support any military activity.\n"
    let result = ClauseSupport.scan(text, name: "docs/rules.md")
    #expect(result.clauses.map(\.id).contains("use.field-of-use-ban"))
    #expect(result.verdict != nil)
  }

  @Test func otherFilesAreScannedAroundTheirLicensesOrWholeWithModelVocabulary() throws {
    let code = (1...80).map { "    total += row[\($0)]  // add column \($0)" }
    let header = [
      "/*", " * Licensed under the Apache License, Version 2.0 (the \"License\");",
      " * you may not use this file except in compliance with the License.",
      " * You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0",
      " * You may not use this file for commercial purposes.", " */",
    ]
    // Near the notice: found.
    let near = ClauseSupport.scan(
      (header + code).joined(separator: "\n"), name: "src/sum.c")
    #expect(near.clauses.map(\.id) == ["use.non-commercial"])
    // Far from it, the rest of the file is scanned only when it speaks of use policies or
    // non-commercial terms.
    let far: [String] = Array(header.prefix(4)) + [" */"] + code + ["// Non-commercial use only."]
    let scanned = ClauseSupport.scan(far.joined(separator: "\n"), name: "src/sum.c")
    #expect(scanned.clauses.map(\.id) == ["use.non-commercial"])
    #expect(scanned.clauses.first?.startLine == far.count)
  }

  @Test func aSourceFileIsScannedOnlyInTheCommentsNextToItsLicense() throws {
    let header = [
      "# Licensed under the Apache License, Version 2.0 (the \"License\");",
      "# you may not use this file except in compliance with the License.",
      "# You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0",
      "",
    ]
    let note = ["# You may not use this file for commercial purposes.", ""]
    let code = [
      "MESSAGE = \"You may not use this tool for commercial purposes.\"",
      "def check(rows):", "    return len(rows)",
    ]
    // The comment after the header is read with it; the code after that is not, although it
    // is within the lines of context a document gets.
    let source = ClauseSupport.scan(
      (header + note + code).joined(separator: "\n"), name: "tools/check.py")
    #expect(source.clauses.filter { $0.severity == .blocks }.map(\.startLine) == [5])
    // The same lines in a document are all prose: both sentences are read.
    let document = ClauseSupport.scan(
      (header + note + code).joined(separator: "\n"), name: "NOTES.md")
    #expect(document.clauses.filter { $0.severity == .blocks }.map(\.startLine) == [5, 7])
    // Model-license vocabulary in a source file ("terms of use") widens the scan to the
    // comments that use it, not to every comment: an API comment is no license.
    let api = [
      "// Copyright 2024 Example Org. License & terms of use: see the LICENSE file.",
      "// SPDX-License-Identifier: MIT", "", "#include <stddef.h>", "",
      "/* This function is for internal use only. */", "int sum(int a, int b);", "",
      "/* Non-commercial use only: ask us for other terms of use. */",
    ]
    let apiScan = ClauseSupport.scan(api.joined(separator: "\n"), name: "include/sum.h")
    #expect(apiScan.clauses.filter { $0.severity == .blocks }.map(\.startLine) == [9])
    // A license in a docstring has no comment markers: its prose lines are read as far as
    // the first line of code.
    let docstring = [
      "\"\"\"", "Licensed under the Apache License, Version 2.0 (the \"License\");",
      "you may not use this file except in compliance with the License.",
      "You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0",
      "", "You may not use this file for commercial purposes.", "\"\"\"",
      "NOTE = \"You may not use this tool for commercial purposes.\"",
    ]
    let docScan = ClauseSupport.scan(docstring.joined(separator: "\n"), name: "tools/check.py")
    #expect(docScan.clauses.filter { $0.severity == .blocks }.map(\.startLine) == [6])
  }

  @Test func aStoryThatEndsWithALicenseHoldsNoTermsOfItsOwn() throws {
    // A long text (a novel kept as test data) that ends with a license: the file reads as
    // license terms by content, but the terms are the license's; the story's lines, more than
    // the lines of context away from it, are not read, even where a character's words sound
    // like a restriction.
    let chapter = [
      "The harbour was quiet when the two sisters reached the old boathouse.",
      "\"You may not sell, rent or lend the boat to anyone,\" their father had told them.",
      "The tide turned at noon, and the gulls followed them past the lighthouse.",
    ]
    let story = (1...20).flatMap { number in ["Chapter \(number)", ""] + chapter + [""] }
    let epilogue = (1...ClauseAnalysis.contextLines).map {
      "The boathouse stood for \($0) more years."
    }
    let apache = try Support.licenseText("apache-2.0")
    let novel = ClauseSupport.scan(
      (story + epilogue + [apache]).joined(separator: "\n"), name: "data/harbour-tale.txt")
    #expect(novel.identification.licenses.contains { $0.license.spdx == "Apache-2.0" })
    #expect(novel.clauses.filter { $0.severity == .blocks }.isEmpty)
    // Model-license vocabulary in the text outside the license ("terms of use") makes the
    // whole file terms: every line is read.
    let noted = story + ["Readers of this story agree to its terms of use."] + epilogue + [apache]
    let terms = ClauseSupport.scan(noted.joined(separator: "\n"), name: "data/harbour-tale.txt")
    #expect(terms.clauses.contains { $0.id == "share.no-redistribution" && $0.startLine == 4 })
  }

  @Test func aSchemaThatDescribesLicenseKindsHoldsNoTerms() throws {
    // An SBOM schema documents the kinds of license a component may have. Its descriptions
    // read as unknown license text, but they describe licenses; they impose nothing.
    let kinds = [
      ("academic", "A license that lets an institution use the software solely for teaching."),
      (
        "trial",
        "A license that grants permission to install and run the software for evaluation "
          + "purposes only, for a limited time."
      ),
      (
        "oem",
        "A license delivered with a device, which cannot be transferred to other hardware and "
          + "may not be resold separately."
      ),
      (
        "named-user",
        "A license that grants one named person the right to use the software; the licensee "
          + "may not share the account."
      ),
      (
        "subscription",
        "A license that grants use of the software for a paid term; the licensor may end it "
          + "when payment stops."
      ),
      (
        "perpetual",
        "A license that grants use of the software without time limit, subject to the warranty "
          + "and liability terms of the agreement."
      ),
      (
        "site",
        "A license that covers every user at one location of the licensee, with no "
          + "redistribution rights."
      ),
      ("concurrent", "A license that limits how many users may run the software at the same time."),
    ]
    var xsd = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!--",
      "  Licensed under the Apache License, Version 2.0 (the \"License\");",
      "  you may not use this file except in compliance with the License.",
      "  You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0",
      "-->", "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">",
      "  <xs:simpleType name=\"licenseKind\">", "    <xs:restriction base=\"xs:string\">",
    ]
    for (kind, description) in kinds {
      xsd += [
        "      <xs:enumeration value=\"\(kind)\">", "        <xs:annotation>",
        "          <xs:documentation>\(description)</xs:documentation>",
        "        </xs:annotation>", "      </xs:enumeration>",
      ]
    }
    xsd += ["    </xs:restriction>", "  </xs:simpleType>", "</xs:schema>"]
    let schema = ClauseSupport.scan(xsd.joined(separator: "\n"), name: "schema/sbom.xsd")
    #expect(
      schema.identification.licenses.map(\.license.spdx) == ["Apache-2.0", "LicenseRef-unknown"])
    #expect(schema.clauses.filter { $0.severity == .blocks }.isEmpty)
    // The same descriptions in a JSON schema, the license in a comment field at its end.
    let list = kinds.map { "* \($0.0) = \($0.1)" }.joined(separator: "\\n")
    let json =
      [
        "{", "  \"title\": \"Example bill of materials\",", "  \"definitions\": {",
        "    \"licenseKind\": {", "      \"type\": \"string\",",
        "      \"description\": \"The kind of license granted to the licensee.\\n\\n\(list)\",",
        "      \"enum\": [",
      ] + kinds.map { "        \"\($0.0)\"," } + [
        "      ]", "    },", "    \"name\": {", "      \"type\": \"string\",",
        "      \"description\": \"The name of the component.\"", "    },", "    \"version\": {",
        "      \"type\": \"string\",", "      \"description\": \"The version of the component.\"",
        "    }", "  },",
        "  \"$comment\": \"Copyright Example Authors. Licensed under the Apache License, Version 2.0\"",
        "}",
      ]
    let jsonSchema = ClauseSupport.scan(
      json.joined(separator: "\n"), name: "schema/sbom.schema.json")
    #expect(jsonSchema.identification.licenses.contains { $0.license.spdx == "Apache-2.0" })
    #expect(jsonSchema.clauses.filter { $0.severity == .blocks }.isEmpty)
  }

  @Test func aMinifiedLineGetsNoClauseScanButItsLicenseIsFound() throws {
    // A bundle: the license banner shares its one line with the code, whose API comments the
    // line-based scope cannot tell from the banner. The license is identified; the line gets
    // no clause scan.
    let code = (0..<200).map { "function f\($0)(a){return a+\($0)};" }.joined()
    let banner = "/*! example-lib v1.2.0 | (c) Example Authors | Released under the MIT License */"
    let bundle = banner + code + "/* You may not modify this table at run time. */var t={};" + code
    #expect(bundle.utf8.count > ClauseAnalysis.longLineBytes)
    let minified = ClauseSupport.scan(bundle + "\n", name: "dist/example.min.js")
    #expect(minified.identification.licenses.map(\.license.spdx) == ["MIT"])
    #expect(minified.clauses.isEmpty)
    // The same banner and comment on lines of their own are read as before.
    let lines = [banner, "/* You may not modify this table at run time. */", "var t = {};"]
    let source = ClauseSupport.scan(lines.joined(separator: "\n"), name: "src/example.js")
    #expect(source.clauses.map(\.id) == ["modify.no-derivatives"])
  }

  @Test func aFileDescriptionAfterALicenseHeaderIsNoTerms() throws {
    let header = [
      "// Copyright 2025 Example Authors.",
      "//",
      "// Licensed under the Apache License, Version 2.0 (the \"License\");",
      "// you may not use this file except in compliance with the License.",
      "// You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0",
      "//",
    ]
    // The file's description, after the header's last line of text: API notes, no terms.
    let description = [
      "// This file is for Example internal use only.",
      "// It is only used on Windows; other platforms compile it empty.",
      "// The helpers below must not modify the caller's buffer.",
      "",
      "#include <stddef.h>",
    ]
    let described = ClauseSupport.scan(
      (header + description).joined(separator: "\n"), name: "src/internal/buffer.h")
    #expect(described.clauses.filter { $0.severity == .blocks }.isEmpty)
    #expect(described.verdict?.verdictClass == .osiApprovedOpenSource)
    // A restriction in the same place that addresses the reader is terms.
    let restricted = ["// You may not use this file for military purposes.", "", "int f(void);"]
    let scan = ClauseSupport.scan(
      (header + restricted).joined(separator: "\n"), name: "src/internal/buffer.h")
    #expect(scan.clauses.filter { $0.severity == .blocks }.map(\.startLine) == [7])
    // In the header's own lines (no break before it), a restriction needs no "you".
    let inHeader = header.dropLast() + ["// Commercial use of this file is prohibited.", ""]
    let own = ClauseSupport.scan(
      (inHeader + ["int f(void);"]).joined(separator: "\n"), name: "src/model.h")
    // (The URL line before it has no full stop: the sentence starts there.)
    #expect(own.clauses.filter { $0.severity == .blocks }.map(\.endLine) == [6])
  }

  @Test func aContributorsGuideBindsContributorsNotUsers() throws {
    let guide = """
      # Contributing to Example

      By submitting a pull request, you represent that you have the right to license your
      contribution, and agree that your contributions are licensed under the Apache License,
      Version 2.0.

      ## Generated text

      To keep reviews between people, please refrain from using text generators for the
      following:

      - writing the description of an issue or a pull request
      - answering a comment in a review
      """
    for name in ["CONTRIBUTING.md", ".github/CODE_OF_CONDUCT.md", "SECURITY.md"] {
      let result = ClauseSupport.scan(guide, name: name)
      #expect(result.identification.licenses.map(\.license.spdx) == ["Apache-2.0"], "\(name)")
      #expect(result.clauses.isEmpty, "\(name)")
      #expect(result.verdict?.verdictClass == .osiApprovedOpenSource, "\(name)")
    }
    // The same text as other notes is read around its license, and its list is a ban.
    let notes = ClauseSupport.scan(guide, name: "docs/NOTES.md")
    #expect(notes.clauses.contains { $0.id == "use.aup-prohibited-uses" })
    #expect(!DocumentKind.isContributorDocument(fileName: "src/Contributing.swift"))
    #expect(!DocumentKind.isContributorDocument(fileName: "CHANGESETS.md"))
  }

  /// A model's own license, written for this test: no LicenseDB text resembles it, and its
  /// grant is too plain for the unknown-text finder (one word of a grant's wording, no
  /// disclaimer), which leaves it to the clause scan of a file named like a license.
  static let ownModelLicense = """

    Quillmark-7B Weights License, Version 1.0

    Tessera Labs grants you a non-exclusive license to use, copy, modify and distribute
    the Quillmark-7B weights and any model you derive from them.

    You may not use Quillmark-7B or any derivative to provide a product or service with
    more than 50 million monthly active users without a separate license from Tessera Labs.

    You may not use outputs of Quillmark-7B to train or improve any other large language
    model.


    """

  @Test func ownModelLicenseIsUnknownLicenseTextOverItsLines() throws {
    let result = ClauseSupport.scan(Self.ownModelLicense, name: "models/quill/LICENSE")
    let licenses = result.identification.licenses
    #expect(licenses.map(\.license.spdx) == ["LicenseRef-unknown"])
    #expect(licenses.first?.kind == .clauseScan)
    // From the title (line 2, after a blank line) to the last sentence (line 11).
    #expect(licenses.first.map { [$0.startLine, $0.endLine] } == [2, 11])
    #expect(result.identification.expression == "LicenseRef-unknown")
    #expect(!result.clauses.isEmpty)
    #expect(result.verdict?.verdictClass == .restrictedOpenWeights)
    let json = ReportRenderer.jsonObject(result)
    #expect(json.contains(#""matcher":"clause-scan","rule":"unknown""#))

    // Not under a license-like name, or with no terms in it, no license is made up.
    let notes = ClauseSupport.scan(Self.ownModelLicense, name: "docs/notes.txt")
    #expect(notes.identification.licenses.isEmpty)
    // In a grant's own words ("worldwide", "royalty-free"), the same terms are license text
    // whatever the file's name.
    let worded = Self.ownModelLicense.replacingOccurrences(
      of: "a non-exclusive license", with: "a worldwide, non-exclusive, royalty-free license")
    for name in ["models/quill/LICENSE", "docs/notes.txt"] {
      let found = ClauseSupport.scan(worded, name: name).identification.licenses
      #expect(found.map(\.license.spdx) == ["LicenseRef-unknown"], "\(name)")
      #expect(found.first?.rule == "unknown-text", "\(name)")
      #expect(found.first.map { [$0.startLine, $0.endLine] } == [2, 11], "\(name)")
    }
    let security = ClauseSupport.scan(
      "# Security policy\n\nReport vulnerabilities to security@example.org; we answer within"
        + " two working days and publish fixes in the release notes.\n",
      name: "SECURITY_POLICY.md")
    #expect(security.identification.licenses.isEmpty)
    // A license the database knows keeps its name.
    let mit = try Support.licenseText("mit")
    #expect(
      ClauseSupport.scan(mit, name: "LICENSE").identification.licenses.map(\.license.spdx)
        == ["MIT"])
  }

  @Test func jsonKeepsTheFieldOrderAndAddsClausesAndVerdict() throws {
    let result = ClauseSupport.scan(
      "The author hereby grants you a worldwide license to use and copy the work.\n"
        + "You may not use the work for commercial purposes.\n", name: "LICENSE")
    let json = ReportRenderer.jsonObject(result)
    let order = [
      "\"path\"", "\"sha256\"", "\"size\"", "\"licenses\"", "\"expression\"", "\"errors\"",
      "\"clauses\"", "\"verdict\"", "\"encoding\"",
    ].map { json.range(of: $0)?.lowerBound }
    #expect(order.allSatisfy { $0 != nil })
    #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    #expect(
      json.contains(
        #""clauses":[{"id":"use.non-commercial","freedoms":["use","modify","share"],"severity":"blocks","start_line":2,"end_line":2,"text":"You may not use the work for commercial purposes.","explanation":""#
      ))
    #expect(
      json.contains(
        #""verdict":{"class":"non-commercial","freedoms":{"use":{"status":"broken","because":["use.non-commercial"],"evidence":[]},"study":{"status":"unknown","because":[],"evidence":[]}"#
      ))
    #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
  }

  /// Old Mac (CR) and Windows (CRLF) line endings give the same clauses and licenses on the
  /// same lines as LF: every stage breaks lines the same way.
  @Test func lineEndingsDoNotMoveClausesOrLicenses() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let examples = Support.root.appendingPathComponent("examples")
    func facts(_ ending: String) throws -> [String] {
      let copy = folder.appendingPathComponent(
        ending == "\n" ? "lf" : ending == "\r" ? "cr" : "crlf")
      try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
      for name in ["model/LICENSE.md", "model/USE_POLICY.md", "README.md"] {
        let text = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
        let converted = text.replacingOccurrences(of: "\n", with: ending)
        try Data(converted.utf8).write(
          to: copy.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-")))
      }
      return ClauseSupport.files(ClauseSupport.records([copy.path])).flatMap { file in
        let name = (file.path as NSString).lastPathComponent
        return file.clauses.map { "\(name) \($0.id) \($0.startLine)-\($0.endLine)" }
          + file.identification.licenses.map {
            "\(name) \($0.license.spdx) \($0.startLine)-\($0.endLine)"
          }
      }
    }
    let lf = try facts("\n")
    #expect(lf.contains { $0.hasPrefix("model-USE_POLICY.md use.field-of-use-ban") })
    #expect(lf.contains { $0.hasPrefix("README.md MIT") })
    #expect(try facts("\r\n") == lf)
    #expect(try facts("\r") == lf)
  }

  /// A policy quoted in the summary ends with the summary's own full stop, not two.
  @Test func summaryQuotesAnUnanalysedPolicyWithOneFullStop() throws {
    let license = Support.root.appendingPathComponent("examples/model/LICENSE.md").path
    let file = try #require(ClauseSupport.files(ClauseSupport.records([license])).first)
    let summary = try #require(file.verdict?.summary)
    #expect(summary.contains("Incorporates a use policy that was not analysed: Your use of"))
    #expect(summary.hasSuffix("which forms part of this agreement."))
    #expect(!summary.contains(".."))
  }
}

@Suite("JSON strings")
struct JSONStringTests {
  @Test func escapesQuotesBackslashesAndControlsAndKeepsTheRest() throws {
    let value = "a \"quoted\" \\ path\twith\u{1}control\nand é “typographic” 😀"
    var output = ""
    JSONWriter.appendQuoted(value, to: &output)
    #expect(output == #""a \"quoted\" \\ path\twith\u0001control\nand é “typographic” 😀""#)
    let decoded = try JSONSerialization.jsonObject(
      with: Data(output.utf8), options: .fragmentsAllowed)
    #expect(decoded as? String == value)
  }
}

@Suite("licenselens explain")
struct ExplainTests {
  @Test func explainOfTheExampleModelBeginsWithTheModelThenTheVerdict() throws {
    let folder = Support.root.appendingPathComponent("examples/model").path
    let records = ClauseSupport.records([folder])
    let text = ExplainReport.render(records)
    // The model first: definitions, components; then the verdict and the clauses.
    #expect(text.hasPrefix("Model \(folder)\n  OSAID 1.0: fail-terms ("))
    #expect(text.contains("\n  Open Weight Definition: fail (no weight files in the repository)"))
    #expect(
      text.contains("\n  components: parameters absent, code absent, data information absent"))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let verdict = try #require(lines.firstIndex(of: "Verdict: restricted-open-weights"))
    #expect(
      lines[verdict + 2].hasPrefix("Files: ")
        && lines[verdict + 2].hasSuffix("examples/model/USE_POLICY.md"))
    #expect(text.contains("\nUse: broken\n"))
    #expect(text.contains("\nStudy: granted\n"))
    #expect(
      text.contains(
        "use.field-of-use-ban  " + Support.root.path + "/examples/model/USE_POLICY.md:21"))
    #expect(text.contains("\"support any military or weapons-related activity;\""))
    // One unit: the model covers its files, the model card has no verdict.
    #expect(ExplainReport.units(records).count == 1)
  }

  @Test func explainOfOneLicenseFileAndOfNothing() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let license = folder.appendingPathComponent("LICENSE")
    try Data(try Support.licenseText("mit").utf8).write(to: license)
    let text = ExplainReport.render(ClauseSupport.records([license.path]))
    #expect(text.hasPrefix("Verdict: osi-approved-open-source\nMIT: "))
    #expect(text.contains("\nFile: " + license.path + "\n"))
    let notes = folder.appendingPathComponent("notes.txt")
    try Data("Buy milk.\n".utf8).write(to: notes)
    #expect(ExplainReport.render(ClauseSupport.records([notes.path])) == ExplainReport.nothingFound)
  }

  /// Every item of a prohibited-use list that names a purpose is reported, however long and
  /// however it wraps; items about copying the work or its notices, and a closing sentence that is no item,
  /// are not prohibited uses.
  @Test func longWrappedItemsOfAProhibitedUseListAreEachReported() throws {
    let policy = """
      Harbourview Vision Model: Acceptable Use Policy

      You must not use the model, or let anyone else use it, to:

      1. issue official storm or flood warnings to the public without review by a
         qualified forecaster;
      2. identify, follow or build profiles of individual dock workers from camera
         footage, or infer their health from it;
      3. grade students or candidates for a job without a person who checks each grade;
      4. operate cranes or gates in the harbour without a person who can stop them;
      5. copy the model's weights onto devices you do not control;
      6. remove the notice that names the model's authors.

      Breaking this policy ends your rights under the model agreement.
      """
    let result = ClauseSupport.scan(policy, name: "USE_POLICY.md")
    let lines = result.clauses.filter { $0.id == "use.aup-prohibited-uses" }.map(\.startLine)
    #expect(lines == [3, 5, 7, 9, 10])
    #expect(result.clauses.allSatisfy { $0.startLine < 13 || $0.id != "use.aup-prohibited-uses" })
  }
}
