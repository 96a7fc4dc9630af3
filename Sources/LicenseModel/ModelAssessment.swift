import LicenseClauses
import LicenseVerdict

/// The model view's answer for one repository: what the card declares, what the governing
/// files are, the base models' terms, open-washing findings, the components, and the
/// definitions side by side (the `{"kind": "model"}` object of the output contract).
public struct ModelAssessment: Sendable, Equatable {
  /// The repository's folder.
  public var folder: String
  /// `ORG/NAME@REV` for a hub-cache snapshot.
  public var id: String?
  /// The governing files (license, policies, NOTICE), in scan order.
  public var governingPaths: [String]
  /// The card, when there is one.
  public var card: ModelCard?
  /// What the card (or a GGUF header) declares: an SPDX id, `LicenseRef-…`, or `nil`.
  public var declared: String?
  /// What the governing files are: an expression of what was identified, or `nil`.
  public var found: String?
  /// The base models and their terms.
  public var baseModels: [BaseModelReport]
  /// Open-washing findings.
  public var openWashing: [OpenWashingFinding]
  /// The OSAID components.
  public var components: ComponentReport
  /// OSAID, the OSI list, the Open Weight Definition and the MOF class.
  public var definitions: DefinitionsReport
  /// The system's verdict (governing files plus inherited terms).
  public var verdict: Verdict
  /// The governing documents' evidence (for the clauses).
  public var documents: [DocumentEvidence]
  /// Problems met while reading the repository: card, weight headers, links.
  public var notes: [String]

  /// The restrictive clauses of every governing file, with the file's path.
  public var clauses: [(path: String, hit: ClauseHit)] {
    documents.flatMap { document in document.scan.hits.map { (document.path, $0) } }
  }
}

/// A base model of the repository and the terms it carries.
public struct BaseModelReport: Sendable, Equatable {
  /// The base model's Hub id as the card gives it.
  public var id: String
  /// The terms' SPDX id or `LicenseRef-…`; `nil` when unknown.
  public var terms: String?
  /// The class of the terms, when known.
  public var verdictClass: VerdictClass?
  /// `catalog` (our data file), `scanned` (the base model is in the scanned tree) or `unknown`.
  public var source: String
  /// The card line that names it.
  public var line: Int?
}

/// One piece of evidence for a finding: a file, a line, the text.
public struct EvidenceLine: Sendable, Equatable {
  /// The file.
  public var path: String
  /// The line, when known.
  public var line: Int?
  /// The quoted text.
  public var text: String

  /// Creates evidence.
  public init(path: String, line: Int?, text: String) {
    self.path = path
    self.line = line
    self.text = text
  }
}

/// An open-washing finding: a claim of openness the terms or components do not back.
public struct OpenWashingFinding: Sendable, Equatable {
  /// The kinds of finding.
  public enum Kind: String, Sendable, CaseIterable {
    case declaredVsFound = "declared-vs-found"
    case baseModelTerms = "base-model-terms"
    case openSourceClaim = "open-source-claim"
    case missingTerms = "missing-terms"
  }
  /// The kind.
  public var kind: Kind
  /// What is wrong, in a sentence.
  public var detail: String
  /// Both sides, quoted.
  public var evidence: [EvidenceLine]
}

/// The status of one OSAID component.
public struct ComponentStatus: Sendable, Equatable {
  /// How available a component is.
  public enum Availability: String, Sendable {
    case present, referenced, absent, unknown
  }
  /// The availability.
  public var status: Availability
  /// The license the component is under, when known.
  public var license: String?
  /// Paths and card lines behind the status.
  public var evidence: [String]
}

/// The three OSAID components, and the MOF components found.
public struct ComponentReport: Sendable, Equatable {
  /// Weights and configuration.
  public var parameters: ComponentStatus
  /// Code to train and run the model.
  public var code: ComponentStatus
  /// The description of the training data.
  public var dataInformation: ComponentStatus
  /// MOF component id → how it was found (`present` or `referenced`), for those found.
  public var mof: [String: ComponentStatus.Availability]
}

/// Outcomes of the definitions, each with its reasons.
public struct DefinitionsReport: Sendable, Equatable {
  /// One definition's outcome.
  public struct Outcome: Sendable, Equatable {
    /// `pass`, `fail`, `fail-terms`, `fail-components` or `unknown`.
    public var outcome: String
    /// Why.
    public var because: [String]
  }
  /// The Open Source AI Definition 1.0.
  public var osaid: Outcome
  /// The OSI license list (terms only).
  public var osi: Outcome
  /// The Open Weight Definition.
  public var openWeight: Outcome
  /// The MOF class reached (`I`, `II`, `III` or `none`).
  public var mofClass: String
  /// What the next class is missing.
  public var mofMissing: [String]
}
