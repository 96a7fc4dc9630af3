extension ReportEntry {
  /// The facts of a scan record, as its JSON object would state them.
  public init(_ record: ScanRecord) {
    switch record {
    case .file(let result):
      let licenses = ReportRenderer.licenseEntries(result).map { entry in
        switch entry {
        case .matched(let match):
          LicenseFact(
            id: match.license.spdx, osiApproved: match.license.isOSIApproved,
            category: match.license.category)
        case .fingerprint(let family):
          LicenseFact(id: family.id, osiApproved: false, category: nil)
        }
      }
      self = .file(
        FileFacts(
          path: result.path, size: result.size, licenses: licenses,
          clauses: result.clauses.map {
            ClauseFact(id: $0.id, startLine: $0.startLine, endLine: $0.endLine, text: $0.text)
          },
          verdictClass: result.verdict?.verdictClass.rawValue, skipped: result.skipped,
          errors: result.errors, licenseLists: result.identification.lists.count,
          clues: result.identification.clues.count))
    case .model(let model):
      self = .model(
        ModelFacts(
          path: model.folder, id: model.id, verdictClass: model.verdict.verdictClass.rawValue,
          osaid: model.definitions.osaid.outcome, mofClass: model.definitions.mofClass,
          declared: model.declared, found: model.found,
          openWashing: model.openWashing.map {
            OpenWashingFact(kind: $0.kind.rawValue, detail: $0.detail)
          }))
    }
  }
}
