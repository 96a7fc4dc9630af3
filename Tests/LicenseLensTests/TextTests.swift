import LicenseText
import Testing

@Suite("Decoding bytes to text")
struct DecodingTests {
  func decode(_ bytes: [UInt8]) -> Result<DecodedText, TextDecodingFailure> {
    bytes.withUnsafeBytes { TextDecoding.decode($0) }
  }

  @Test func utf8WithAndWithoutBOM() throws {
    let plain = try decode(Array("Licensed under MIT".utf8)).get()
    #expect(plain.encoding == .utf8)
    let bom = try decode([0xEF, 0xBB, 0xBF] + Array("café".utf8)).get()
    #expect(bom.encoding == .utf8WithBOM)
    #expect(String(decoding: bom.utf8, as: UTF8.self) == "café")
  }

  @Test func utf16WithBOMBothEndians() throws {
    let text = "Permission is granted — ü 𝄞"
    let little: [UInt8] =
      [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] as [UInt8] }
    let big: [UInt8] =
      [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] as [UInt8] }
    let decodedLittle = try decode(little).get()
    let decodedBig = try decode(big).get()
    #expect(decodedLittle.encoding == .utf16LE)
    #expect(decodedBig.encoding == .utf16BE)
    #expect(String(decoding: decodedLittle.utf8, as: UTF8.self) == text)
    #expect(String(decoding: decodedBig.utf8, as: UTF8.self) == text)
  }

  @Test func arrayAndBufferDecodingAgree() throws {
    // The array form shares valid UTF-8 without a BOM instead of copying it; every other
    // kind of input goes the buffer form's way.
    let text = "Permission is granted — ü 𝄞"
    let inputs: [[UInt8]] = [
      Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8),
      [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] as [UInt8] },
      [0x4C, 0x69, 0x63, 0x65, 0x6E, 0xE7, 0x61], [0x7F, 0x45, 0x4C, 0x46, 0x00], [],
    ]
    for input in inputs {
      switch (TextDecoding.decode(input), decode(input)) {
      case (.success(let shared), .success(let copied)):
        #expect(shared.utf8 == copied.utf8)
        #expect(shared.encoding == copied.encoding)
      case (.failure(let shared), .failure(let copied)):
        #expect(shared == copied)
      default:
        Issue.record("array and buffer decoding disagree on \(input)")
      }
    }
  }

  @Test func truncatedUTF16IsAnError() {
    let result = decode([0xFF, 0xFE, 0x41, 0x00, 0x42])
    #expect(throws: TextDecodingFailure.malformedUTF16(byteOffset: 4)) { try result.get() }
  }

  @Test func invalidUTF8FallsBackToLatin1() throws {
    let decoded = try decode([0x4C, 0x69, 0x63, 0x65, 0x6E, 0xE7, 0x61]).get()
    #expect(decoded.encoding == .latin1)
    #expect(String(decoding: decoded.utf8, as: UTF8.self) == "Licença")
  }

  @Test func nulByteMeansBinary() {
    let result = decode([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00, 0x00])
    #expect(throws: TextDecodingFailure.binary(nulByteOffset: 5)) { try result.get() }
  }

  @Test func validatorRejectsOverlongsAndSurrogates() {
    for bad: [UInt8] in [
      [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ] {
      let valid = bad.withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) }
      #expect(!valid, "\(bad)")
    }
    let good = Array("naïve ✓ 𝄞".utf8).withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) }
    #expect(good)
  }

  @Test func validatorFindsBadBytesAfterLongASCIIRuns() {
    // The ASCII fast path reads 32 and 8 bytes at a time: put the interesting bytes at every
    // offset around those block boundaries, and cut sequences at the end of the buffer.
    func isValid(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) }
    }
    let ascii = Array("Permission is hereby granted, free of charge, to any person".utf8)
    for length in 0...ascii.count {
      let prefix = Array(ascii[..<length])
      #expect(isValid(prefix))
      #expect(isValid(prefix + Array("ü ✓ 𝄞".utf8) + ascii))
      #expect(isValid(prefix + [0xC3, 0xBC]))
      #expect(!isValid(prefix + [0xC3]), "truncated at \(length)")
      #expect(!isValid(prefix + [0xE7] + ascii), "latin-1 byte at \(length)")
      #expect(!isValid(prefix + [0xC0, 0xAF] + ascii), "overlong at \(length)")
      #expect(!isValid(prefix + [0x80] + ascii), "continuation byte at \(length)")
      #expect(!isValid(prefix + [0xED, 0xA0, 0x80]), "surrogate at \(length)")
      #expect(!isValid(ascii + prefix + [0xFF]), "0xFF at \(ascii.count + length)")
    }
  }

  @Test func sha256MatchesKnownDigest() {
    let digest = Array("abc".utf8).withUnsafeBytes { FileDigest.sha256Hex($0) }
    #expect(digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}

@Suite("Folding and tokenizing")
struct TokenizerTests {
  func words(_ text: String) -> [UInt64] {
    var tokenizer = Tokenizer()
    var copy = text
    return copy.withUTF8 { tokenizer.tokenize($0) }.hashes
  }

  @Test func caseQuotesDashesAndWidthFold() {
    #expect(words("“AS IS” — Ｗｉｔｈｏｕｔ warranty") == words("\"as is\" - without WARRANTY"))
  }

  @Test func commentMarkersOfManyLanguagesAreDropped() {
    let plain = words("Permission is hereby granted\nfree of charge")
    for wrapped in [
      "// Permission is hereby granted\n// free of charge",
      "/* Permission is hereby granted\n * free of charge */",
      "# Permission is hereby granted\n# free of charge",
      ";; Permission is hereby granted\n;; free of charge",
      "-- Permission is hereby granted\n-- free of charge",
      "<!-- Permission is hereby granted\n     free of charge -->",
      "REM Permission is hereby granted\nREM free of charge",
      "% Permission is hereby granted\n% free of charge",
    ] {
      #expect(words(wrapped) == plain, "\(wrapped)")
    }
  }

  @Test func listNumberingIsDropped() {
    let plain = words("Redistributions must retain\nNeither the name")
    #expect(words("1. Redistributions must retain\n2. Neither the name") == plain)
    #expect(words("(a) Redistributions must retain\n(b) Neither the name") == plain)
    #expect(words("iv) Redistributions must retain\n 3.1 Neither the name") == plain)
    // A number that is part of the sentence stays.
    #expect(words("2 years later") != words("years later"))
  }

  @Test func copyrightStatementsDoNotChangeTheWords() {
    let first = words("Copyright (c) 2019 Alice Example\n\nPermission is hereby granted")
    let second = words("Copyright 2024-2025 Bob Other Corp.\n\nPermission is hereby granted")
    #expect(first == second)
    #expect(first == words("Permission is hereby granted"))
    // A sentence about copyright notices is license text, not a statement.
    #expect(words("copyright notice and this permission notice").count == 6)
  }

  @Test func equivalentSpellingsFold() {
    #expect(words("the Licence and sublicences") == words("the License and sublicenses"))
    #expect(words("the copyright owner") == words("the copyright holder"))
  }

  @Test func aPlusAfterALetterOrDigitStaysInItsWord() {
    // "GPL-2+" (or later) is not "GPL-2" (only): the `+` is part of the version word, once.
    #expect(words("License: GPL-2+") != words("License: GPL-2"))
    #expect(words("GPL-2+") == [TokenHash.hash("gpl"), TokenHash.hash("2+")])
    #expect(
      words("GPL-2.0+") == [TokenHash.hash("gpl"), TokenHash.hash("2"), TokenHash.hash("0+")])
    #expect(words("C++ and a++b") == ["c+", "and", "a+", "b"].map { TokenHash.hash($0) })
    // A `+` that follows no letter or digit is a word break, as other punctuation.
    #expect(words("3 + 4, +x") == words("3 4 x"))
    // The ICU path keeps it the same way.
    #expect(words("GPL-2+ naïve") == ["gpl", "2+", "naïve"].map { TokenHash.hash($0) })
  }

  @Test func asciiFastPathAgreesWithICU() {
    // A pure ASCII line is folded in Swift; the same line with a non-ASCII word at its end goes
    // through ICU. The words before that last one must be the same.
    let accented = TokenHash.hash("é")
    for line in [
      "// Permission is hereby granted, free of charge, to any person obtaining a copy",
      " * THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR",
      "#\tLicensed under the Apache License, Version 2.0 (the \"License\");",
      "-- SPDX-License-Identifier: GPL-2.0-or-later OR MIT",
      "3. Neither the name of the copyright holder nor the names of its contributors",
      "(iv) x86_64 builds: see <https://www.gnu.org/licenses/>; e-mail foo@bar.org.",
      "<!-- mixedCASE Words_with_underscores and digits 123abc4 -->",
      "REM [brackets] {braces} `ticks` ~tilde^ caret|pipe \\ backslash $dollar &amp; 100%",
      "control\u{01}bytes\u{7F}and\u{0C}form feeds\u{0B}tab\tend",
      "the Licence and sublicences; the Copyright Owners",
      "License: GPL-2+ or LGPL-2.1+, C++ and a++b; +x 3 + 4 (GPL-2.0+)",
    ] {
      let ascii = words(line)
      let icu = words(line + " é")
      #expect(icu == ascii + [accented], "\(line)")
      #expect(words(line + "\r\n" + line) == ascii + ascii, "\(line)")
    }
    // Non-ASCII punctuation and letters inside a line go through ICU.
    #expect(words("Foo—bar «baz» naïve ＭＩＴ") == words("foo bar baz naïve mit"))
  }

  @Test func lineEndsAtEveryOffset() {
    // Line ends are found 8 bytes at a time: put them at every offset of a block.
    var tokenizer = Tokenizer()
    for length in 0...20 {
      let word = String(repeating: "a", count: length)
      for separator in ["\n", "\r", "\r\n", "\n\r", " é\n"] {
        var text = word + separator + "Next Line" + separator + word + "end"
        let stream = text.withUTF8 { tokenizer.tokenize($0) }
        let breaks = separator == "\n\r" ? 2 : 1
        let wordCount = (length > 0 ? 1 : 0) + 3 + (separator == " é\n" ? 2 : 0)
        #expect(stream.lineCount == 1 + 2 * breaks, "\(length) \(separator)")
        #expect(stream.count == wordCount, "\(length) \(separator)")
        #expect(stream.lines.last == UInt32(1 + 2 * breaks), "\(length) \(separator)")
      }
    }
  }

  @Test func tokensKeepTheirLines() {
    var tokenizer = Tokenizer()
    var text = "first line\r\nsecond\rthird\n\nfifth word"
    let stream = text.withUTF8 { tokenizer.tokenize($0) }
    #expect(stream.lines == [1, 1, 2, 3, 5, 5])
    #expect(stream.lineCount == 5)
  }
}

