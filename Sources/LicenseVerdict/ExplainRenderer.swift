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
      if assessment.status == .atRisk, (verdict.explanations[freedom] ?? []).isEmpty {
        for policy in verdict.unanalysedPolicies {
          lines.append(
            "  policy not analysed  \(policy.path):\(policy.line)  "
              + VerdictSummary.shortened(policy.reference))
        }
      }
    }
    if !verdict.unanalysedPolicies.isEmpty {
      lines.append("")
      lines.append(
        "Not analysed: the use policy incorporated by reference was not among the files; "
          + "its restrictions also apply.")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
