/// The HTML report of a scan (`--format html`): each record is added to a ``ReportSummary`` as
/// it streams by, and the page is written at the end; nothing is written before.
public struct HTMLWriter: RecordWriter {
  private var summary = ReportSummary()
  private let context: ReportContext

  /// Creates a writer for the scan described by `context`.
  public init(context: ReportContext) {
    self.context = context
  }

  public mutating func begin() -> String { "" }

  public mutating func write(_ record: ScanRecord) -> String {
    summary.add(ReportEntry(record))
    return ""
  }

  public mutating func end() -> String {
    HTMLReportPage(summary: summary, context: context).render()
  }
}
