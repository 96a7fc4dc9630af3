/// Groups license ids into families by the part before the version: every version of the GPL
/// (`-only` or `-or-later`) is `GPL`, `BSD-3-Clause` is `BSD`, and a Creative Commons id is its
/// name without the version (`CC-BY-NC`). `LicenseRef-scancode-KEY` and
/// `LicenseRef-licenselens-KEY` ids are grouped the same way under `LicenseRef-`: the Llama 3.1
/// license of the LicenseDB is `LicenseRef-llama`.
public enum LicenseFamily {
  /// The family of `id`.
  public static func of(_ id: String) -> String {
    var name = Substring(id)
    var prefix = ""
    if name.hasPrefix("LicenseRef-") {
      prefix = "LicenseRef-"
      name = name.dropFirst(prefix.count)
      for source in ["scancode-", "licenselens-"] where name.hasPrefix(source) {
        name = name.dropFirst(source.count)
      }
    }
    let parts = name.split(separator: "-", omittingEmptySubsequences: false)
    var kept: [Substring] = []
    for part in parts {
      if !kept.isEmpty, part.first?.isNumber == true || isVersion(part) { break }
      kept.append(part)
    }
    let family = kept.joined(separator: "-")
    return family.isEmpty ? id : prefix + family
  }

  /// `v2`, `V1.1`: a version written with a leading `v`.
  private static func isVersion(_ part: Substring) -> Bool {
    guard part.count > 1, part.first == "v" || part.first == "V" else { return false }
    return part.dropFirst().first?.isNumber == true
  }
}
