/// The YAML front matter of a LicenseDB `.LICENSE` or `.RULE` file, read as flat scalars and
/// lists of scalars (the subset LicenseDB uses for the fields LicenseLens keeps). Block
/// scalars (`key: |`) and nested maps are skipped.
public struct FrontMatter: Sendable, Equatable {
  /// Scalar fields, unquoted.
  public var scalars: [String: String] = [:]
  /// List fields, each item unquoted.
  public var lists: [String: [String]] = [:]

  /// Creates empty front matter.
  public init() {}

  /// Splits a LicenseDB file into its front matter and its text. Files without a leading
  /// `---` line have empty front matter and are all text.
  public static func split(_ file: String) -> (frontMatter: FrontMatter, text: String) {
    let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, first.trimmingTrailingSpaces() == "---" else {
      return (FrontMatter(), file)
    }
    var matter = FrontMatter()
    var currentList: String?
    var inBlock = false
    var index = 1
    while index < lines.count {
      let line = lines[index]
      index += 1
      if line.trimmingTrailingSpaces() == "---" { break }
      let isIndented = line.first == " " || line.first == "\t"
      if isIndented {
        if let key = currentList, !inBlock {
          let item = line.drop { $0 == " " || $0 == "\t" }
          if item.hasPrefix("- ") || item == "-" {
            matter.lists[key, default: []].append(unquote(item.dropFirst(1)))
          }
        }
        continue
      }
      inBlock = false
      currentList = nil
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = String(line[..<colon])
      let value = line[line.index(after: colon)...].trimmingSpaces()
      if value.isEmpty {
        currentList = key
      } else if value == "|" || value == ">" || value.hasPrefix("|-") || value.hasPrefix(">-") {
        inBlock = true
        currentList = key
      } else {
        matter.scalars[key] = unquote(value[...])
      }
    }
    let text = lines[min(index, lines.count)...].joined(separator: "\n")
    return (matter, text)
  }

  /// Returns whether a yes/no field is set to yes (`yes`, `true`).
  public func flag(_ key: String) -> Bool {
    guard let value = scalars[key]?.lowercased() else { return false }
    return value == "yes" || value == "true"
  }

  private static func unquote(_ raw: Substring) -> String {
    let value = raw.trimmingSpaces()
    if value.count >= 2, let first = value.first, first == "'" || first == "\"",
      value.last == first
    {
      let inner = value.dropFirst().dropLast()
      return first == "'"
        ? inner.replacingOccurrences(of: "''", with: "'")
        : inner.replacingOccurrences(of: "\\\"", with: "\"")
    }
    return String(value)
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> Substring {
    var result = self
    while let first = result.first, first == " " || first == "\t" || first == "\r" {
      result = result.dropFirst()
    }
    while let last = result.last, last == " " || last == "\t" || last == "\r" {
      result = result.dropLast()
    }
    return result
  }

  fileprivate func trimmingTrailingSpaces() -> Substring {
    var result = self
    while let last = result.last, last == " " || last == "\t" || last == "\r" {
      result = result.dropLast()
    }
    return result
  }

  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    var output = ""
    var rest = self
    while let range = rest.range(of: target) {
      output += rest[..<range.lowerBound]
      output += replacement
      rest = rest[range.upperBound...]
    }
    output += rest
    return output
  }
}
