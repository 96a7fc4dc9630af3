import LicenseClauses

/// Finds acceptable-use policies that a license incorporates by reference but that are not
/// among the documents analysed.
enum PolicyReferences {
  static func unanalysed(in documents: [DocumentEvidence]) -> [UnanalysedPolicy] {
    let policyPresent = documents.contains {
      $0.kind == .policy || $0.families.contains { $0.kind == .policy }
    }
    guard !policyPresent else { return [] }
    var found: [UnanalysedPolicy] = []
    for document in documents {
      let references = document.scan.hits.filter {
        ($0.id == ClauseIDs.aupProhibitedUses || $0.id == ClauseIDs.policyUnilateralUpdate)
          && mentionsPolicy($0.text)
      }
      var addresses: [UnanalysedPolicy] = []
      for hit in references {
        guard let address = address(in: hit.text),
          !addresses.contains(where: { $0.reference == address })
        else { continue }
        addresses.append(
          UnanalysedPolicy(reference: address, path: document.path, line: hit.startLine))
      }
      if addresses.isEmpty, let first = references.first {
        // No address given: name the incorporating sentence instead.
        addresses.append(
          UnanalysedPolicy(reference: first.text, path: document.path, line: first.startLine))
      }
      found += addresses
    }
    return found
  }

  private static func mentionsPolicy(_ text: String) -> Bool {
    let lowered = text.lowercased()
    return lowered.contains("polic") || lowered.contains("aup")
  }

  /// The first URL or host/path in `text`, without surrounding punctuation.
  static func address(in text: String) -> String? {
    for token in text.split(whereSeparator: { $0 == " " }) {
      let trimmed = String(token).trimmingCharacters(in: "()[]<>,.;:\"'“”‘’")
      if looksLikeAddress(trimmed) { return trimmed }
    }
    return nil
  }

  private static func looksLikeAddress(_ token: String) -> Bool {
    if token.contains("://") { return true }
    let host = token.split(separator: "/", maxSplits: 1).first.map(String.init) ?? token
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, let top = labels.last, top.count >= 2,
      top.allSatisfy({ $0.isLetter }),
      labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
      )
    else { return false }
    return token.contains("/") || labels.count >= 3 || token.hasPrefix("www.")
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var characters = Substring(self)
    while let first = characters.first, set.contains(first) { characters.removeFirst() }
    while let last = characters.last, set.contains(last) { characters.removeLast() }
    return String(characters)
  }
}
