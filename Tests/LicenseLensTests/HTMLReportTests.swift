import Foundation
import LicenseReport
import LicenseScan
import Testing

/// The HTML report: its figures against the JSON Lines, hostile text, a real browser, and a
/// report over a file with a bad line.
@Suite("HTML report")
struct HTMLReportTests {
  static let context = ReportContext(roots: ["examples"], created: "2026-12-02T08:00:00Z")

  /// The JSON Lines and the HTML page of one scan of `paths`, both written by their writers.
  static func outputs(_ paths: [String]) -> (jsonl: String, html: String) {
    let records = ClauseSupport.records(paths)
    var lines = JSONLinesWriter()
    var page = HTMLWriter(context: context)
    return (lines.render(records), page.render(records))
  }

  /// The page `licenselens report` makes of `jsonl`, read line by line.
  static func reportPage(_ jsonl: String) -> String {
    var summary = ReportSummary()
    for (offset, line) in jsonl.split(separator: "\n").enumerated() {
      if let value = try? JSONValue.parse(String(line)), let entry = ReportEntry(json: value) {
        summary.add(entry)
      } else {
        summary.skipMalformedLine(offset + 1)
      }
    }
    return HTMLReportPage(summary: summary, context: context, input: "scan.jsonl").render()
  }

  /// The figures a page states: `total-KEY` → value, and `chart-NAME/KEY` → value.
  static func figures(_ html: String) throws -> [String: Int] {
    var figures: [String: Int] = [:]
    let total = try NSRegularExpression(pattern: #"id="total-([a-z-]+)" data-value="(\d+)""#)
    for match in matches(total, html) { figures["total-" + match[1]] = Int(match[2]) }
    let chart = try NSRegularExpression(
      pattern: #"<svg class="chart" id="chart-([a-z-]+)"(.*?)</svg>"#,
      options: .dotMatchesLineSeparators)
    let bar = try NSRegularExpression(pattern: #"data-key="([^"]*)" data-value="(\d+)""#)
    for match in matches(chart, html) {
      for row in matches(bar, match[2]) { figures["\(match[1])/\(unescape(row[1]))"] = Int(row[2]) }
    }
    let license = try NSRegularExpression(pattern: #"data-license="([^"]*)" data-value="(\d+)""#)
    for match in matches(license, html) { figures["license/\(unescape(match[1]))"] = Int(match[2]) }
    return figures
  }

  static func matches(_ expression: NSRegularExpression, _ text: String) -> [[String]] {
    let range = NSRange(text.startIndex..., in: text)
    return expression.matches(in: text, range: range).map { match in
      (0..<match.numberOfRanges).map { index in
        Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
      }
    }
  }

  static func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// The figures computed here, independently, from the JSON Lines (with JSONSerialization).
  static func expected(_ jsonl: String) throws -> [String: Int] {
    var figures: [String: Int] = [:]
    func add(_ key: String, _ amount: Int = 1) { figures[key, default: 0] += amount }
    for line in jsonl.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      if object["kind"] as? String == "model" {
        add("total-models")
        let definitions = object["definitions"] as? [String: Any]
        add("osaid/" + ((definitions?["osaid"] as? [String: Any])?["outcome"] as? String ?? ""))
        for finding in object["open_washing"] as? [[String: Any]] ?? [] {
          add("open-washing/" + (finding["kind"] as? String ?? ""))
        }
        continue
      }
      add("total-files")
      add("total-bytes", object["size"] as? Int ?? 0)
      if !(object["errors"] as? [String] ?? []).isEmpty { add("total-errors") }
      if object["skipped"] is String { add("total-skipped") }
      if !(object["license_lists"] as? [Any] ?? []).isEmpty { add("total-with-license-lists") }
      if !(object["clues"] as? [Any] ?? []).isEmpty { add("total-with-clues") }
      add("verdicts/" + ((object["verdict"] as? [String: Any])?["class"] as? String ?? "none"))
      let clauses = object["clauses"] as? [[String: Any]] ?? []
      for clause in clauses { add("clauses/" + (clause["id"] as? String ?? "")) }
      var seen: Set<String> = []
      var families: Set<String> = []
      var nonOSI = false
      for license in object["licenses"] as? [[String: Any]] ?? [] {
        let id = license["spdx"] as? String ?? ""
        guard seen.insert(id).inserted else { continue }
        add("license/" + id)
        families.insert(LicenseFamily.of(id))
        let osi = license["osi_approved"] as? Bool == true
        nonOSI = nonOSI || !osi
        add("osi/" + (osi ? "OSI-approved" : "not OSI-approved"))
        add("categories/" + (license["category"] as? String ?? "none"))
      }
      for family in families { add("families/" + family) }
      if !seen.isEmpty { add("total-with-licenses") }
      if !clauses.isEmpty || nonOSI || !(object["errors"] as? [String] ?? []).isEmpty {
        add("total-with-findings")
      }
    }
    for key in [
      "total-models", "total-errors", "total-skipped", "total-with-license-lists",
      "total-with-clues",
    ] where figures[key] == nil {
      figures[key] = 0
    }
    return figures
  }

  /// (a) Every figure on both pages (scan --format html, and report over the JSON Lines of the
  /// same scan) is what the JSON Lines say.
  @Test func figuresOnThePageMatchTheJSONLines() throws {
    let (jsonl, html) = Self.outputs([Support.root.appendingPathComponent("examples").path])
    let expected = try Self.expected(jsonl)
    #expect(expected["total-files"] == 11)
    #expect(expected["total-models"] == 2)
    #expect(expected["families/MIT"] == 4)
    for page in [html, Self.reportPage(jsonl)] {
      var shown = try Self.figures(page)
      #expect(shown.removeValue(forKey: "total-malformed-lines") ?? 0 == 0)
      #expect(shown == expected)
    }
  }

  /// Charts keep their largest keys and sum the rest as `(other)`; the tables keep their caps
  /// and say how many rows they left out.
  @Test func capsAreCountedAndStated() throws {
    var summary = ReportSummary(modelLimit: 1, rowLimit: 3)
    for index in 0..<30 {
      summary.add(
        .file(
          ReportEntry.FileFacts(
            path: "f\(index)", size: 10,
            licenses: [.init(id: "LicenseRef-x-\(index)", osiApproved: false, category: nil)])))
    }
    for index in 0..<4 { summary.add(.model(ReportEntry.ModelFacts(path: "m\(index)"))) }
    #expect(summary.findingRows.count == 3)
    #expect(summary.rowsLeftOut == 27)
    #expect(summary.modelsLeftOut == 3)
    let page = HTMLReportPage(summary: summary, context: Self.context).render()
    let figures = try Self.figures(page)
    #expect(figures["families/LicenseRef-x"] == 30)
    #expect(figures["license/LicenseRef-x-7"] == 1)
    #expect(page.contains("id=\"rows-left-out\" data-value=\"27\""))
    #expect(page.contains("id=\"models-left-out\" data-value=\"3\""))
    var tally = Tally(capacity: 2)
    for key in ["a", "b", "c", "a", "d"] { tally.add(key) }
    #expect(tally.counts == ["a": 2, "b": 1, Tally.otherKey: 2])
    #expect(tally.top(1).map(\.key) == ["a", Tally.otherKey])
  }

  @Test func familiesAreTheIdBeforeItsVersion() {
    let cases = [
      "GPL-2.0-or-later": "GPL", "GPL-3.0-only": "GPL", "LGPL-2.1+": "LGPL", "BSD-3-Clause": "BSD",
      "Apache-2.0": "Apache", "MIT": "MIT", "0BSD": "0BSD", "CC-BY-NC-SA-4.0": "CC-BY-NC-SA",
      "LicenseRef-scancode-llama-3.1-license-2024": "LicenseRef-llama",
      "LicenseRef-licenselens-llama-aup-3.1": "LicenseRef-llama-aup",
      "LicenseRef-unknown": "LicenseRef-unknown", "Unicode-DFS-2016": "Unicode-DFS",
    ]
    for (id, family) in cases { #expect(LicenseFamily.of(id) == family, "\(id)") }
  }

  @Test func jsonValuesAndTheirErrors() throws {
    let value = try JSONValue.parse(
      #" {"a": [1, -2.5e1, true, null], "b": "x\"\u00e9\ud83d\ude00\n"} "#)
    #expect(value["a"]?.elements == [.number(1), .number(-25), .bool(true), .null])
    #expect(value["b"]?.stringValue == "x\"é😀\n")
    let failures = [#"{"a": 1"#, #"{"a" 1}"#, "[1,]", "\"tab\t\"", "{} x", "01x", #""\q""#]
    for text in failures {
      #expect(throws: JSONParseError.self, "\(text)") { try JSONValue.parse(text) }
    }
    do {
      _ = try JSONValue.parse(#"{"path": tru}"#)
      Issue.record("parsed")
    } catch {
      #expect(error.description == "expected true at column 10")
    }
    let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
  }

  /// What scans hold is text: markup, `javascript:` and control characters in file names,
  /// quoted clauses, card fields and any JSON field read back never become markup or links.
  @Test func hostileTextRendersAsPlainText() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostile = "<script>alert(1)</script> </svg> javascript:alert(1) \u{1B}[31m\u{07}\u{202E}"
    let license = """
      MODEL LICENSE AGREEMENT

      1. You may use, copy and modify the Model, subject to the restrictions below.
      2. You may not use the Model or its outputs for any commercial purpose "\(hostile)".
      3. You may not use the Model to train, fine-tune or improve any other model "\(hostile)".
      """
    let model = folder.appendingPathComponent("<script>alert(1)<b> javascript:alert(1)\u{1B}")
    try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
    try Data(license.utf8).write(to: model.appendingPathComponent("LICENSE"))
    let card =
      "---\nlicense: mit\nbase_model: \"<script>alert(1)</script> </svg>\"\n---\n"
      + "# An open source model\n"
    try Data(card.utf8).write(to: model.appendingPathComponent("README.md"))
    let (jsonl, scanned) = Self.outputs([folder.path])
    // The hostile text reaches the scan: in paths, clause quotes and the card.
    #expect(jsonl.contains("<script>alert(1)<b> javascript:alert(1)\\u001b/LICENSE"))
    #expect(
      jsonl.contains("commercial purpose \\\"alert(1) javascript:alert(1) \\u001b[31m\\u0007"))
    #expect(jsonl.contains("\"base_model\":[\"<script>alert(1)</script> </svg>\"]"))

    var record = ""
    JSONWriter.appendQuoted(hostile, to: &record)
    let forged = """
      {"path": \(record), "size": 1, "errors": [\(record)], "skipped": \(record), "licenses": [{"spdx": \(record), "osi_approved": false, "category": \(record)}], "clauses": [{"id": \(record), "start_line": 1, "end_line": 2, "text": \(record)}], "verdict": {"class": \(record)}}
      {"kind": "model", "path": \(record), "id": \(record), "declared": \(record), "found": \(record), "open_washing": [{"kind": \(record), "detail": \(record)}], "definitions": {"osaid": {"outcome": \(record)}, "mof": {"class": \(record)}}, "verdict": {"class": \(record)}}
      """
    let reported = Self.reportPage(jsonl + forged)
    #expect(reported.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    for page in [scanned, reported] {
      let script = try #require(page.range(of: "<script>(function () {"))
      let withoutOwnScript = page[..<script.lowerBound]
      #expect(!withoutOwnScript.lowercased().contains("<script"))
      #expect(page.components(separatedBy: "<script").count == 2)
      #expect(
        page.components(separatedBy: "<svg").count == page.components(separatedBy: "</svg>").count)
      let hrefs = try NSRegularExpression(pattern: #"href="([^"]*)""#)
      for href in Self.matches(hrefs, page).map({ $0[1] }) {
        #expect(!href.lowercased().contains("javascript:"), "\(href)")
        #expect(!href.hasPrefix("/"), "\(href)")
      }
      let controls = page.unicodeScalars.filter {
        ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}"
      }
      #expect(controls.isEmpty, "\(controls.map(\.value))")
    }
  }

  /// (c) A real browser runs the page: no console error, the totals are in its DOM, and the
  /// filter script ran (and without scripts every row shows).
  @Test func aHeadlessBrowserRendersThePage() throws {
    guard let chromium = Self.executable("chromium") else {
      print("HTMLReportTests: chromium is not installed (tools/setup installs it); skipped")
      return
    }
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (jsonl, html) = Self.outputs([Support.root.appendingPathComponent("examples").path])
    let page = folder.appendingPathComponent("report.html")
    try Data(html.utf8).write(to: page)
    let files = try #require(try Self.expected(jsonl)["total-files"])

    let run = try Self.run(
      chromium, Self.browserArguments(folder) + ["--dump-dom", page.absoluteString])
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.contains("id=\"total-files\" data-value=\"\(files)\">\(files)</dd>"))
    let rows = html.components(separatedBy: "<tr data-verdict=").count - 1
    #expect(rows > 0)
    #expect(run.output.contains("\(rows) of \(rows) rows shown"), "the filter script ran")
    let consoleErrors = run.errors.split(separator: "\n").filter { line in
      line.contains("CONSOLE")
        && ["Uncaught", "ERROR", "Error", "Refused", "violates"].contains { line.contains($0) }
    }
    #expect(consoleErrors.isEmpty, "\(consoleErrors)")

    // Without scripts the filters stay hidden and no row is: every row shows.
    #expect(html.contains("<form class=\"filters\" id=\"filters\" hidden>"))
    #expect(html.components(separatedBy: " hidden").count == 2, "only the form is hidden")
  }

  /// (d) `licenselens report` names a bad line, skips it, and still writes the page.
  @Test func aBadLineIsNamedSkippedAndCounted() throws {
    let binary = try Support.builtReleaseBinary()
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (jsonl, _) = Self.outputs([Support.root.appendingPathComponent("examples").path])
    var lines = jsonl.split(separator: "\n").map(String.init)
    lines.insert(#"{"path": "examples/broken", "size": 12"#, at: 2)
    let input = folder.appendingPathComponent("scan.jsonl")
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
    let output = folder.appendingPathComponent("report.html")

    let run = try Self.run(binary, ["report", input.path, "-o", output.path])
    #expect(run.status == 1)
    #expect(run.errors.contains("\(input.path):3: unexpected end of the text"), "\(run.errors)")
    #expect(run.errors.contains("1 line of \(input.path) skipped"))
    let page = try String(contentsOf: output, encoding: .utf8)
    let figures = try Self.figures(page)
    #expect(figures["total-files"] == (try Self.expected(jsonl))["total-files"])
    #expect(figures["total-malformed-lines"] == 1)
    #expect(page.contains("(line 3)"))

    let missing = try Self.run(
      binary, ["report", folder.appendingPathComponent("none.jsonl").path])
    #expect(missing.status == 2)
    #expect(missing.errors.contains("none.jsonl: No such file or directory"))
    #expect(missing.output.isEmpty)
  }

  static func browserArguments(_ folder: URL) -> [String] {
    [
      "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
      "--user-data-dir=" + folder.appendingPathComponent("chromium-profile").path,
    ]
  }

  static func executable(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map {
      URL(fileURLWithPath: String($0)).appendingPathComponent(name)
    }
    .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  static func run(_ executable: URL, _ arguments: [String]) throws
    -> (status: Int32, output: String, errors: String)
  {
    let result = try Support.run(executable, arguments)
    return (result.status, result.output, result.errors)
  }

}
