/// A horizontal bar chart as inline SVG: one row per key with its label, a bar as long as its
/// share of the largest count, and the count. Each row is a `<g class="bar">` carrying
/// `data-key` and `data-value`, so the figures can be read back from the page.
struct SVGBarChart {
  /// The chart's element id.
  var id: String
  /// What the chart shows, for screen readers.
  var title: String
  /// The rows, in display order.
  var rows: [(key: String, count: Int)]
  /// Keys drawn in grey (``ReportSummary/none``, ``Tally/otherKey``).
  var muted: Set<String> = [ReportSummary.none, Tally.otherKey]

  private static let width = 640
  private static let labelWidth = 230
  private static let barWidth = 330
  private static let rowHeight = 22
  private static let labelLength = 34

  /// The `<svg>` element.
  func render() -> String {
    let height = max(1, rows.count) * Self.rowHeight + 4
    let largest = max(1, rows.map(\.count).max() ?? 1)
    var svg =
      "<svg class=\"chart\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" "
      + "viewBox=\"0 0 \(Self.width) \(height)\" width=\"\(Self.width)\" height=\"\(height)\" "
      + "role=\"img\"><title>\(HTMLText.escape(title))</title>"
    if rows.isEmpty {
      svg += "<text x=\"0\" y=\"16\" class=\"n\">nothing to show</text>"
    }
    for (offset, row) in rows.enumerated() {
      let top = offset * Self.rowHeight + 2
      let baseline = top + 15
      let length = row.count == 0 ? 0 : max(2, row.count * Self.barWidth / largest)
      let key = HTMLText.escape(row.key)
      let label = HTMLText.escape(Self.shortened(row.key))
      svg +=
        "<g class=\"bar\(muted.contains(row.key) ? " none" : "")\" data-key=\"\(key)\" "
        + "data-value=\"\(row.count)\"><title>\(key): \(HTMLText.count(row.count))</title>"
        + "<text x=\"\(Self.labelWidth - 8)\" y=\"\(baseline)\" text-anchor=\"end\">\(label)</text>"
        + "<rect x=\"\(Self.labelWidth)\" y=\"\(top + 3)\" width=\"\(length)\" height=\"16\" rx=\"2\"/>"
        + "<text class=\"n\" x=\"\(Self.labelWidth + length + 6)\" y=\"\(baseline)\">"
        + "\(HTMLText.count(row.count))</text></g>"
    }
    return svg + "</svg>"
  }

  private static func shortened(_ label: String) -> String {
    label.count <= labelLength ? label : String(label.prefix(labelLength - 1)) + "…"
  }
}
