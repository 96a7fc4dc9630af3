/// The two tables of the HTML report: model repositories, and files with findings (with the
/// filter form that the page's script reveals).
enum HTMLReportTables {
  /// The model repositories with their verdict, OSAID outcome, MOF class, declared and found
  /// terms and open-washing findings.
  static func models(_ summary: ReportSummary) -> String {
    var html = "<section id=\"models\">\n<h2>Model repositories</h2>\n"
    guard !summary.modelRows.isEmpty else {
      return html + "<p class=\"note\">No model repository in this scan.</p>\n</section>\n"
    }
    html += "<div class=\"scroll\"><table id=\"model-table\"><thead><tr><th>Repository</th>"
    html += "<th>Verdict</th><th>OSAID 1.0</th><th>MOF class</th><th>Declared</th><th>Found</th>"
    html += "<th>Open-washing</th></tr></thead><tbody>\n"
    for model in summary.modelRows {
      html += "<tr data-osaid=\"\(HTMLText.escape(model.osaid ?? "unknown"))\">"
      html += "<td class=\"path\">\(pathCell(model.path, below: summary.commonFolder))"
      if let id = model.id { html += "<br><code>\(HTMLText.escape(id))</code>" }
      html += "</td><td>\(tag(model.verdictClass, prefix: "v-"))</td>"
      html += "<td>\(tag(model.osaid, prefix: "o-"))</td>"
      html += "<td>\(HTMLText.escape(model.mofClass ?? "—"))</td>"
      html += "<td><code>\(HTMLText.escape(model.declared ?? "—"))</code></td>"
      html += "<td><code>\(HTMLText.escape(model.found ?? "—"))</code></td><td>"
      if !model.openWashing.isEmpty {
        html += "<ul>"
        for finding in model.openWashing {
          html +=
            "<li><span class=\"tag\">\(HTMLText.escape(finding.kind))</span> "
            + "\(HTMLText.escape(finding.detail))</li>"
        }
        html += "</ul>"
      }
      html += "</td></tr>\n"
    }
    html += "</tbody></table></div>\n"
    if summary.modelsLeftOut > 0 {
      html +=
        "<p class=\"note\" id=\"models-left-out\" data-value=\"\(summary.modelsLeftOut)\">"
        + "\(HTMLText.count(summary.modelsLeftOut)) more model repositories are counted above "
        + "but not listed (the table keeps \(HTMLText.count(summary.modelLimit))).</p>\n"
    }
    return html + "</section>\n"
  }

  /// The files with findings, with the filter form (hidden until the script shows it).
  static func files(_ summary: ReportSummary) -> String {
    var html = "<section id=\"files\">\n<h2>Files with findings</h2>\n"
    guard !summary.findingRows.isEmpty else {
      return html
        + "<p class=\"note\">No file has a restrictive clause, a license that is not "
        + "OSI-approved, or an error.</p>\n</section>\n"
    }
    html += filterForm(summary)
    html += "<div class=\"scroll\"><table id=\"file-table\"><thead><tr><th>File</th>"
    html += "<th>Verdict</th><th>Licenses</th><th>Findings</th></tr></thead><tbody>\n"
    for row in summary.findingRows {
      html +=
        "<tr data-verdict=\"\(HTMLText.escape(row.verdictClass ?? ReportSummary.none))\" "
        + "data-licenses=\"\(HTMLText.escape(row.licenses.joined(separator: " ")))\">"
      html += "<td class=\"path\">\(pathCell(row.path, below: summary.commonFolder))</td>"
      html += "<td>\(tag(row.verdictClass, prefix: "v-"))</td><td>"
      html += row.licenses.map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: " ")
      html += "</td><td><ul>"
      for clause in row.clauses {
        html += "<li>clause <code>\(HTMLText.escape(clause.label))</code>"
        if !clause.quote.isEmpty {
          html += " <span class=\"quote\">\(HTMLText.escape(clause.quote))</span>"
        }
        html += "</li>"
      }
      for license in row.nonOSI {
        html += "<li>not OSI-approved: <code>\(HTMLText.escape(license))</code></li>"
      }
      for error in row.errors { html += "<li class=\"warn\">error: \(HTMLText.escape(error))</li>" }
      if row.itemsLeftOut > 0 { html += "<li>… and \(row.itemsLeftOut) more</li>" }
      html += "</ul></td></tr>\n"
    }
    html += "</tbody></table></div>\n"
    if summary.rowsLeftOut > 0 {
      html +=
        "<p class=\"note warn\" id=\"rows-left-out\" data-value=\"\(summary.rowsLeftOut)\">"
        + "\(HTMLText.count(summary.rowsLeftOut)) more files with findings are counted above but "
        + "not listed (the table keeps the first \(HTMLText.count(summary.rowLimit))).</p>\n"
    }
    return html + "</section>\n"
  }

  private static func filterForm(_ summary: ReportSummary) -> String {
    var verdicts: Set<String> = []
    var licenses: Set<String> = []
    for row in summary.findingRows {
      verdicts.insert(row.verdictClass ?? ReportSummary.none)
      licenses.formUnion(row.licenses)
    }
    var html = "<form class=\"filters\" id=\"filters\" hidden>"
    html += "<input type=\"search\" id=\"filter-text\" placeholder=\"Search paths, licenses, "
    html += "clauses\" aria-label=\"Search\">"
    html += "<select id=\"filter-verdict\" aria-label=\"Verdict class\">"
    html += "<option value=\"\">every verdict class</option>"
    for verdict in verdicts.sorted() { html += option(verdict) }
    html += "</select><select id=\"filter-license\" aria-label=\"License\">"
    html += "<option value=\"\">every license</option>"
    for license in licenses.sorted() { html += option(license) }
    html += "</select><span id=\"rows-shown\" class=\"note\"></span></form>\n"
    return html
  }

  private static func option(_ value: String) -> String {
    let escaped = HTMLText.escape(value)
    return "<option value=\"\(escaped)\">\(escaped)</option>"
  }

  /// A class tag such as `<span class="tag v-non-commercial">non-commercial</span>`; the
  /// class suffix keeps only letters, digits and `-`.
  private static func tag(_ value: String?, prefix: String) -> String {
    guard let value else { return "<span class=\"tag\">none</span>" }
    let suffix = String(
      value.unicodeScalars.filter {
        $0.properties.isAlphabetic || $0 == "-" || ("0"..."9").contains($0)
      }.map(Character.init))
    return
      "<span class=\"tag \(prefix)\(HTMLText.escape(suffix))\">\(HTMLText.escape(value))</span>"
  }

  /// A path as text (below `folder`, when it lies there), linked when it is relative.
  private static func pathCell(_ path: String, below folder: String?) -> String {
    var shown = path
    if let folder, !folder.isEmpty, path.hasPrefix(folder), path.utf8.count > folder.utf8.count {
      shown = String(path.dropFirst(folder.count))
    }
    let text = HTMLText.escape(shown)
    guard let href = HTMLText.relativeHref(path) else { return text }
    return "<a href=\"\(HTMLText.escape(href))\">\(text)</a>"
  }
}
