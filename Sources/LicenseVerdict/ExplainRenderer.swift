import LicenseClauses

/// Renders a verdict for `licenselens explain`: the verdict first, then per freedom the
/// clauses with file, line numbers and the quoted sentence (quoted once, where the clause first
/// appears). Readable in a minute.
public enum ExplainRenderer {
  /// Longest quoted sentence, in characters, before it is shortened with an ellipsis.
  public static let quoteLimit = 240

  /// The explain text for `verdict`; `files`, when given, are named after the summary.
  public static func render(_ verdict: Verdict, files: [String] = []) -> String {
    var lines: [String] = []
    lines.append("Verdict: \(verdict.verdictClass.rawValue)")
    lines.append(verdict.summary)
    if !files.isEmpty {
      lines.append((files.count == 1 ? "File: " : "Files: ") + files.joined(separator: ", "))
    }
    for family in verdict.families {
      lines.append(
        "Recognised: \(family.name) \(family.version) [\(family.id)], \(family.kind.rawValue), "
          + "lines \(family.startLine)-\(family.endLine)")
    }
    var quotedAlready: Set<QuotedClause> = []
    for freedom in Freedom.allCases {
      let assessment = verdict.freedoms[freedom]
      lines.append("")
      lines.append("\(freedom.title): \(assessment.status.rawValue)")
      for quoted in verdict.explanations[freedom] ?? [] {
        let hit = quoted.hit
        let span =
          hit.startLine == hit.endLine ? "\(hit.startLine)" : "\(hit.startLine)-\(hit.endLine)"
        lines.append("  [\(hit.severity.rawValue)] \(hit.id)  \(quoted.path):\(span)")
        guard quotedAlready.insert(quoted).inserted else { continue }
        lines.append("    \"\(VerdictSummary.shortened(hit.text, limit: quoteLimit))\"")
        lines.append("    why: \(hit.explanation)")
      }
      for reference in assessment.because where reference.hasPrefix("reference:") {
        let key = reference.dropFirst("reference:".count)
        let fact = verdict.nonFreeReferences.first { $0.key == key }
        lines.append(
          "  [reference] \(key)\(fact.map { " (\($0.spdx), lines \($0.startLine)-\($0.endLine))" } ?? "")"
            + " is filed by the LicenseDB as \(fact?.category ?? "non-free"): never open, "
            + "whatever its wording")
      }
      for source in assessment.because where source.hasPrefix("base-model:") {
        lines.append(
          "  [inherited] \(source): the base model's terms apply to this model too, whatever "
            + "its own files say")
      }
      for source in assessment.because where source.hasPrefix("declared:") {
        lines.append(
          "  [declared] \(source): the model card declares these restrictive terms, and a "
            + "declaration of less freedom is taken at its word")
      }
      if assessment.status == .granted || assessment.status == .atRisk {
        for item in assessment.evidence {
          lines.append("  " + evidenceLine(item))
        }
      }
      if assessment.status == .unknown {
        lines.append("  no grant of this freedom was found")
      }
      if assessment.status == .atRisk, (verdict.explanations[freedom] ?? []).isEmpty {
        for policy in verdict.unanalysedPolicies {
          lines.append(
            "  policy not analysed  \(policy.path):\(policy.line)  "
              + VerdictSummary.shortened(policy.reference))
        }
      }
    }
    for quoted in verdict.differences {
      let difference = quoted.difference
      lines.append("")
      lines.append(
        "Differs from \(difference.spdx) [\(difference.key)] (coverage "
          + "\(VerdictSummary.percent(difference.coverage))): its reference data is not used.")
      for hit in difference.added {
        lines.append(
          "  adds \(hit.id)  \(quoted.path):\(hit.startLine)-\(hit.endLine)  \""
            + VerdictSummary.shortened(hit.text, limit: quoteLimit) + "\"")
      }
      for id in difference.removed {
        lines.append("  lacks \(id), which the reference text has")
      }
    }
    for disagreement in verdict.disagreements where disagreement.reference == .free {
      lines.append("")
      lines.append(
        "Disagrees with the reference: the LicenseDB files \(disagreement.key) as "
          + "\(disagreement.category); \(disagreement.finding).")
    }
    if !verdict.unanalysedPolicies.isEmpty {
      lines.append("")
      lines.append(
        "Not analysed: the use policy incorporated by reference was not among the files; "
          + "its restrictions also apply.")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line of evidence for a granted freedom.
  static func evidenceLine(_ item: FreedomEvidence) -> String {
    let span =
      item.startLine == item.endLine ? "\(item.startLine)" : "\(item.startLine)-\(item.endLine)"
    switch item.source {
    case .reference:
      return "[granted by reference] \(item.text)  \(item.path):\(span)"
    case .grant:
      return "[granted] \(item.id)  \(item.path):\(span)  \""
        + VerdictSummary.shortened(item.text, limit: quoteLimit) + "\""
    case .implied:
      return "[granted, implied by \(item.id): modifying means studying]  \(item.path):\(span)  \""
        + VerdictSummary.shortened(item.text, limit: quoteLimit) + "\""
    }
  }
}
