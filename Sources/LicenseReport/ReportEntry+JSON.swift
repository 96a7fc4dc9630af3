extension ReportEntry {
  /// The facts of one JSON object of a scan's output (a file's object, or one with
  /// `"kind": "model"`); `nil` when the value is not an object with a string `path`.
  public init?(json: JSONValue) {
    guard let path = json["path"]?.stringValue else { return nil }
    if json["kind"]?.stringValue == "model" {
      let definitions = json["definitions"]
      self = .model(
        ModelFacts(
          path: path, id: json["id"]?.stringValue,
          verdictClass: json["verdict"]?["class"]?.stringValue,
          osaid: definitions?["osaid"]?["outcome"]?.stringValue,
          mofClass: definitions?["mof"]?["class"]?.stringValue,
          declared: json["declared"]?.stringValue, found: json["found"]?.stringValue,
          openWashing: (json["open_washing"]?.elements ?? []).compactMap { finding in
            finding["kind"]?.stringValue.map {
              OpenWashingFact(kind: $0, detail: finding["detail"]?.stringValue ?? "")
            }
          }))
      return
    }
    self = .file(
      FileFacts(
        path: path, size: json["size"]?.intValue,
        licenses: (json["licenses"]?.elements ?? []).compactMap { license in
          license["spdx"]?.stringValue.map {
            LicenseFact(
              id: $0, osiApproved: license["osi_approved"]?.boolValue ?? false,
              category: license["category"]?.stringValue)
          }
        },
        clauses: (json["clauses"]?.elements ?? []).compactMap { clause in
          clause["id"]?.stringValue.map {
            ClauseFact(
              id: $0, startLine: clause["start_line"]?.intValue,
              endLine: clause["end_line"]?.intValue, text: clause["text"]?.stringValue ?? "")
          }
        },
        verdictClass: json["verdict"]?["class"]?.stringValue,
        skipped: json["skipped"]?.stringValue,
        errors: (json["errors"]?.elements ?? []).compactMap(\.stringValue),
        licenseLists: json["license_lists"]?.elements.count ?? 0,
        clues: json["clues"]?.elements.count ?? 0))
  }
}
