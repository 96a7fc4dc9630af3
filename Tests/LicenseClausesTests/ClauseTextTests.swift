import Foundation
import LicenseClauses
import Testing

@Suite struct ClauseTextTests {
  @Test func joinsWrappedLinesAndKeepsLineNumbers() {
    let text = ClauseText("Title\n\nYou may not\nuse the model. Second sentence here.\n")
    let folded = text.sentences.map { text.foldedText(of: $0) }
    #expect(folded == ["title", "you may not use the model.", "second sentence here."])
    #expect(text.sentences[1].startLine == 3)
    #expect(text.sentences[1].endLine == 4)
    #expect(text.sentences[2].startLine == 4)
  }

  @Test func stripsCommentMarkersBulletsAndListNumbers() {
    let text = ClauseText("// 1. First rule;\n# * (b) Second RULE\n  iv. Third  rule\n")
    let folded = text.sentences.map { text.foldedText(of: $0) }
    #expect(folded == ["first rule;", "second rule", "third rule"])
  }

  @Test func commentLinesCarryOnOneSentence() {
    // A license header wrapped over comment lines reads as the sentences it is made of.
    let block = ClauseText(
      "/*\n * Copyright 2024 Example Makers.\n * You may not use, copy or\n * distribute this"
        + " file for commercial\n * purposes without a license.\n */\n")
    #expect(
      block.sentences.map { block.foldedText(of: $0) } == [
        "copyright 2024 example makers.",
        "you may not use, copy or distribute this file for commercial purposes without a license.",
      ])
    #expect(block.sentences[1].startLine == 3 && block.sentences[1].endLine == 5)
    #expect(block.sentences.allSatisfy { !$0.startsItem })
    for marker in ["//", "#", "--", ";;", "%", ">"] {
      let text = ClauseText("\(marker) You may not sell this model\n\(marker) or rent it.\n")
      #expect(
        text.sentences.map { text.foldedText(of: $0) } == [
          "you may not sell this model or rent it."
        ],
        "marker \(marker)")
    }
    // A comment after code starts a sentence of its own; wrapped lines after a comment carry
    // it on.
    let code = ClauseText("total += row[1]\n// Non-commercial use only.\n")
    #expect(
      code.sentences.map { code.foldedText(of: $0) } == [
        "total += row[1]", "non-commercial use only.",
      ])
    // A '#' comment line without closing punctuation inside a comment is no heading.
    let hashes = ClauseText(
      "# Licensed under these terms;\n# You may obtain a copy at\n# the site.\n")
    #expect(hashes.sentences.allSatisfy { !$0.isHeading })
    #expect(hashes.foldedText(of: hashes.sentences[1]) == "you may obtain a copy at the site.")
  }

  @Test func bulletsAfterACommentMarkerStillStartItems() {
    // Inside a block comment, a bullet or number after the '*' starts an item; outside one, a
    // single '*' is a Markdown bullet.
    let block = ClauseText("/*\n * You may not:\n *  - sell the model;\n *  2. rent it.\n */\n")
    #expect(block.sentences.dropFirst().allSatisfy { $0.startsItem })
    #expect(block.listScope(after: 0) == 1..<3)
    let markdown = ClauseText("You may not:\n* sell the model\n* rent it\n")
    #expect(markdown.sentences.count == 3)
    #expect(markdown.sentences.dropFirst().allSatisfy { $0.startsItem })
    // Star lines indented by one space are a comment even without their '/*' line.
    let starred = ClauseText(
      " * This program is yours under these\n * conditions:\n *\n * You may sell it\n"
        + " * solely as part of a larger work.\n *   (i) made for our products;\n")
    #expect(
      starred.sentences.map { starred.foldedText(of: $0) } == [
        "this program is yours under these conditions:",
        "you may sell it solely as part of a larger work.", "made for our products;",
      ])
    #expect(starred.sentences.map(\.startsItem) == [false, false, true])
    // A path such as src/* in prose opens no block comment.
    let prose = ClauseText("Files under src/* are covered.\n* sell the model\n* rent it\n")
    #expect(prose.sentences.count == 3)
  }

  @Test func wordProcessorBulletsStartListItems() {
    let lines = [
      "\u{2022} rent the software;", "\u{00B7} lease the software;", "\u{F0B7} lend the software;",
      "\u{10FC00} host the software;", "\u{2013} sell the software;", ". share the software;",
    ]
    let text = ClauseText("You may not:\n" + lines.joined(separator: "\n") + "\n")
    let items = text.sentences.dropFirst()
    #expect(items.count == lines.count)
    #expect(items.allSatisfy { $0.startsItem })
    #expect(
      items.map { text.foldedText(of: $0) } == [
        "rent the software;", "lease the software;", "lend the software;", "host the software;",
        "sell the software;", "share the software;",
      ])
    #expect(text.listScope(after: 0) == 1..<(lines.count + 1))
  }

  @Test func theLetterOBeforeACapitalIsABullet() {
    let text = ClauseText(
      "You shall not:\no  Make copies of the game or its\nmanuals.\no  Rent the game.\n"
        + "o you may keep it, o Reader.\n")
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "you shall not:", "make copies of the game or its manuals.", "rent the game.",
        "o you may keep it, o reader.",
      ])
    #expect(text.sentences.map(\.startsItem) == [false, true, true, false])
  }

  @Test func moreConverterBulletsStartListItems() {
    let bullets = [
      "\u{2014}", "\u{2043}", "\u{2219}", "\u{25CB}", "\u{25C6}", "\u{25B8}", "\u{25BA}",
      "\u{27A2}", "\u{27A4}",
    ]
    let lines = bullets.map { "\($0) spam other users;" }
    let text = ClauseText(
      "Users may not use the forum to:\n" + lines.joined(separator: "\n") + "\n")
    #expect(text.sentences.count == bullets.count + 1)
    #expect(text.sentences.dropFirst().allSatisfy { $0.startsItem })
    #expect(
      text.sentences.dropFirst().allSatisfy { text.foldedText(of: $0) == "spam other users;" })
    // A dash inside a line, or one not followed by a space, starts nothing.
    let prose = ClauseText("The term\u{2014}five years\u{2014}runs on.\n\u{2014}Quoted.\n")
    #expect(prose.sentences.allSatisfy { !$0.startsItem })
  }

  @Test func keepsAbbreviationsInsideSentences() {
    let text = ClauseText("Use e.g. the U.S. Department of State rules. Next.")
    #expect(text.sentences.count == 2)
  }

  @Test func anExclamationMarkBeforeALowercaseWordEndsNoSentence() {
    // A product name with "!" in it, inside a sentence; before a capital "!" still ends one.
    let text = ClauseText(
      "The Tidy Up! tool is free to use. Tidy Up! may not be sold or rented without our "
        + "written consent. Tidy Up! IS GIVEN AS IS. Great! You are done.\n")
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "the tidy up! tool is free to use.",
        "tidy up! may not be sold or rented without our written consent.", "tidy up!",
        "is given as is.", "great!", "you are done.",
      ])
  }

  @Test func aWordHyphenatedAtTheLineEndStaysOneWord() {
    // "non-" / "commercial" is one word; a dash after a space, or a capital after the hyphen,
    // joins nothing.
    let text = ClauseText(
      "The kit is licensed for non-\ncommercial purposes only, royalty-\nfree. Keep it -\n"
        + "always. See the ACME-\nKit notes.\n")
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "the kit is licensed for non-commercial purposes only, royalty-free.",
        "keep it - always.", "see the acme- kit notes.",
      ])
    #expect(text.sentences[0].startLine == 1)
    #expect(text.sentences[0].endLine == 3)
  }

  @Test func foldsTypographicQuotesAndCase() {
    let text = ClauseText("Display “BUILT WITH” on the licensee’s page.")
    #expect(
      text.foldedText(of: text.sentences[0]) == "display \"built with\" on the licensee's page.")
    #expect(text.originalText(of: text.sentences[0]).contains("“BUILT WITH”"))
  }

  @Test func colonAtLineEndEndsTheLeadIn() {
    let text = ClauseText("You agree not to use the model:\nto harm people;\n")
    #expect(text.sentences.count == 2)
  }

  @Test func dropsMarkdownEmphasisAndTags() {
    let text = ClauseText("**Llama 9** **Acceptable Use Policy** <span a=\"b\">x</span>\n")
    #expect(text.foldedText(of: text.sentences[0]) == "llama 9 acceptable use policy x")
  }

  @Test func repairsInvalidUTF8() {
    let text = ClauseText(utf8: Array("ok ".utf8) + [0xFF, 0xFE] + Array(" fine.".utf8))
    #expect(text.sentences.count == 1)
  }

  @Test func emptyInputHasNoSentences() {
    #expect(ClauseText("").sentences.isEmpty)
    #expect(Fixtures.scanner.scan("").hits.isEmpty)
  }
}

