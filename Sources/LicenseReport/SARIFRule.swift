import LicenseClauses
import LicenseModel

/// One SARIF reporting rule (a `reportingDescriptor`): a clause id of the catalog or a kind of
/// open-washing finding, with the texts GitHub code scanning shows at the top of an alert.
struct SARIFRule: Sendable, Equatable {
  /// GitHub code scanning cuts descriptions longer than this many characters.
  static let descriptionLimit = 1024

  /// The rule id: the clause id, or `open-washing/KIND`.
  var id: String
  /// One line.
  var shortDescription: String
  /// Why it matters.
  var fullDescription: String
  /// What a reader should do or know.
  var help: String
  /// `error`, `warning` or `note`.
  var level: String
  /// The freedoms concerned, or the finding's family (at most 20 tags are accepted).
  var tags: [String]

  /// The SARIF level of a clause severity: blocks → error, caution → warning, others → note.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .blocks: return "error"
    case .caution: return "warning"
    case .benign, .grant: return "note"
    }
  }

  /// The rule of a clause id, described from one of its hits (the catalog's rationale travels
  /// in ``ClauseHit/explanation``).
  static func clause(_ hit: ClauseHit) -> SARIFRule {
    let freedoms = hit.freedoms.map(\.title).joined(separator: ", ")
    let effect: String
    switch hit.severity {
    case .blocks: effect = "breaks \(freedoms); the clause alone means the terms are not open"
    case .caution: effect = "puts \(freedoms) at risk; a person should review it"
    case .benign, .grant: effect = "concerns \(freedoms)"
    }
    return SARIFRule(
      id: hit.id,
      shortDescription: "License clause \(hit.id) (\(hit.severity.rawValue))",
      fullDescription: hit.explanation,
      help: "\(hit.explanation) Under the Open Source AI Definition 1.0 this clause \(effect).",
      level: level(hit.severity),
      tags: ["license"] + hit.freedoms.map(\.rawValue))
  }

  /// The rule id of an open-washing kind.
  static func id(_ kind: OpenWashingFinding.Kind) -> String { "open-washing/\(kind.rawValue)" }

  /// The rule of an open-washing kind.
  static func openWashing(_ kind: OpenWashingFinding.Kind) -> SARIFRule {
    let short: String
    let full: String
    let help: String
    let level: String
    switch kind {
    case .declaredVsFound:
      short = "The declared license is not what the license files say"
      full =
        "The model card (or a weight file's header) names one license, but the files that "
        + "govern the repository are a different one, or are restricted where the declaration "
        + "promises open terms."
      help =
        "Users who go by the declaration may break the terms that really apply. Make the card's "
        + "license field match the license files, or replace the files."
      level = "error"
    case .baseModelTerms:
      short = "The base model's restrictive terms are not declared"
      full =
        "The model is built on a base model whose terms restrict use, modification or sharing. "
        + "Those restrictions carry over to the derived model, yet it declares other terms."
      help =
        "Declare the base model's terms (or terms at least as strict), or build on a base model "
        + "under open terms."
      level = "error"
    case .openSourceClaim:
      short = "Called open source, but not open source under OSAID 1.0"
      full =
        "The card calls the model open source, while its terms or its components fall short of "
        + "the Open Source AI Definition 1.0."
      help =
        "Remove the claim, or release under terms and with components that meet the definition "
        + "(see the model's OSAID outcome)."
      level = "warning"
    case .missingTerms:
      short = "The card points to terms the repository does not contain"
      full =
        "The card declares terms of its own (`license: other` or a license link), but no license "
        + "file is in the repository, so the terms cannot be read or checked where the model is."
      help = "Add the license text (and any use policy it incorporates) to the repository."
      level = "warning"
    }
    return SARIFRule(
      id: id(kind), shortDescription: short, fullDescription: full, help: help, level: level,
      tags: ["open-washing", "model"])
  }

  /// The `reportingDescriptor` object.
  func write(into json: inout JSONWriter) {
    json.beginObject()
    json.string("id", id)
    json.beginObject("shortDescription")
    json.string("text", Self.clipped(shortDescription))
    json.endObject()
    json.beginObject("fullDescription")
    json.string("text", Self.clipped(fullDescription))
    json.endObject()
    json.beginObject("help")
    json.string("text", help)
    json.endObject()
    json.beginObject("defaultConfiguration")
    json.string("level", level)
    json.endObject()
    json.beginObject("properties")
    json.strings("tags", Array(tags.prefix(20)))
    json.endObject()
    json.endObject()
  }

  private static func clipped(_ text: String) -> String {
    text.count <= descriptionLimit ? text : String(text.prefix(descriptionLimit - 1)) + "…"
  }
}
