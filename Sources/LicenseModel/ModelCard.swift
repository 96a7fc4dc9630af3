import Yams

/// What a Hugging Face model card (a `README.md` with YAML front matter) declares: the fields
/// the model view reads, where they are, the card's sections, links and open-source claims.
public struct ModelCard: Sendable, Equatable {
  /// The card's path.
  public var path: String
  /// The `license` field (a Hugging Face license id, or `other`); a list is joined with ` OR `.
  public var license: String?
  /// The `license_name` field (set when the license id is `other`).
  public var licenseName: String?
  /// The `license_link` field.
  public var licenseLink: String?
  /// The `base_model` field (a string or a list).
  public var baseModels: [String]
  /// The `base_model_relation` field (`adapter`, `merge`, `quantized`, `finetune`).
  public var baseModelRelation: String?
  /// The `datasets` field.
  public var datasets: [String]
  /// The `tags` field.
  public var tags: [String]
  /// The `pipeline_tag` field.
  public var pipelineTag: String?
  /// The `library_name` field.
  public var libraryName: String?
  /// Top-level front-matter fields present, such as `model-index`.
  public var fields: Set<String>
  /// The line of each top-level field in the file.
  public var fieldLines: [String: Int]
  /// The Markdown sections after the front matter.
  public var sections: [Section]
  /// The links in the prose, with their lines.
  public var links: [CardLine]
  /// Lines of the prose that call the model open source.
  public var openSourceClaims: [CardLine]
  /// Problems met while reading the card (broken YAML, a field of the wrong type).
  public var notes: [String]

  /// A Markdown section of the card: heading, lines, and the number of words under it.
  public struct Section: Sendable, Equatable {
    /// The heading text, without the `#` marks.
    public var heading: String
    /// The line of the heading.
    public var line: Int
    /// The number of words up to the next heading of the same or a higher level.
    public var words: Int
  }

  /// A line of the card quoted as evidence.
  public struct CardLine: Sendable, Equatable {
    /// The line number.
    public var line: Int
    /// The text (for links: the URL).
    public var text: String
  }

  /// Creates an empty card at `path`.
  public init(path: String) {
    self.path = path
    baseModels = []
    datasets = []
    tags = []
    fields = []
    fieldLines = [:]
    sections = []
    links = []
    openSourceClaims = []
    notes = []
  }

  /// The card's line for `field`, as `FIELD: VALUE`, for quoting.
  public func quote(_ field: String) -> CardLine? {
    guard let line = fieldLines[field] else { return nil }
    let value: String? =
      switch field {
      case "license": license
      case "license_name": licenseName
      case "license_link": licenseLink
      case "base_model": baseModels.joined(separator: ", ")
      default: nil
      }
    return CardLine(line: line, text: "\(field): \(value ?? "")")
  }
}

/// Reads model cards.
public enum ModelCardReader {
  /// Whether `text` opens with YAML front matter (a `---` line).
  public static func hasFrontMatter(_ text: String) -> Bool {
    let start = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    guard
      let first = start.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        .first
    else { return false }
    return first.trimmingTrailingSpace == "---"
  }

