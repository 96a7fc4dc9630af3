/// The HTML report: one self-contained page (inline style sheet, inline SVG charts and a small
/// inline script, nothing loaded from anywhere) drawn from a ``ReportSummary``.
///
/// Every figure carries its value in a stable attribute: the totals are `<dd id="total-KEY"
/// data-value="N">` (KEY: `files`, `models`, `errors`, `skipped`, `bytes`, `with-licenses`,
/// `with-findings`, `malformed-lines`), chart rows are `<g class="bar" data-key="…"
/// data-value="N">` inside `<svg id="chart-NAME">` (NAME: `families`, `clauses`, `categories`,
/// `verdicts`, `osi`, `osaid`, `open-washing`), and the license table rows are
/// `<tr data-license="…" data-value="N">`.
public struct HTMLReportPage {
  /// The figures.
  public var summary: ReportSummary
  /// The scan's roots, tool and time.
  public var context: ReportContext
  /// The JSON Lines file the summary was read from (`licenselens report`), if any.
  public var input: String?

  /// The most families, clauses and licenses drawn (the rest are summed as `(other)`).
  static let chartRows = 20
  /// The most license ids listed in the table of ids.
  static let licenseRows = 100

  /// Creates a page.
  public init(summary: ReportSummary, context: ReportContext, input: String? = nil) {
    self.summary = summary
    self.context = context
    self.input = input
  }

  /// The whole page.
  public func render() -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="\(HTMLReportAssets.contentSecurityPolicy)">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="referrer" content="no-referrer">
      <title>LicenseLens report</title>
      <style>\(HTMLReportAssets.style)</style>
      </head>
      <body>

