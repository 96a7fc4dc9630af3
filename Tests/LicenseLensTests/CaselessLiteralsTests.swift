import Foundation
import Testing

@testable import LicenseText

@Suite("Caseless literal search")
struct CaselessLiteralsTests {
  let literals = CaselessLiterals(["acceptable use", "use policy", "noncommercial"])

  /// The plain answer: lowercase the ASCII letters of the text and search each literal.
  func naive(_ text: [UInt8]) -> Bool {
    let lowered = String(
      decoding: text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    return literals.literals.contains { lowered.contains(String(decoding: $0, as: UTF8.self)) }
  }

  func occurs(_ text: [UInt8]) -> Bool {
    text.withUnsafeBufferPointer { literals.occurs(in: $0) }
  }

  @Test func findsEachLiteralAtEveryOffsetAndCase() throws {
    let prose = Array(try Support.licenseText("mit").utf8)
    #expect(!occurs(prose))
    for literal in ["Acceptable Use", "USE POLICY", "NonCommercial", "noncommercial"] {
      // Every offset modulo the search stride, including the very start and the very end.
      for cut in [0, 1, 2, 3, 4, 5, 6, 7, 8, 200, prose.count - 1, prose.count] {
        var text = Array(prose[0..<cut])
        text.append(contentsOf: Array(literal.utf8))
        text.append(contentsOf: prose[cut...].prefix(cut % 3))
        #expect(occurs(text), "\(literal) after \(cut) bytes")
        #expect(naive(text))
      }
    }
  }

  @Test func agreesWithThePlainSearchOnRealTexts() throws {
    var texts: [[UInt8]] = []
    for key in ["cc-by-nc-4.0", "apache-2.0", "gpl-3.0", "llama-2-license-2023", "bsd-new"] {
      if let text = try? Support.licenseText(key) { texts.append(Array(text.utf8)) }
    }
    #expect(texts.count >= 4)
    var found = 0
    for text in texts {
      // Whole texts and windows that cut literals at every kind of boundary.
      #expect(occurs(text) == naive(text))
      for start in stride(from: 0, to: text.count, by: 997) {
        let window = Array(text[start..<min(text.count, start + 1500)])
        #expect(occurs(window) == naive(window))
        if naive(window) { found += 1 }
      }
    }
    #expect(found > 0)
  }

  @Test func shortAndNonASCIITextsAreHandled() {
    #expect(!occurs([]))
    #expect(!occurs(Array("use".utf8)))
    #expect(occurs(Array("Ünïcode — USE policy ✓".utf8)))
    #expect(!occurs(Array("use\u{00A0}policy".utf8)))
  }

  @Test func startsAreEveryOccurrenceInOrderAndOnce() throws {
    // Occurrences at every offset modulo the stride, back to back, overlapping each other
    // ("use policy" inside "acceptable use policy"), and at the very end, where the last
    // window read overlaps the one before it.
    let prose = Array(try Support.licenseText("mit").utf8)
    for cut in [0, 1, 5, 9, 10, 11, prose.count] {
      var text = Array(prose[0..<cut])
      var expected: [Int] = []
      for literal in ["NonCommercial", "noncommercial ", "Acceptable Use Policy", "USE POLICY"] {
        expected.append(text.count)
        if literal.hasPrefix("Acceptable") { expected.append(text.count + 11) }
        text += Array(literal.utf8)
      }
      var starts: [Int] = []
      text.withUnsafeBufferPointer { buffer in
        literals.forEachStart(in: buffer) { start in
          starts.append(start)
          return true
        }
      }
      #expect(starts == expected, "after \(cut) bytes")
    }
  }
}