  /// The card in `text` at `path`; `nil` when the text has no front matter. Broken YAML gives
  /// a card with a note and the prose still read.
  public static func read(_ text: String, path: String) -> ModelCard? {
    guard hasFrontMatter(text) else { return nil }
    var card = ModelCard(path: path)
    // Lines cut on the bytes (a split on Characters walks grapheme clusters: slow).
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self).trimmingTrailingSpace }
    guard
      let close = lines.indices.dropFirst().first(where: {
        lines[$0] == "---" || lines[$0] == "..."
      })
    else {
      card.notes.append("card-yaml: the front matter has no closing `---` line")
      return card
    }
    let yaml = lines[1..<close].joined(separator: "\n")
    for (offset, line) in lines[1..<close].enumerated() {
      guard let first = line.first, first != " ", first != "-", first != "#",
        let colon = line.firstIndex(of: ":")
      else { continue }
      card.fieldLines[String(line[..<colon])] = offset + 2
    }
    readFields(yaml, into: &card)
    readProse(lines, from: close + 1, into: &card)
    return card
  }

  private static func readFields(_ yaml: String, into card: inout ModelCard) {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
      card.notes.append("card-yaml: the front matter is not valid YAML (\(message))")
      return
    }
    guard let root else { return }
    guard let mapping = root.mapping else {
      card.notes.append("card-yaml: the front matter is not a map of fields")
      return
    }
    var fields: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.string else { continue }
      fields[name] = value
    }
    card.fields = Set(fields.keys)
    func read(_ field: String) -> [String] { strings(fields[field], field, &card.notes) }
    card.license = read("license").joined(separator: " OR ").nonEmpty
    card.licenseName = read("license_name").first
    card.licenseLink = read("license_link").first
    card.baseModels = read("base_model")
    card.baseModelRelation = read("base_model_relation").first
    card.datasets = read("datasets")
    card.tags = read("tags")
    card.pipelineTag = read("pipeline_tag").first
    card.libraryName = read("library_name").first
  }

  /// A field's value as strings: a scalar gives one, a list gives its scalars; a map or a
  /// list of maps gives a note.
  private static func strings(_ node: Node?, _ field: String, _ notes: inout [String]) -> [String] {
    guard let node else { return [] }
    if let scalar = node.scalar {
      let text = scalar.string
      return text.isEmpty || node.null != nil ? [] : [text]
    }
    if let sequence = node.sequence {
      let values = sequence.compactMap { $0.scalar?.string }
      if values.count < sequence.count {
        notes.append("card-field: `\(field)` has entries that are not text; they are ignored")
      }
      return values.filter { !$0.isEmpty }
    }
    notes.append("card-field: `\(field)` is neither text nor a list; ignored")
    return []
  }

  private static func readProse(_ lines: [String], from start: Int, into card: inout ModelCard) {
    var open: [(heading: String, level: Int, line: Int, words: Int)] = []
    var inFence = false
    for index in lines.indices where index >= start {
      let line = lines[index]
      let number = index + 1
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
      if !inFence, let (level, heading) = heading(line) {
        while let last = open.last, last.level >= level {
          card.sections.append(.init(heading: last.heading, line: last.line, words: last.words))
          open.removeLast()
        }
        open.append((heading, level, number, 0))
        continue
      }
      let words = wordCount(line)
      for position in open.indices { open[position].words += words }
      if line.utf8.containsCaseless("http") {
        for url in urls(in: line) { card.links.append(.init(line: number, text: url)) }
      }
      if !inFence, line.utf8.containsCaseless("open"), claimsOpenSource(line) {
        card.openSourceClaims.append(.init(line: number, text: String(trimmed)))
      }
    }
    for last in open.reversed() {
      card.sections.append(.init(heading: last.heading, line: last.line, words: last.words))
    }
    card.sections.sort { $0.line < $1.line }
  }

  /// The number of words (runs of characters other than space and tab) in `line`.
  static func wordCount(_ line: String) -> Int {
    var count = 0
    var inWord = false
    for byte in line.utf8 {
      let isSpace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
      if !isSpace, !inWord { count += 1 }
      inWord = !isSpace
    }
    return count
  }

  /// The level and text of an ATX heading line (`## Training data`).
  static func heading(_ line: String) -> (Int, String)? {
    let level = line.prefix { $0 == "#" }.count
    guard (1...6).contains(level), line.dropFirst(level).first == " " else { return nil }
    let text = line.dropFirst(level).trimmingCharacters(in: " #")
    return text.isEmpty ? nil : (level, text)
  }

  /// The `http(s)://` URLs in `line`, without trailing punctuation.
  static func urls(in line: String) -> [String] {
    var found: [String] = []
    var rest = Substring(line)
    while let range = rest.range(of: "http") {
      let candidate = rest[range.lowerBound...]
      guard candidate.hasPrefix("http://") || candidate.hasPrefix("https://") else {
        rest = rest[range.upperBound...]
        continue
      }
      var url = candidate.prefix { !" \t<>\"'`)]|".contains($0) }
      while let last = url.last, ".,;:!?".contains(last) { url = url.dropLast() }
      found.append(String(url))
      rest = candidate.dropFirst(url.count)
    }
    return found
  }

  /// Whether a prose line calls the model open source (not "not open source").
  static func claimsOpenSource(_ line: String) -> Bool {
    let lower = line.lowercased()
    for phrase in ["open-source", "open source", "opensource"] {
      var rest = Substring(lower)
      while let range = rest.range(of: phrase) {
        let before = lower[..<range.lowerBound].suffix(12)
        if !before.contains("not ") && !before.contains("non-") && !before.contains("no ") {
          return true
        }
        rest = rest[range.upperBound...]
      }
    }
    return false
  }
}

extension StringProtocol {
  fileprivate var trimmingTrailingSpace: String {
    var text = Substring(self)
    while let last = text.last, last == " " || last == "\t" || last == "\r" {
      text = text.dropLast()
    }
    return String(text)
  }

  fileprivate func trimmingCharacters(in set: String) -> String {
    var text = Substring(self)
    while let first = text.first, set.contains(first) { text = text.dropFirst() }
    while let last = text.last, set.contains(last) { text = text.dropLast() }
    return String(text)
  }
}

extension String {
  fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

extension String.UTF8View {
  /// Whether the bytes hold `needle` (lower-case ASCII letters), ignoring ASCII case: a cheap
  /// test before the slower String searches.
  fileprivate func containsCaseless(_ needle: StaticString) -> Bool {
    let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    let bytes = Array(self)
    guard !pattern.isEmpty, bytes.count >= pattern.count else { return pattern.isEmpty }
    for start in 0...(bytes.count - pattern.count) {
      var index = 0
      while index < pattern.count, bytes[start + index] | 0x20 == pattern[index] { index += 1 }
      if index == pattern.count { return true }
    }
    return false
  }
}
