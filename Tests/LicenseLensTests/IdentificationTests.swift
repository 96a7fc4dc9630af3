import Foundation
import LicenseMatch
import Testing

@Suite("Identification against the LicenseDB")
struct IdentificationTests {
  @Test(arguments: [
    ("mit", "MIT"), ("apache-2.0", "Apache-2.0"), ("gpl-3.0", "GPL-3.0-only"),
    ("bsd-new", "BSD-3-Clause"), ("bsd-simplified", "BSD-2-Clause"), ("mpl-2.0", "MPL-2.0"),
    ("lgpl-2.1", "LGPL-2.1-only"), ("isc", "ISC"), ("unlicense", "Unlicense"),
    ("gfdl-1.3", "GFDL-1.3-only"), ("ofl-1.1", "OFL-1.1"), ("lppl-1.3c", "LPPL-1.3c"),
  ])
  func referenceTextNamesItself(key: String, spdx: String) throws {
    let result = Support.scan(try Support.licenseText(key))
    #expect(result.identification.licenses.first?.license.spdx == spdx)
    #expect(result.identification.licenses.first?.license.key == key)
    #expect((result.identification.licenses.first?.coverage ?? 0) >= 0.99)
  }

  @Test func nearIdenticalLicensesResolveToTheRightOne() throws {
    // BSD-2 is almost a prefix of BSD-3; each must name itself, not its sibling.
    #expect(Support.ids(try Support.licenseText("bsd-simplified")) == ["BSD-2-Clause"])
    #expect(Support.ids(try Support.licenseText("bsd-new")) == ["BSD-3-Clause"])
    let only = """
      This program is free software; you can redistribute it and/or modify it under the terms
      of the GNU General Public License version 2 as published by the Free Software Foundation.
      """
    let later = """
      This program is free software; you can redistribute it and/or modify it under the terms
      of the GNU General Public License as published by the Free Software Foundation; either
      version 2 of the License, or (at your option) any later version.
      """
    #expect(Support.ids(only) == ["GPL-2.0-only"])
    #expect(Support.ids(later) == ["GPL-2.0-or-later"])
  }

  /// "licensed under the CC-BY" is a LicenseDB notice of CC-BY-4.0; where the name goes on
  /// with an element of another Creative Commons license, that license is named, never CC-BY.
  @Test(arguments: [
    ("The checkpoints are licensed under the CC-BY-NC license.", ["CC-BY-NC-4.0"]),
    ("The checkpoints are licensed under the CC BY-NC license.", ["CC-BY-NC-4.0"]),
    ("The checkpoints are licensed under the CC-BY-NC-ND license.", ["CC-BY-NC-ND-4.0"]),
    ("The recordings are licensed under the CC-BY-SA license.", ["CC-BY-SA-3.0"]),
    ("The recordings are licensed under the CC-BY license.", ["CC-BY-4.0"]),
  ])
  func aCreativeCommonsNameIsReadWhole(sentence: String, expected: [String]) {
    #expect(Support.ids(sentence) == expected, "\(sentence)")
  }

