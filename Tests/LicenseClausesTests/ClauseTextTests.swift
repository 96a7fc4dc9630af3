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

  @Test func keepsAbbreviationsInsideSentences() {
    let text = ClauseText("Use e.g. the U.S. Department of State rules. Next.")
    #expect(text.sentences.count == 2)
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