@Suite("Line breaks")
struct LineBreakTests {
  @Test func linesOfATextFollowTheLineBreakRule() {
    func lines(_ text: String) -> [String] {
      let bytes = Array(text.utf8)
      return bytes.withUnsafeBufferPointer { buffer in
        LineBreaks.lines(of: buffer).map {
          "\($0.number):" + String(decoding: buffer[$0.range], as: UTF8.self)
        }
      }
    }
    #expect(lines("a\nb\r\nc\rd") == ["1:a", "2:b", "3:c", "4:d"])
    // A final break ends its line and opens an empty last one; an empty text is one line.
    #expect(lines("a\r\n") == ["1:a", "2:"])
    #expect(lines("\r\r") == ["1:", "2:", "3:"])
    #expect(lines("") == ["1:"])
  }

  @Test func lineRangesInOnePassAreTheLinesRanges() {
    // A notice with every kind of line ending, breaks on both sides of 8-byte word bounds (a
    // carriage return and line feed split across two words among them), vertical tabs and
    // form feeds, tabs and shift-outs (bytes near the breaks' values, also right after a break
    // or a tab), and non-ASCII text.
    let notice = [
      "Copyright (c) 2024 Jörg Müller\r\n", "\r\n",
      "Permission is hereby granted, free of charge,\n", "to any person obtaining a copy\r",
      "of this software.\u{0B}\u{0C}\r\n", "\n\n\r\r",
      "page\n\u{0B}\u{0E}break\r\u{0C}\u{0E}here\tand\t\u{0E}there\n",
      "THE SOFTWARE IS PROVIDED \"AS IS\"",
    ]
    var texts: [[UInt8]] = [[], Array("\n".utf8), Array("\r\n".utf8), Array("abc".utf8)]
    for shift in 0..<9 {
      let body = String(repeating: "x", count: shift) + notice.joined()
      texts.append(Array(body.utf8))
      texts.append(Array((body + "\r").utf8))
      texts.append(Array((body + "\r\n").utf8))
    }
    for text in texts {
      text.withUnsafeBufferPointer { buffer in
        var ranges: [Range<Int>] = []
        LineBreaks.appendLineRanges(of: buffer, to: &ranges)
        #expect(ranges == LineBreaks.lines(of: buffer).map(\.range))
        // The break bytes bound the lines: one more line than breaks, a CR LF pair two bytes.
        let bytes = LineBreaks.breakBytes(in: buffer)
        #expect(ranges.count <= bytes + 1)
        #expect(bytes == buffer.filter { $0 == 0x0A || $0 == 0x0D }.count)
      }
    }
  }

  @Test func lineCounterAgreesWithTheTokenizerOnMixedEndings() {
    let text = Array("alpha beta\ngamma\r\ndelta\repsilon\r\rzeta\n\neta".utf8)
    var tokenizer = Tokenizer()
    let stream = text.withUnsafeBufferPointer { tokenizer.tokenize($0) }
    #expect(stream.lines == [1, 1, 2, 3, 4, 6, 8])
    // The line of each word's first byte, asked in increasing order.
    var starts: [Int] = []
    for (offset, byte) in text.enumerated() where byte >= 0x61 && byte <= 0x7A {
      if offset == 0 || !(text[offset - 1] >= 0x61 && text[offset - 1] <= 0x7A) {
        starts.append(offset)
      }
    }
    let lines = text.withUnsafeBufferPointer { buffer in
      var counter = LineCounter(text: buffer)
      return starts.map { UInt32(counter.line(at: $0)) }
    }
    #expect(lines == stream.lines)
  }
}
