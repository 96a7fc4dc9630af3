import Testing

@testable import LicenseMatch

@Suite("Candidate run selection")
struct CandidateRunSelectionTests {
  func run(_ rule: Int32, _ start: Int32, _ end: Int32, estimate: Double, tokens: UInt32)
    -> CandidateRun
  {
    CandidateRun(
      rule: rule, start: start, end: end, estimate: estimate,
      sizeClass: CandidateRun.sizeClass(ofTokens: tokens))
  }

  @Test func nearIdenticalRulesOnOneStretchAreCappedBestFirst() {
    // Twenty variants of a 200-word text over the same stretch, a 4-word reference inside
    // it, and one more variant over another stretch.
    var runs = (0..<20).map {
      run(Int32($0), 100, 300, estimate: 200 - Double($0), tokens: 200)
    }
    runs.append(run(50, 150, 153, estimate: 4, tokens: 4))
    runs.append(run(60, 900, 1100, estimate: 150, tokens: 200))
    var selection = CandidateRunSelection()
    selection.select(&runs, windowLength: 1200)

    let perStretch = CandidateRunSelection.perStretch
    #expect(perStretch < 20)
    let takenVariants = selection.taken.map(\.rule).filter { $0 < 20 }
    #expect(takenVariants == (0..<Int32(perStretch)).map { $0 })
    #expect(selection.crowded.map(\.rule) == (Int32(perStretch)..<20).map { $0 })
    // Shorter rules compete among themselves only, and other stretches are not crowded.
    #expect(selection.taken.contains { $0.rule == 50 })
    #expect(selection.taken.contains { $0.rule == 60 })
  }

  @Test func lengthClassesAreBinaryOrders() {
    #expect(CandidateRun.sizeClass(ofTokens: 3) == CandidateRun.sizeClass(ofTokens: 2))
    #expect(CandidateRun.sizeClass(ofTokens: 4) != CandidateRun.sizeClass(ofTokens: 3))
    #expect(CandidateRun.sizeClass(ofTokens: 200) == CandidateRun.sizeClass(ofTokens: 255))
    #expect(
      CandidateRun.sizeClass(ofTokens: .max) == CandidateRunSelection.sizeClasses - 1)
  }
}
