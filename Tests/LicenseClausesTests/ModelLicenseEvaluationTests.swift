import Foundation
import LicenseClauses
import LicenseVerdict
import Testing

/// Evaluates clause detection and verdicts on the labelled real texts in
/// `../shared/model-licenses` (read at test time, never copied).
@Suite(.enabled(if: Fixtures.hasModelLicenses, "../shared/model-licenses is absent"))
struct ModelLicenseEvaluationTests {
  struct Label {
    var file: String
    var kind: DocumentKind
    var expectedClass: String
    var clauses: Set<String>
  }

  static func labels() throws -> [Label] {
    let text = try String(
      contentsOf: Fixtures.modelLicenses.appendingPathComponent("labels.tsv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return Label(
        file: fields[0], kind: fields[1] == "policy" ? .policy : .license,
        expectedClass: fields[2],
        clauses: Set(fields[3].split(separator: ",").map(String.init)))
    }
  }

  /// What the license matcher would report for the texts it knows (the lead maps the matcher's
  /// results to facts; model licenses are mostly unknown to it).
  static let facts: [String: LicenseFact] = [
    "apache-2.0.txt": LicenseFact(spdx: "Apache-2.0", isOSIApproved: true, category: "Permissive"),
    "mit.txt": LicenseFact(spdx: "MIT", isOSIApproved: true, category: "Permissive"),
    "bsd-3-clause.txt": LicenseFact(
      spdx: "BSD-3-Clause", isOSIApproved: true, category: "Permissive"),
    "gpl-3.0.txt": LicenseFact(spdx: "GPL-3.0-only", isOSIApproved: true, category: "Copyleft"),
    "apple-sample-code.txt": LicenseFact(spdx: "AML", isOSIApproved: false, category: "Permissive"),
    "cc-by-nc-4.0.txt": LicenseFact(
      spdx: "CC-BY-NC-4.0", isOSIApproved: false, category: "Source-available"),
    "cc-by-nc-nd-4.0.txt": LicenseFact(
      spdx: "CC-BY-NC-ND-4.0", isOSIApproved: false, category: "Source-available"),
  ]

  static func evidence(for label: Label) throws -> DocumentEvidence {
    let source = try #require(Fixtures.modelLicense(label.file))
    let text = ClauseText(source)
    return DocumentEvidence(
      path: label.file, kind: label.kind, licenses: facts[label.file].map { [$0] } ?? [],
      scan: Fixtures.scanner.scan(text), families: Fixtures.families.detect(in: text))
  }

  @Test func clauseRecallAndPrecisionAndVerdicts() throws {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0
    var wrongClasses: [String] = []
    var table = ["file | class | tp | fp | fn | recall | precision | missed | extra"]
    for label in try Self.labels() {
      let evidence = try Self.evidence(for: label)
      let found = Set(evidence.scan.hits.map(\.id))
      let tp = found.intersection(label.clauses).count
      let missed = label.clauses.subtracting(found).sorted()
      let extra = found.subtracting(label.clauses).sorted()
      truePositives += tp
      falsePositives += extra.count
      falseNegatives += missed.count
      let verdict = VerdictEngine.verdict(for: evidence)
      let classOK = verdict.verdictClass.rawValue == label.expectedClass
      if !classOK {
        wrongClasses.append(
          "\(label.file): \(verdict.verdictClass.rawValue) != \(label.expectedClass)")
      }
      table.append(
        "\(label.file) | \(classOK ? "ok" : "WRONG") | \(tp) | \(extra.count) | \(missed.count) | "
          + "\(Self.ratio(tp, tp + missed.count)) | \(Self.ratio(tp, tp + extra.count)) | "
          + "\(missed.joined(separator: ",")) | \(extra.joined(separator: ","))")
    }
    let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
    let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
    table.append(
      "overall | | \(truePositives) | \(falsePositives) | \(falseNegatives) | "
        + "\(Self.ratio(truePositives, truePositives + falseNegatives)) | "
        + "\(Self.ratio(truePositives, truePositives + falsePositives)) | |")
    print(table.joined(separator: "\n"))
    #expect(wrongClasses.isEmpty, "\(wrongClasses)")
    #expect(recall >= 0.95)
    #expect(precision >= 0.95)
  }

  @Test func benignBaselinesHaveNoRestrictiveClauses() throws {
    for name in ["apache-2.0.txt", "mit.txt", "bsd-3-clause.txt", "gpl-3.0.txt"] {
      let source = try #require(Fixtures.modelLicense(name))
      let scan = Fixtures.scanner.scan(source)
      #expect(scan.hits.isEmpty, "\(name): \(scan.hits.map { "\($0.id)@\($0.startLine)" })")
    }
  }

  static func ratio(_ part: Int, _ whole: Int) -> String {
    whole == 0 ? "-" : String(format: "%.2f", Double(part) / Double(whole))
  }
}