  @Test func licenseInsideAReadmeIsFoundWithItsLines() throws {
    let mit = try Support.licenseText("mit").trimmingCharacters(in: .whitespacesAndNewlines)
    let intro = (1...12).map { "Line \($0) of our project notes about parsing and caching." }
    let readme =
      "# Widget\n\n" + intro.joined(separator: "\n") + "\n\n## License\n\n" + mit
      + "\n\n## Thanks\nTo everyone.\n"
    let result = Support.scan(readme)
    #expect(result.identification.licenses.map(\.license.spdx) == ["MIT"])
    let match = try #require(result.identification.licenses.first)
    let firstLicenseLine = readme.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.hasPrefix("Permission is hereby granted") }.map { $0 + 1 }
    #expect(match.startLine == firstLicenseLine)
    #expect(match.endLine > match.startLine + 10)
  }

  @Test func twoLicensesInOneFileAreBothFound() throws {
    let text =
      try Support.licenseText("apache-2.0") + "\n\n-----\n\n" + Support.licenseText("bsd-new")
    let result = Support.scan(text)
    #expect(
      Set(result.identification.licenses.map(\.license.spdx)) == ["Apache-2.0", "BSD-3-Clause"])
    #expect(result.identification.expression == "Apache-2.0 AND BSD-3-Clause")
  }

  @Test func aNoticeRepeatedThousandsOfTimesIsFoundOncePerCopy() throws {
    // The Apache-2.0 notice as a comment block, 2,000 times back to back: more words than
    // one window of the matcher holds, so a copy straddles the boundary between windows.
    let apache = try Support.licenseText("apache-2.0")
    let lines = apache.split(separator: "\n", omittingEmptySubsequences: false)
    let first = try #require(lines.firstIndex { $0.contains("Licensed under the Apache") })
    let last = try #require(lines[first...].firstIndex { $0.contains("limitations under") })
    let block = lines[first...last].map {
      let line = $0.trimmingCharacters(in: .whitespaces)
      return line.isEmpty ? "#\n" : "# " + line + "\n"
    }.joined()
    let copies = 2_000
    let result = Support.scan(String(repeating: "#\n" + block, count: copies))
    #expect(result.identification.expression == "Apache-2.0")
    let licenses = result.identification.licenses
    #expect(licenses.count == copies)
    // In order; neighbours may share the line where one copy ends and the next begins.
    #expect(zip(licenses, licenses.dropFirst()).allSatisfy { $0.endLine <= $1.startLine })
  }

  @Test func aLicenseRepeatedBackToBackIsFoundAtEveryCopy() throws {
    // A third-party notices file: the same license once per package, one after another.
    let mit = try Support.licenseText("mit").trimmingCharacters(in: .whitespacesAndNewlines)
    let notices = (0..<12).map {
      "Package \($0)\n\nCopyright (c) 20\(10 + $0) Author \($0)\n\n\(mit)\n"
    }
    let result = Support.scan(notices.joined(separator: "\n"))
    let licenses = result.identification.licenses
    #expect(licenses.map(\.license.spdx) == Array(repeating: "MIT", count: 12))
    #expect(result.identification.expression == "MIT")
    // Each copy is its own match, in order and apart.
    for (earlier, later) in zip(licenses, licenses.dropFirst()) {
      #expect(earlier.endLine < later.startLine)
    }
    // Copies of a long text: each is the license itself, not a fragment of some other rule.
    let gpl = try Support.licenseText("gpl-3.0").trimmingCharacters(in: .whitespacesAndNewlines)
    let three = Support.scan([gpl, gpl, gpl].joined(separator: "\n\n"))
    let keys = Set(three.identification.licenses.map(\.license.key))
    #expect(keys.isSubset(of: ["gpl-3.0", "gpl-3.0-plus"]), "\(keys)")
    #expect(three.identification.licenses.filter { $0.rule == "gpl-3.0" }.count >= 2)
  }

  @Test func versionTagsTellOnlyFromOrLater() {
    // DEP-5 style license fields: "GPL-2" is version 2 only, "GPL-2+" version 2 or later.
    #expect(Support.ids("Files: *\nCopyright: 2020 Example\nLicense: GPL-2\n") == ["GPL-2.0-only"])
    #expect(
      Support.ids("Files: *\nCopyright: 2020 Example\nLicense: GPL-2+\n") == ["GPL-2.0-or-later"])
    #expect(
      Support.ids("Files: *\nCopyright: 2020 Example\nLicense: LGPL-2.1+\n")
        == ["LGPL-2.1-or-later"])
  }

  /// A tag whose value is a license's name written out is read as text: its first word is
  /// no id ("GNU"), and a tag whose first word is an id keeps it.
  @Test func aTagThatSpellsOutANameIsReadAsText() {
    #expect(
      Support.ids("# SPDX-License-Identifier: GNU Affero General Public License v3.0\nimport os\n")
        == ["AGPL-3.0-only"])
    #expect(Support.ids("// SPDX-License-Identifier: MIT License\nint x;\n") == ["MIT"])
    #expect(
      Support.ids("// SPDX-License-Identifier: Apache-2.0 see NOTICE\nint x;\n") == ["Apache-2.0"])
  }

  @Test func sourceHeaderInCommentsIsFound() throws {
    let notice = """
      Licensed under the Apache License, Version 2.0 (the "License");
      you may not use this file except in compliance with the License.
      You may obtain a copy of the License at

          http://www.apache.org/licenses/LICENSE-2.0

      Unless required by applicable law or agreed to in writing, software
      distributed under the License is distributed on an "AS IS" BASIS,
      WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
      See the License for the specific language governing permissions and
      limitations under the License.
      """
    let commented =
      "/*\n * Copyright 2021 Example Org\n *\n"
      + notice.split(separator: "\n", omittingEmptySubsequences: false).map { " * " + $0 }.joined(
        separator: "\n")
      + "\n */\n\n#include <stdio.h>\nint main(void) { return 0; }\n"
    let result = Support.scan(commented)
    #expect(result.identification.licenses.map(\.license.spdx) == ["Apache-2.0"])
    #expect(result.identification.licenses.first?.startLine == 4)
    let python =
      notice.split(separator: "\n").map { "# " + $0 }.joined(separator: "\n") + "\nimport os\n"
    #expect(Support.ids(python) == ["Apache-2.0"])
  }

  @Test func rewrappedAndRenumberedTextStillMatches() throws {
    let text = try Support.licenseText("bsd-new")
    let rewrapped = text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "\n\n" : String($0) + " " }.joined()
    #expect(Support.ids(rewrapped) == ["BSD-3-Clause"])
    let renumbered = text.replacingOccurrences(of: "1. ", with: "a) ")
      .replacingOccurrences(of: "2. ", with: "b) ").replacingOccurrences(of: "3. ", with: "c) ")
    #expect(Support.ids(renumbered) == ["BSD-3-Clause"])
  }

  @Test func requiredPhrasesMustBeMatchedWhole() throws {
    // LicenseDB rule proprietary-license_883 reads "Permission is {{hereby not granted}}";
    // the MIT grant matches all of it but the required "not" and must stay MIT.
    let mit = try Support.licenseText("mit").trimmingCharacters(in: .whitespacesAndNewlines)
    let readme = "# Tool\n\nA small tool.\n\n## License\n\nMIT License\n\n" + mit + "\n"
    #expect(Support.ids(readme) == ["MIT"])
    let rule = try Support.ruleText("proprietary-license_883")
    #expect(
      Support.ids("Terms\n\n" + rule + "\n").contains("LicenseRef-scancode-proprietary-license"))
  }

  @Test func aRequiredPhraseWithAWordInsertedIsNotMatched() throws {
    // LicenseDB rule gpl-2.0_1138 (GPL-2.0 only) requires "... Foundation, version 2"; a
    // Debian notice that reads "Foundation; either version 2 ..., or (at your option) any
    // later version" matches every other word of it but is GPL-2.0-or-later.
    let only = try Support.ruleText("gpl-2.0_1138")
    #expect(Support.ids("License: GPL-2\n" + only + "\n") == ["GPL-2.0-only"])
    let orLater = only.replacingOccurrences(
      of: "Foundation, version 2 of the License.",
      with: "Foundation; either version 2 of the License, or\n (at your option) any later version.")
    #expect(orLater != only)
    // The notice is or-later; the closing sentence alone (the path of the GPL-2 text) is a
    // rule of its own in LicenseDB, so it may still be reported beside it.
    let found = Support.scan("License: GPL-2+\n" + orLater + "\n").identification.licenses
    let notice = found.filter { $0.startLine <= 5 }
    #expect(!notice.isEmpty && notice.allSatisfy { $0.license.spdx == "GPL-2.0-or-later" })
  }

  @Test func anotherVersionNumberIsAnotherLicense() throws {
    // The GPL-2.0-or-later notice of LicenseDB rule gpl-2.0-plus_900, without its Debian
    // paragraph, and the same notice with "version 3": one word apart, two licenses.
    let rule = try Support.ruleText("gpl-2.0-plus_900")
    let notice = String(rule[..<rule.range(of: "On Debian")!.lowerBound])
    #expect(Support.ids(notice) == ["GPL-2.0-or-later"])
    let three = notice.replacingOccurrences(
      of: "version 2 of the License", with: "version 3 of the License")
    #expect(three != notice)
    #expect(Support.ids(three) == ["GPL-3.0-or-later"])
  }

  @Test func twoWordLicenseFieldsAreFound() {
    // Two-word LicenseDB rules have no 3-gram; manifests and model cards name a license so.
    let fields = [
      "[package]\nname = \"demo\"\nlicense = \"MIT\"\n",
      "{\n  \"name\": \"demo\",\n  \"license\": \"MIT\"\n}\n",
      "---\nlicense: mit\npipeline_tag: text-generation\n---\n# Demo model\n",
      "Files: *\nCopyright: 2024 Demo Authors\nLicense: MIT\n",
    ]
    for text in fields { #expect(Support.ids(text) == ["MIT"], "\(text)") }
  }

  @Test func twoWordNamesInProseOrBeforeAVersionAreNotLicenses() {
    // A short name quoted in prose or code names nothing; a field whose value goes on names
    // the longer license ("LGPL-2.1+" is not the bare "LGPL").
    let prose = [
      "// A reference by name, such as \"MIT License\", or a tag.\nlet kind = 2\n",
      "/// The tokenizer keeps `GPL-2+` apart from `GPL-2`.\nfunc fold() {}\n",
    ]
    for text in prose { #expect(Support.ids(text).isEmpty, "\(text)") }
    #expect(Support.ids("License: LGPL-2.1+\n") == ["LGPL-2.1-or-later"])
  }

  @Test func spdxTagsAndExpressions() {
    let result = Support.scan(
      "// SPDX-License-Identifier: (GPL-2.0+ OR MIT) AND Apache-2.0 WITH LLVM-exception\nint x;\n")
    let ids = result.identification.licenses.map(\.license.spdx)
    #expect(ids == ["GPL-2.0-or-later", "MIT", "Apache-2.0", "LLVM-exception"])
    #expect(result.identification.licenses.allSatisfy { $0.kind == .tag && $0.startLine == 1 })
    #expect(
      result.identification.expression
        == "(GPL-2.0-or-later OR MIT) AND Apache-2.0 WITH LLVM-exception")
    let unknown = Support.scan("# SPDX-License-Identifier: LicenseRef-Acme-Internal\n")
    #expect(unknown.identification.licenses.map(\.license.spdx) == ["LicenseRef-Acme-Internal"])
  }

  @Test func spdxTagsInAnyCaseAndPlaceAreFound() {
    // The tag's name is searched before the regex runs: any ASCII case, at the very start or
    // end of a file, after long code, and with no line break at the end.
    let code = String(repeating: "total += compute(item, 42);\n", count: 300)
    let cases = [
      "spdx-license-identifier: MIT",
      code + "/* Spdx-License-Identifier: MIT */\n",
      "#!/bin/sh\n# SPDX-LICENSE-IDENTIFIER: MIT\n" + code,
      code + "// sPdX-lIcEnSe-IdEnTiFiEr: MIT",
    ]
    for text in cases {
      #expect(Support.ids(text) == ["MIT"], "\(text.suffix(60))")
    }
    // The value runs to the end of its line, even when it names the tag again; the colon
    // may follow on the next line; each line's tag is found once, in order.
    let lines = Support.scan(
      "// SPDX-License-Identifier: MIT\nspdx-license-identifier\n  : Apache-2.0\n"
        + code + "# SPDX-License-Identifier: BSD-3-Clause SPDX-License-Identifier: MIT\n")
    #expect(
      lines.identification.licenses.filter { $0.kind == .tag }.map(\.license.spdx)
        == ["MIT", "Apache-2.0", "BSD-3-Clause"])
    // Not a tag (its name is wrong); the words still state a license field, found by rule.
    let malformed = Support.scan(code + "// SPDX-License: MIT\n").identification.licenses
    #expect(malformed.allSatisfy { $0.kind != .tag })
  }

  /// A Python package's core metadata (2.4) states its license in a `License-Expression`
  /// field; the words at any other place than a line's start of package metadata are prose
  /// about the field.
  @Test func thePackageMetadataLicenseExpressionIsATag() {
    let metadata = Support.scan(
      "Metadata-Version: 2.4\nName: harbourlights\nVersion: 0.3.1\n"
        + "License-Expression: Apache-2.0 OR MIT\nRequires-Python: >=3.9\n\nLights a harbour.\n"
    ).identification
    let tags = metadata.licenses.filter { $0.kind == .tag }
    #expect(tags.map(\.license.spdx) == ["Apache-2.0", "MIT"])
    #expect(tags.allSatisfy { $0.startLine == 4 && $0.rule == "license-expression" })
    #expect(metadata.expression == "Apache-2.0 OR MIT")
    let texts = [
      "Metadata-Version: 2.4\nName: x\nOur build writes a License-Expression: Zlib field.\n",
      "# Publishing\n\nThe wheel's metadata then holds this line:\n\nLicense-Expression: Zlib\n",
    ]
    for text in texts {
      let licenses = Support.scan(text).identification.licenses
      #expect(licenses.allSatisfy { $0.kind != .tag }, "\(text)")
    }
  }

  /// A license's two-word name alone on its line is a title that states the license (a
  /// source header's "MIT License", an npm module's "MIT Licensed"); the same words wrapped
  /// onto a line of their own from a sentence ("incompatible with / the GPL.") name it only.
  @Test func aTwoWordNameAloneOnItsLineIsATitle() {
    let headers = [
      "# Copyright (c) 2031 Saltmarsh Acoustics\n# Author: Wren Ito\n# MIT License\nimport os\n",
      "/*!\n * tidepool\n * Copyright(c) 2031 Wren Ito\n * MIT Licensed\n */\n'use strict';\n",
    ]
    for text in headers { #expect(Support.ids(text) == ["MIT"], "\(text)") }
    let wrapped = Support.scan(
      "      Both toolkits carry permissive licenses. Note that neither is compatible with\n"
        + "      the GPL.\n")
    #expect(wrapped.identification.licenses.isEmpty)
    #expect(wrapped.identification.clues.map(\.license.spdx) == ["GPL-1.0-or-later"])
  }

  @Test func shortNoticesMatchThroughRules() {
    #expect(
      Support.ids("This project is licensed under the Apache License, Version 2.0.") == [
        "Apache-2.0"
      ])
    #expect(Support.ids("Released under the MIT license; see LICENSE for details.") == ["MIT"])
  }

  @Test func aNameReadOnWithItsVersionIsTheVersionedLicense() {
    // A statement whose rule stops at a license's name gives way to the match of the name with
    // the version and "or later" the text goes on to give.
    let notices = [
      (
        "# The tidewater parser: licensed under the GNU Lesser General Public License v2.1 or"
          + " later.\n", "LGPL-2.1-or-later"
      ),
      (
        "// Part of quillkit, distributed under the terms of the GNU General Public License v3.0"
          + " or later.\n", "GPL-3.0-or-later"
      ),
      (
        "The Debian packaging is licensed under the GPL-2, see the common licenses.\n",
        "GPL-2.0-only"
      ),
    ]
    for (text, spdx) in notices { #expect(Support.ids(text) == [spdx], "\(text)") }
    // Without a version after the name, the statement names what it did before.
    let unversioned = [
      (
        "// quillkit is distributed under the terms of the GNU General Public License.\n",
        "GPL-1.0-or-later"
      ),
      (
        "# The tidewater parser: licensed under the GNU Lesser General Public License v2.1.\n",
        "LGPL-2.1-only"
      ),
    ]
    for (text, spdx) in unversioned { #expect(Support.ids(text) == [spdx], "\(text)") }
    // Words after the name that start a match of their own are not part of the name.
    let fields = Support.ids(
      "Files: tests/*\nCopyright: Dedicated to the Public Domain\nLicense: CC0\n")
    #expect(fields.contains("CC0-1.0"))
  }

  @Test func aShortNameAfterTheTermsOfIsStated() {
    // "the terms of the" between the licensing word and the name does not make it a clue.
    let result = Support.scan(
      "/* libtidewater is distributed under the terms of the ISC License. */\n")
    #expect(result.identification.licenses.map(\.license.spdx) == ["ISC"])
    #expect(result.identification.clues.isEmpty)
    // The name in prose, with no licensing word before it, states nothing.
    #expect(Support.ids("// The ISC License is shorter than most.\n").isEmpty)
  }

  @Test func licenseLikeTextThatMatchesNothingIsUnknown() throws {
    // Half of the MPL-2.0 text, with its sentences shuffled into our own frame.
    let mpl = try Support.licenseText("mpl-2.0")
    let paragraphs = mpl.components(separatedBy: "\n\n")
    let partial = stride(from: 0, to: paragraphs.count, by: 3).map { paragraphs[$0] }.joined(
      separator: "\n\n")
    // The paragraphs that still match name MPL-2.0; the license-like rest is unknown text.
    let ids = Support.ids("Acme Terms\n\n" + partial)
    #expect(ids.contains("LicenseRef-unknown"))
    #expect(!ids.contains { $0 != "MPL-2.0" && $0 != "LicenseRef-unknown" })
  }
}

@Suite("SPDX tag values")
struct SPDXTagValueTests {
  @Test func proseAfterTheExpressionIsNotTakenForIds() {
    let ids = Support.scan("SPDX-License-Identifier: CAL-1.0 Licensed under the Cryptographic\n")
      .identification.licenses.filter { $0.kind == .tag }.map(\.license.spdx)
    #expect(ids == ["CAL-1.0"])
    let closed = Support.scan("/* SPDX-License-Identifier: MIT OR Apache-2.0 */\n")
    #expect(closed.identification.expression == "MIT OR Apache-2.0")
    let dangling = Support.scan("# SPDX-License-Identifier: (MIT OR\n")
    #expect(dangling.identification.licenses.filter { $0.kind == .tag }.isEmpty)
  }
}
