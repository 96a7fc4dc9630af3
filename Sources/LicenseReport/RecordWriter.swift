/// One output format, as a view of the scan's records: text before the first record, text per
/// record as the records stream by (in output order), and text after the last one. A writer
/// keeps only what its ending needs, never re-reads a file and never re-derives a verdict.
public protocol RecordWriter {
  /// Text written before the first record.
  mutating func begin() -> String
  /// Text for `record`; may be empty when the format writes it at the end.
  mutating func write(_ record: ScanRecord) -> String
  /// Text for `record` whose ``ReportRenderer/jsonObject(_:)`` is known to be `json` (kept
  /// by a result cache): formats that write that object write `json` instead of rendering it
  /// again; the others ignore it.
  mutating func write(_ record: ScanRecord, json: String) -> String
  /// Text written after the last record.
  mutating func end() -> String
}

extension RecordWriter {
  public mutating func write(_ record: ScanRecord, json: String) -> String { write(record) }

  /// The whole output for `records` at once: the beginning, each record, the end.
  public mutating func render(_ records: some Sequence<ScanRecord>) -> String {
    var text = begin()
    for record in records { text += write(record) }
    return text + end()
  }
}

/// What every format may need besides the records: the scanned roots, the tool and when the
/// scan ran.
public struct ReportContext: Sendable, Equatable {
  /// The paths given to the scan.
  public var roots: [String]
  /// The tool's name and version, such as `licenselens 0.9.0`.
  public var tool: String
  /// When the scan started, as an ISO 8601 UTC timestamp (`2026-12-02T08:00:00Z`).
  public var created: String
  /// A `{"kind": "provenance", …}` object that JSON formats write before the records, when
  /// asked for (`--provenance`).
  public var provenance: String?

  /// Creates a context.
  public init(roots: [String], tool: String = "licenselens", created: String) {
    self.roots = roots
    self.tool = tool
    self.created = created
  }
}

/// JSON Lines: one object per record per line (after the provenance object, when given).
public struct JSONLinesWriter: RecordWriter {
  private let provenance: String?
  /// Creates a writer.
  public init(provenance: String? = nil) {
    self.provenance = provenance
  }
  public mutating func begin() -> String { provenance.map { $0 + "\n" } ?? "" }
  public mutating func write(_ record: ScanRecord) -> String {
    write(record, json: ReportRenderer.jsonObject(record))
  }
  public mutating func write(_ record: ScanRecord, json: String) -> String { json + "\n" }
  public mutating func end() -> String { "" }
}

/// One JSON array of the records' objects (the provenance object first, when given).
public struct JSONArrayWriter: RecordWriter {
  private var count = 0
  private let provenance: String?
  /// Creates a writer.
  public init(provenance: String? = nil) {
    self.provenance = provenance
  }
  public mutating func begin() -> String {
    guard let provenance else { return "[\n" }
    count = 1
    return "[\n" + provenance
  }
  public mutating func write(_ record: ScanRecord) -> String {
    write(record, json: ReportRenderer.jsonObject(record))
  }
  public mutating func write(_ record: ScanRecord, json: String) -> String {
    defer { count += 1 }
    return (count == 0 ? "" : ",\n") + json
  }
  public mutating func end() -> String { "\n]\n" }
}

/// The readable table: one block per record.
public struct TextWriter: RecordWriter {
  /// Creates a writer.
  public init() {}
  public mutating func begin() -> String { "" }
  public mutating func write(_ record: ScanRecord) -> String {
    ReportRenderer.textBlock(record) + "\n"
  }
  public mutating func end() -> String { "" }
}