@Suite struct ListScopeTests {
  @Test func aListRunsFromItsColonToTheItemThatClosesIt() {
    let text = ClauseText(
      """
      You agree that you will not use the tool to:
      1. watch people without their knowledge;
      2. decide who gets a loan, or
      3. run a weapons programme.
      Everything else is allowed.
      """)
    let folded = text.sentences.map { text.foldedText(of: $0) }
    #expect(folded.count == 5)
    #expect(text.listScope(after: 0) == 1..<4)
    #expect(text.sentences[1].startsItem && !text.sentences[4].startsItem)
    // A sentence that does not end with a colon opens no list.
    #expect(text.listScope(after: 4).isEmpty)
  }

  @Test func itemsThatCloseTheirSentencesStillBelongToTheList() {
    let text = ClauseText(
      "You shall not:\n(a) copy the manual.\n(b) sell the manual.\n\nThe manual is yours to read.\n"
    )
    #expect(text.listScope(after: 0) == 1..<3)
  }

  @Test func aMarkdownHeadingEndsAList() {
    let text = ClauseText(
      "You must not use the model to:\n1. watch people;\n2. run a weapons programme.\n\n"
        + "## Reporting\n\nTell us about misuse.\n")
    #expect(text.listScope(after: 0) == 1..<3)
    #expect(text.sentences[3].isHeading)
    // A '#' comment line that is a sentence is not a heading.
    #expect(!ClauseText("# You may not sell copies.\n").sentences[0].isHeading)
  }

