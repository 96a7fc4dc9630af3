import LicenseMatch
import LicenseText

/// Element identifiers for SPDX documents, made from any text (paths, roots, Hub ids): the
/// text is reduced to the characters SPDX allows in an identifier (`A-Z a-z 0-9 . -`) and a
/// counter is appended when two texts reduce to the same identifier.
struct SPDXIdentifiers {
  private var used: Set<String> = []

  /// A new identifier `KIND-TEXT` (sanitized), unique among those this value has made.
  mutating func make(_ kind: String, _ text: String) -> String {
    let base = kind + "-" + Self.sanitize(text)
    var identifier = base
    var suffix = 2
    while !used.insert(identifier).inserted {
      identifier = "\(base)-\(suffix)"
      suffix += 1
    }
    return identifier
  }

  /// `text` with every character outside `A-Z a-z 0-9 . -` replaced by `-`; `x` when empty.
  static func sanitize(_ text: String) -> String {
    let allowed = text.unicodeScalars.map { scalar -> Character in
      switch scalar {
      case "A"..."Z", "a"..."z", "0"..."9", ".", "-": return Character(scalar)
      default: return "-"
      }
    }
    return allowed.isEmpty ? "x" : String(allowed)
  }

  /// A custom license id that SPDX accepts: `LicenseRef-` followed by sanitized text.
  static func licenseRef(_ id: String) -> String {
    guard id.hasPrefix("LicenseRef-") else { return id }
    return "LicenseRef-" + sanitize(String(id.dropFirst("LicenseRef-".count)))
  }

  /// `expression` with every custom id made acceptable (see ``licenseRef(_:)``).
  static func sanitizeExpression(_ expression: String) -> String {
    expression.split(separator: " ", omittingEmptySubsequences: false).map { token in
      let opening = token.prefix { $0 == "(" }
      let closing = token.reversed().prefix { $0 == ")" }
      guard opening.count + closing.count < token.count else { return String(token) }
      let core = token.dropFirst(opening.count).dropLast(closing.count)
      return String(opening) + licenseRef(String(core)) + String(closing)
    }.joined(separator: " ")
  }

  /// The document's namespace: a URI under a reserved domain, fixed by the scanned roots and
  /// the time of the scan (the same scan gives the same namespace).
  static func namespace(_ context: ReportContext, version: String) -> String {
    let digest = FileDigest.sha256Hex(
      ([version] + context.roots + [context.created]).joined(separator: "\n"))
    return "https://licenselens.invalid/spdx/\(version)/\(digest.prefix(32))"
  }
}

/// What a file's scan says about its licenses, in the terms SPDX uses: the license ids found
/// (custom ones as `LicenseRef-…`), the exceptions found (SPDX lists them apart), and for each
/// custom id what we know of it.
struct SPDXFileLicenses {
  /// License ids in line order, without repeats.
  var ids: [String] = []
  /// Exception ids (such as `Classpath-exception-2.0`), which SPDX does not list alone.
  var exceptions: [String] = []
  /// For each `LicenseRef-…` id, its name and where it was found.
  var custom: [String: SPDXCustomLicense] = [:]

  /// Reads `result`'s identified licenses and fingerprints.
  init(_ result: FileScanResult) {
    for entry in ReportRenderer.licenseEntries(result) {
      switch entry {
      case .matched(let match):
        let license = match.license
        let id = SPDXIdentifiers.licenseRef(
          license.spdx.isEmpty ? "LicenseRef-scancode-\(license.key)" : license.spdx)
        if license.isException {
          if !exceptions.contains(id) { exceptions.append(id) }
          continue
        }
        add(
          id,
          SPDXCustomLicense(
            name: license.name,
            key: id.hasPrefix("LicenseRef-scancode-") ? license.key : nil,
            category: license.category,
            path: result.path, startLine: match.startLine, endLine: match.endLine,
            verdict: result.verdict.map { "\($0.verdictClass.rawValue): \($0.summary)" }))
      case .fingerprint(let family):
        add(
          SPDXIdentifiers.licenseRef(family.id),
          SPDXCustomLicense(
            name: "\(family.name) \(family.version)", key: nil, category: nil,
            path: result.path, startLine: family.startLine, endLine: family.endLine,
            verdict: result.verdict.map { "\($0.verdictClass.rawValue): \($0.summary)" }))
      }
    }
  }

  private mutating func add(_ id: String, _ license: SPDXCustomLicense) {
    guard !ids.contains(id) else { return }
    ids.append(id)
    if id.hasPrefix("LicenseRef-") { custom[id] = license }
  }
}

/// A custom license (`LicenseRef-…`) as first met in a scan: its name, its LicenseDB key and
/// category when it has them, where it was found, and the verdict on that file.
struct SPDXCustomLicense {
  /// The license's name.
  var name: String
  /// The LicenseDB key, for `LicenseRef-scancode-…` ids.
  var key: String?
  /// The LicenseDB category, when known.
  var category: String?
  /// The file it was found in, and its lines.
  var path: String
  var startLine: Int
  var endLine: Int
  /// `class: summary` of that file's verdict, when it has one.
  var verdict: String?

  /// The LicenseDB page of the license, for ids from the LicenseDB.
  var reference: String? {
    key.map { "https://scancode-licensedb.aboutcode.org/\($0).html" }
  }

  /// Our reading in a sentence or two: where it was found, the category and the verdict.
  var reading: String {
    var text =
      "licenselens found this license in \(path) "
      + "(\(ReportRenderer.lineSpan(startLine, endLine)))"
    if let category { text += "; LicenseDB category: \(category)" }
    text += verdict.map { ". Verdict on that file: \($0)" } ?? ". No verdict on that file."
    return text
  }
}

/// Scanned roots as SPDX packages: which root a path lies under, and the path as a file name
/// relative to it.
enum SPDXRoots {
  /// The index of the root `path` lies under (the longest, when roots nest), if any.
  static func index(of path: String, in roots: [String]) -> Int? {
    var best: (index: Int, length: Int)?
    for (index, root) in roots.enumerated() where contains(root, path) {
      if root.count > best?.length ?? -1 { best = (index, root.count) }
    }
    return best?.index
  }

  /// Whether `path` is `root` or lies under it.
  static func contains(_ root: String, _ path: String) -> Bool {
    guard !root.isEmpty else { return false }
    let trimmed = trim(root)
    return path == trimmed || path.hasPrefix(trimmed == "/" ? "/" : trimmed + "/")
  }

  /// `path` relative to `root`, as SPDX writes file names (`./dir/name`); a root that is the
  /// file itself gives `./name`.
  static func fileName(_ path: String, root: String) -> String {
    guard contains(root, path) else { return path.hasPrefix("/") ? "." + path : "./" + path }
    let trimmed = trim(root)
    if path == trimmed {
      return "./" + (path.split(separator: "/").last.map(String.init) ?? path)
    }
    return "./" + path.dropFirst(trimmed == "/" ? 1 : trimmed.count + 1)
  }

  private static func trim(_ root: String) -> String {
    root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
  }
}