      """
    html += heading() + "<main>\n" + totals()
    html += "<div class=\"grid\">\n"
    html += chartSection(
      "families", "Licenses by family",
      "Files per license family: the id up to its version, so every version of the GPL is GPL.",
      [("families", nil, summary.families.top(Self.chartRows))])
    html += chartSection(
      "clauses", "Most frequent restrictive clauses", "Occurrences of each clause id in files.",
      [("clauses", nil, summary.clauses.top(Self.chartRows))])
    html += chartSection(
      "categories", "Licenses by LicenseDB category",
      "Files per license, by the category the LicenseDB files it under.",
      [("categories", nil, summary.categories.top(Self.chartRows))])
    html += chartSection(
      "verdicts", "Verdict classes", "Files per verdict class (none: no license, no clause).",
      [("verdicts", nil, summary.verdictClasses.ranked)])
    html += chartSection(
      "osi", "Licenses by OSI status", "Files per license, by OSI approval.",
      [("osi", nil, summary.osiStatus.ranked)])
    html += chartSection(
      "model-outcomes", "Model repositories",
      "Repositories per OSAID 1.0 outcome, and open-washing findings by kind.",
      [
        ("osaid", "OSAID 1.0 outcomes", summary.osaidOutcomes.ranked),
        ("open-washing", "Open-washing findings", summary.openWashingKinds.ranked),
      ])
    html += "</div>\n" + licenseTable()
    html += HTMLReportTables.models(summary) + HTMLReportTables.files(summary)
    html += "</main>\n<footer><p>Made by \(HTMLText.escape(context.tool)). "
    html += "Self-contained: nothing on this page is loaded from the network.</p></footer>\n"
    html += "<script>\(HTMLReportAssets.script)</script>\n</body>\n</html>\n"
    return html
  }

  private func heading() -> String {
    var html = "<header>\n<h1>LicenseLens report</h1>\n<p class=\"meta\">"
    if let input {
      html += "Read from <code>\(HTMLText.escape(input))</code>"
    } else if !context.roots.isEmpty {
      let roots = context.roots.prefix(20).map { "<code>\(HTMLText.escape($0))</code>" }
      html += "Scanned " + roots.joined(separator: ", ")
      if context.roots.count > 20 { html += " and \(context.roots.count - 20) more" }
    } else {
      html += "Scan"
    }
    html += " · \(HTMLText.escape(context.created))</p>\n"
    if let folder = summary.commonFolder, !folder.isEmpty {
      html +=
        "<p class=\"meta\" id=\"common-folder\">Paths in the tables are below "
        + "<code>\(HTMLText.escape(folder))</code></p>\n"
    }
    if summary.malformedLines > 0 {
      let numbers = summary.malformedLineNumbers.map(String.init).joined(separator: ", ")
      let more = summary.malformedLines > summary.malformedLineNumbers.count ? ", …" : ""
      html +=
        "<p class=\"warn\" id=\"malformed\">\(HTMLText.count(summary.malformedLines)) "
        + "line\(summary.malformedLines == 1 ? " was" : "s were") not scan records and "
        + "\(summary.malformedLines == 1 ? "was" : "were") skipped (line \(numbers)\(more)).</p>\n"
    }
    return html + "</header>\n"
  }

  private func totals() -> String {
    var items: [(key: String, label: String, value: Int, shown: String)] = [
      ("files", "Files", summary.files, HTMLText.count(summary.files)),
      (
        "with-licenses", "With licenses", summary.filesWithLicenses,
        HTMLText.count(summary.filesWithLicenses)
      ),
      (
        "with-license-lists", "With license lists", summary.filesWithLicenseLists,
        HTMLText.count(summary.filesWithLicenseLists)
      ),
      ("with-clues", "With clues", summary.filesWithClues, HTMLText.count(summary.filesWithClues)),
      (
        "with-findings", "With findings", summary.filesWithFindings,
        HTMLText.count(summary.filesWithFindings)
      ),
      ("errors", "Unreadable", summary.errors, HTMLText.count(summary.errors)),
      ("skipped", "Skipped", summary.skipped, HTMLText.count(summary.skipped)),
      ("bytes", "Bytes", summary.bytes, HTMLText.size(summary.bytes)),
      ("models", "Model repositories", summary.models, HTMLText.count(summary.models)),
    ]
    if input != nil {
      items.append(
        (
          "malformed-lines", "Lines skipped", summary.malformedLines,
          HTMLText.count(summary.malformedLines)
        ))
    }
    var html = "<section id=\"totals\">\n<h2>Totals</h2>\n<dl class=\"totals\">\n"
    for item in items {
      html +=
        "<div><dt>\(item.label)</dt><dd id=\"total-\(item.key)\" data-value=\"\(item.value)\">"
        + "\(item.shown)</dd></div>\n"
    }
    html += "</dl>\n<p class=\"note\">Findings: restrictive clauses, licenses that are not "
    html += "OSI-approved, or errors. Skipped: read but not scanned (binary, link, too large, "
    html += "weights).</p>\n</section>\n"
    return html
  }

  private func chartSection(
    _ name: String, _ title: String, _ note: String,
    _ charts: [(name: String, title: String?, rows: [(key: String, count: Int)])]
  ) -> String {
    var html = "<section id=\"\(name)\">\n<h2>\(title)</h2>\n"
    for chart in charts {
      if let heading = chart.title { html += "<h3>\(heading)</h3>\n" }
      html +=
        SVGBarChart(id: "chart-\(chart.name)", title: chart.title ?? title, rows: chart.rows)
        .render() + "\n"
    }
    return html + "<p class=\"note\">\(note)</p>\n</section>\n"
  }

  private func licenseTable() -> String {
    let ranked = summary.licenses.ranked
    var html = "<section id=\"licenses\">\n<h2>Licenses</h2>\n<details>\n<summary>"
    html += "\(HTMLText.count(ranked.count)) license ids"
    if ranked.count > Self.licenseRows { html += " (the \(Self.licenseRows) most frequent below)" }
    html += "</summary>\n<table id=\"license-table\"><thead><tr><th>License</th><th>Family</th>"
    html += "<th class=\"num\">Files</th></tr></thead><tbody>\n"
    for (key, count) in ranked.prefix(Self.licenseRows) {
      let id = HTMLText.escape(key)
      html +=
        "<tr data-license=\"\(id)\" data-value=\"\(count)\"><td><code>\(id)</code></td>"
        + "<td>\(HTMLText.escape(LicenseFamily.of(key)))</td>"
        + "<td class=\"num\">\(HTMLText.count(count))</td></tr>\n"
    }
    return html + "</tbody></table>\n</details>\n</section>\n"
  }
}