  /// A fresh temporary folder holding the clause rule files `rules` (file name without
  /// `.yaml`, YAML text); the caller removes it.
  static func catalogFolder(_ rules: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "clause-rules-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, yaml) in rules {
      try Data(yaml.utf8).write(to: folder.appendingPathComponent(name + ".yaml"))
    }
    return folder
  }

  @Test func listIntrosMakeEveryItemAHitAndListItemsFilterThem() throws {
    let folder = try Self.catalogFolder([
      "use.example-list": """
      id: use.example-list
      freedoms: [use]
      severity: blocks
      rationale: 'Listed purposes are forbidden.'
      literals: ['not use']
      patterns: ['\\bnever matches anything here\\b']
      list_intros: ['\\bnot use\\b.{0,80}:$']
      list_items: ['\\b(?:watch|weapons?)\\b']
      examples:
        positive: ['You will not use it to:']
        negative: ['You may use it.']
      """
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let scanner = ClauseScanner(catalog: try ClauseCatalog.load(directory: folder))
    let scan = scanner.scan(
      "You will not use the tool to:\n- watch people;\n- bake bread;\n- build weapons.\n"
        + "Watch the tide.\n")
    #expect(scan.hits.map(\.startLine) == [1, 2, 4])
  }

  @Test func aVariantUnlessTheDocumentHasAGrantIsWithdrawnWhereTheGrantIsFound() throws {
    let main = """
      id: modify.example
      freedoms: [modify]
      severity: blocks
      rationale: 'No changes.'
      literals: ['not change']
      patterns: ['\\bmay not change\\b']
      examples:
        positive: ['You may not change the files.']
        negative: ['You may read the files.']
      """
    let variant = """
      id: modify.example
      variant: unmodified
      freedoms: [modify]
      severity: blocks
      rationale: 'Only unmodified copies may be passed on.'
      literals: ['unmodified']
      patterns: ['\\bunmodified copies\\b']
      unless_document_has: [grant.example-modify]
      examples:
        positive: ['You may hand out unmodified copies.']
        negative: ['You may hand out copies.']
      """
    let grant = """
      id: grant.example-modify
      freedoms: [modify]
      severity: grant
      rationale: 'A grant to change the work.'
      literals: ['change']
      patterns: ['\\bmay change\\b']
      examples:
        positive: ['You may change the files.']
        negative: ['You may read the files.']
      """
    let folder = try Self.catalogFolder([
      "modify.example": main, "modify.example.unmodified": variant,
      "grant.example-modify": grant,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let scanner = ClauseScanner(catalog: try ClauseCatalog.load(directory: folder))
    #expect(scanner.catalog.rule(id: "modify.example")?.definition.variant == nil)
    let alone = "You may give unmodified copies of the tool to anyone.\n"
    let granted = alone + "You may change the tool as you like.\n"
    // The variant reports under its clause id; a sentence both rules find is one hit.
    #expect(scanner.scan(ClauseText(alone)).hits.map(\.id) == ["modify.example"])
    let both = "You may not change the unmodified copies you hand out.\n"
    #expect(scanner.scan(ClauseText(both)).hits.count == 1)
    #expect(scanner.scan(ClauseText(granted)).hits.isEmpty)
    // The grant decides even in a scan that reports no grants, and is not reported there.
    let quiet = scanner.scan(ClauseText(granted), grants: false)
    #expect(quiet.hits.isEmpty && quiet.grants.isEmpty)
    #expect(scanner.scan(ClauseText(granted)).grants.map(\.id) == ["grant.example-modify"])
    // A condition naming no rule, or a variant of no rule, is refused when the catalog loads.
    for (name, text) in [
      (
        "modify.example.unmodified",
        variant.replacingOccurrences(
          of: "[grant.example-modify]", with: "[grant.absent]")
      ),
      ("modify.example", main.replacingOccurrences(of: "id: modify.example", with: "id: other")),
    ] {
      let broken = try Self.catalogFolder(
        [
          "modify.example": main, "modify.example.unmodified": variant,
          "grant.example-modify": grant,
        ].merging([name: text]) { _, new in new })
      defer { try? FileManager.default.removeItem(at: broken) }
      #expect(throws: CatalogError.self) { try ClauseCatalog.load(directory: broken) }
    }
  }
}

@Suite struct CapitalsTests {
  @Test func aWrappedAllCapsParagraphStaysOneSentence() {
    let text = ClauseText(
      """
      EXAMPLE TOOLS END USER LICENSE AGREEMENT

      2. RESTRICTIONS. YOU MAY NOT RENT, LEASE OR
      LEND THE SOFTWARE, NOR MAY YOU SELL COPIES
      OF IT TO ANY THIRD PARTY.
      THE SOFTWARE IS LICENSED, NOT SOLD, AND ALL RIGHTS NOT GRANTED
      TO YOU IN THIS AGREEMENT ARE RESERVED BY THE VENDOR AND ITS SUPPLIERS
      WORLDWIDE
      IN EVERY COUNTRY.
      """)
    let folded = text.sentences.map { text.foldedText(of: $0) }
    #expect(
      folded == [
        "example tools end user license agreement", "restrictions.",
        "you may not rent, lease or lend the software, nor may you sell copies of it to any third party.",
        "the software is licensed, not sold, and all rights not granted to you in this agreement are reserved by the vendor and its suppliers worldwide in every country.",
      ])
    #expect(text.sentences.map(\.startLine) == [1, 3, 3, 6])
    #expect(text.sentences.map(\.endLine) == [1, 3, 5, 9])
  }

  @Test func aHeadingInCapitalsStillEndsItsSentence() {
    let text = ClauseText(
      """
      SAMPLE COMMUNITY LICENSE AGREEMENT
      Version 2, March 2025.
      LIMITATION OF LIABILITY
      IN NO EVENT WILL THE AUTHORS BE LIABLE FOR ANY DAMAGES.
      DISCLAIMER
      THE WORK IS PROVIDED AS IS
      OF ANY KIND WHATSOEVER.
      Use it well.
      """)
    let folded = text.sentences.map { text.foldedText(of: $0) }
    #expect(
      folded == [
        "sample community license agreement", "version 2, march 2025.", "limitation of liability",
        "in no event will the authors be liable for any damages.", "disclaimer",
        "the work is provided as is of any kind whatsoever.", "use it well.",
      ])
    #expect(text.sentences.map(\.startLine) == [1, 2, 3, 4, 5, 6, 8])
    #expect(text.sentences.map(\.endLine) == [1, 2, 3, 4, 5, 7, 8])
  }
}

/// Items of a list read with the prohibition of the sentence that opens it.
@Suite struct InheritedProhibitionTests {
  /// The text of sentence `index` as the patterns read it with the prohibition it inherits.
  private func matchedText(_ text: ClauseText, _ index: Int) -> String {
    let sentence = text.sentences[index]
    return String(decoding: text.folded[sentence.matched], as: UTF8.self)
  }

  @Test func itemsOfAListOfProhibitionsInheritItsNegation() {
    // A list on its own lines after "shall not:", and one inline after "agree not to: (i)".
    let lines = ClauseText(
      "Licensee shall not:\n(a) copy the manual;\n(b) sell the manual.\n\nThe manual is yours.\n")
    #expect(lines.sentences.map(\.context) == [0, 12, 12, 0])
    #expect(matchedText(lines, 1) == "you may not copy the manual;")
    #expect(lines.foldedText(of: lines.sentences[1]) == "copy the manual;")
    let inline = ClauseText(
      "You agree not to: (i) rent the kit; (ii) attempt to change it in any way, or decompile "
        + "it; (iii) host it. You may keep a backup.")
    #expect(inline.sentences.map(\.context) == [0, 12, 12, 0])
  }

  @Test func theIntrosNextSiblingClosesItsList() {
    // The intro is itself item 5; its list runs over deeper items and ends at the next "5.".
    let text = ClauseText(
      "5. The kit must not be used by anyone who:\n   1. sells weapons, or funds\n"
        + "      * mines\n      * casinos\n\n   2. blocks unions\n\n   ; and\n"
        + "6. If you ship the kit, include the notice\n   with it; and\n(a) Licensee shall not:\n"
        + "(i) sell the kit;\n(ii) rent it;\n(b) Licensee keeps records\n   of its use.\n")
    let contexts = text.sentences.map { ($0.startLine, $0.context) }
    #expect(contexts.filter { $0.1 > 0 }.map(\.0) == [2, 3, 4, 6, 8, 12, 13])
    // Without the rule the items of the first list ran on into item 6 and its lines.
    #expect(text.sentences.first { $0.startLine == 9 }?.context == 0)
    #expect(text.sentences.first { $0.startLine == 14 }?.context == 0)
  }

  @Test func inlineRomanNumbersStartItemsOfTheList() {
    // An item number after ", " or "; " starts the next item; the list goes on after it.
    let text = ClauseText(
      "Except as this agreement allows, you may not:\ni. use the kit;\n"
        + "ii. decompile any part shipped as binary, iii. rent or lease the kit;\n"
        + "iv. assign this agreement; v. sell copies;\nvi. translate the kit.\n\nThe kit is yours.\n"
    )
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "except as this agreement allows, you may not:", "use the kit;",
        "decompile any part shipped as binary,", "iii. rent or lease the kit;",
        "assign this agreement;", "v. sell copies;", "translate the kit.", "the kit is yours.",
      ])
    #expect(text.sentences.map(\.context) == [0, 12, 12, 12, 12, 12, 12, 0])
    #expect(text.sentences[3].startsItem)
    // A roman-looking word that ends a sentence in prose starts nothing.
    let prose = ClauseText("Read clause ii. Then sign it.\n")
    #expect(
      prose.sentences.map { prose.foldedText(of: $0) } == ["read clause ii.", "then sign it."])
    #expect(prose.sentences.allSatisfy { !$0.startsItem })
  }

  @Test func itemsThatNeedTheLicensorsPermissionInheritAProhibition() {
    let text = ClauseText(
      "You may run the kit for your own projects. A commercial licence from the maker is "
        + "required for the following uses:\n  a. selling the kit to others.\n  b. hosting it "
        + "as a paid service.\n\nThe kit is yours to study.\n")
    #expect(text.sentences.map(\.context) == [0, 0, 12, 12, 0])
    #expect(matchedText(text, 3) == "you may not hosting it as a paid service.")
    // A list of what is required, with no permission asked for, inherits nothing.
    let duties = ClauseText(
      "Attribution is required for the following uses:\n  a. printed copies.\n")
    #expect(duties.sentences.allSatisfy { $0.context == 0 })
    // The permission word is a whole word or its plural: "licenses", not "licensee's".
    let plural = ClauseText(
      "Separate licenses are required for the following uses:\n  a. resale.\n")
    #expect(plural.sentences.map(\.context) == [0, 12])
    let licensee = ClauseText(
      "The licensee's name is required for the following uses:\n  a. printed copies.\n")
    #expect(licensee.sentences.allSatisfy { $0.context == 0 })
  }

  @Test func indentedLinesWithoutBulletsAreItemsOfTheirIntro() {
    // One item a line, indented under an intro that ends with a colon, without bullets.
    let text = ClauseText(
      "The Pages may not include:\n\n    Betting or lottery content\n"
        + "    Sites built only to show ads.\n\nAsk us if unsure.\n")
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "the pages may not include:", "betting or lottery content",
        "sites built only to show ads.", "ask us if unsure.",
      ])
    #expect(text.sentences.map(\.context) == [0, 12, 12, 0])
    #expect(matchedText(text, 2) == "you may not sites built only to show ads.")
    // Items that end with ";" or run long, after "does not allow:".
    let long = ClauseText(
      "This permit does not allow:\n  Resale of the photos as prints, mugs or other goods, "
        + "unchanged and with nothing of your own added to them in any way\n"
        + "  Use of a person shown in a photo to back a product; or\n  Framing the photos on "
        + "a rival gallery.\nYou may use the photos otherwise.\n")
    #expect(long.sentences.count == 5)
    #expect(long.sentences.map(\.context) == [0, 12, 12, 12, 0])
    // The wrapped lines of an indented paragraph after a colon stay one sentence.
    let wrapped = ClauseText(
      "The terms are as follows:\n    You may copy and share the kit in any medium or format, "
        + "provided\n    that the notice of the Example Foundation or of its Example\n"
        + "    Project stays with each copy.\n")
    #expect(
      wrapped.sentences.map { wrapped.foldedText(of: $0) } == [
        "the terms are as follows:",
        "you may copy and share the kit in any medium or format, provided that the notice of "
          + "the example foundation or of its example project stays with each copy.",
      ])
  }

  @Test func anItemJoinedByAConjunctionStillContinuesAnInlineList() {
    // "; or (iii) ..." is the last item of the list, not a sentence of its own.
    let text = ClauseText(
      "You will not use the kit for (i) any unlawful end; (ii) any use but testing; or (iii) "
        + "copying or selling the kit, unless we agree in writing. You may keep notes.")
    #expect(text.sentences.map(\.context) == [0, 12, 12, 0])
    #expect(matchedText(text, 2).hasPrefix("you may not or (iii) copying or selling the kit"))
  }

  @Test func anInlineListOfProhibitionsPartedByCommasIsCutIntoItems() {
    // Each item after the first begins a sentence of its own and inherits the prohibition.
    let text = ClauseText(
      "Except as this agreement allows, you will not (i) copy or rent the kit, (ii) use the kit\n"
        + "for any purpose, including teaching, other than your own research, or (iii) host it.\n"
        + "You may keep notes.\n")
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "except as this agreement allows, you will not (i) copy or rent the kit,",
        "(ii) use the kit for any purpose, including teaching, other than your own research,",
        "or (iii) host it.", "you may keep notes.",
      ])
    #expect(text.sentences.map(\.context) == [0, 12, 12, 0])
    #expect(text.sentences.map(\.startLine) == [1, 1, 2, 3])
    #expect(text.sentences.map(\.endLine) == [1, 2, 2, 3])
    #expect(matchedText(text, 2) == "you may not or (iii) host it.")
    // A list that no negation opens, whose markers are out of order, or whose items lean on
    // the verb of the intro ("will not use the kit (i) as ..."), stays one sentence.
    for source in [
      "The maker grants you the right to (a) copy the kit, (b) share it, and (c) sell it.",
      "You may not (a) copy the kit, (c) share it.",
      "You will not use the kit (i) as a basis for a loan decision, (ii) for hiring, or (iii) "
        + "to set rents.",
    ] {
      #expect(ClauseText(source).sentences.count == 1, "\(source)")
    }
  }

  @Test func aListOfWhatIsProtectedInheritsNoProhibition() {
    // Item 2 opens a list of what the licensee must not work against: its items are goods
    // to protect, not banned uses. The items of item 1 are banned and keep the prohibition.
    let text = ClauseText(
      "The kit must not be used by any company that:\n  1. makes money from:\n"
        + "     * gambling\n     * tobacco\n\n  2. campaigns against, or acts to hinder:\n"
        + "     * clean air\n     * free elections\n\nThe kit is yours to study.\n")
    #expect(
      text.sentences.map { text.foldedText(of: $0) } == [
        "the kit must not be used by any company that:", "makes money from:", "gambling",
        "tobacco", "campaigns against, or acts to hinder:", "clean air", "free elections",
        "the kit is yours to study.",
      ])
    #expect(text.sentences.map(\.context) == [0, 12, 12, 12, 12, 0, 0, 0])
    // An intro that itself forbids still opens a list of prohibitions.
    let forbids = ClauseText("You may not discriminate against:\n(a) any group of people.\n")
    #expect(forbids.sentences.map(\.context) == [0, 12])
  }

  @Test func anIntroThatDeniesARightOpensAListOfProhibitions() {
    // A licence that says what it does not entitle or authorise its holder to do forbids
    // each item as "shall not:" does.
    let entitle = ClauseText(
      "This licence does not entitle you to:\n(a) rent the kit;\n(b) run it for others.\n")
    #expect(entitle.sentences.map(\.context) == [0, 12, 12])
    #expect(matchedText(entitle, 1) == "you may not rent the kit;")
    let authorise = ClauseText(
      "The grant does not authorise the Licensee to: (i) sell the kit; (ii) lend it. "
        + "Notes are free.")
    #expect(authorise.sentences.map(\.context) == [0, 12, 0])
    let right = ClauseText("You have no right to:\n- copy the manual;\n- share the manual.\n")
    #expect(right.sentences.map(\.context) == [0, 12, 12])
  }

  @Test func aConjunctionOnALineOfItsOwnKeepsTheListOpen() {
    // "or" alone between two items joins them; the list goes on to the item after it.
    let text = ClauseText(
      "You may not: (i) rent the kit;\nor\n(ii) sell the kit to any person. You may lend it.")
    let inherited = text.sentences.filter { $0.context > 0 }.map { text.foldedText(of: $0) }
    #expect(inherited.last?.hasSuffix("sell the kit to any person.") == true)
    #expect(text.sentences.last.map { text.foldedText(of: $0) } == "you may lend it.")
    #expect(text.sentences.last?.context == 0)
  }

  @Test func listsWhoseNegationIsLiftedOrSoftInheritNothing() {
    let texts = [
      "You may not copy the kit except as follows:\n1. you may make one backup;\n",
      "This licence shall not limit your right to:\n(a) study the kit;\n",
      "Uses include, but are not limited to:\n(a) teaching;\n",
      "You may: (a) copy the kit; (b) share it.",
      "Nothing here entitles you to more, and you are entitled to:\n(a) study the kit;\n",
    ]
    for source in texts {
      #expect(ClauseText(source).sentences.allSatisfy { $0.context == 0 }, "\(source)")
    }
  }
}
