import LicenseText

/// The page's own style sheet and script, and the Content-Security-Policy that admits exactly
/// these two (by their SHA-256 hashes) and nothing else: no network, no other script or style.
enum HTMLReportAssets {
  /// The style sheet.
  static let style = """
    :root{--ink:#1d2430;--muted:#5b6472;--line:#d9dee5;--bg:#f6f7f9;--bar:#3b6ea8;--warn:#b4531a}
    *{box-sizing:border-box}
    body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
    header,main,footer{max-width:1280px;margin:0 auto;padding:0 24px}
    header{padding-top:20px}
    h1{font-size:24px;margin:0 0 4px}
    h2{font-size:18px;margin:0 0 10px}
    h3{font-size:14px;margin:12px 0 6px;color:var(--muted)}
    .meta{color:var(--muted);margin:0 0 16px;overflow-wrap:anywhere}
    section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:0 0 16px}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}
    .grid section{margin:0}
    .grid{margin-bottom:16px}
    dl.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;margin:0}
    dl.totals div{border:1px solid var(--line);border-radius:6px;padding:8px 12px}
    dl.totals dt{color:var(--muted);font-size:12px}
    dl.totals dd{margin:0;font-size:22px;font-weight:600}
    .note{color:var(--muted);font-size:13px;margin:6px 0 0}
    .warn{color:var(--warn);font-weight:600}
    svg.chart{display:block;max-width:100%;height:auto;font-size:12px}
    svg.chart text{fill:var(--ink)}
    svg.chart text.n{fill:var(--muted)}
    svg.chart rect{fill:var(--bar)}
    svg.chart g.none rect{fill:#a9b1bd}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
    th{background:#eef1f5;position:sticky;top:0}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    td.path{overflow-wrap:anywhere;min-width:260px}
    td ul{margin:0;padding-left:16px}
    .quote{color:var(--muted);font-style:italic}
    code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
    .tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;background:#e8edf4;white-space:nowrap}
    .v-osi-approved-open-source{background:#dcefdc}
    .v-open-but-not-osi-approved{background:#e6f0d4}
    .v-restricted-open-weights{background:#f8e5c8}
    .v-non-commercial{background:#f6d5cf}
    .v-proprietary-or-unknown{background:#e5dcef}
    .o-pass{background:#dcefdc}
    .o-fail-terms,.o-fail-components,.o-fail{background:#f6d5cf}
    form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 10px}
    form.filters input{min-width:280px}
    form.filters input,form.filters select{font:inherit;padding:4px 6px}
    tr[hidden]{display:none}
    .scroll{max-height:900px;overflow:auto;border:1px solid var(--line)}
    footer{color:var(--muted);font-size:12px;padding-bottom:24px}
    """

  /// The filters of the file table: a search box and selects by verdict class and license.
  /// The form is hidden until this runs, so without scripts every row simply shows.
  static let script = """
    (function () {
      var form = document.getElementById("filters");
      var table = document.getElementById("file-table");
      if (!form || !table) { return; }
      var text = document.getElementById("filter-text");
      var verdict = document.getElementById("filter-verdict");
      var license = document.getElementById("filter-license");
      var shown = document.getElementById("rows-shown");
      var rows = table.tBodies[0].rows;
      var haystacks = [];
      for (var i = 0; i < rows.length; i++) { haystacks.push(rows[i].textContent.toLowerCase()); }
      function apply() {
        var needle = text.value.toLowerCase();
        var count = 0;
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i];
          var keep = (!needle || haystacks[i].indexOf(needle) >= 0)
            && (!verdict.value || row.getAttribute("data-verdict") === verdict.value)
            && (!license.value
              || (" " + row.getAttribute("data-licenses") + " ").indexOf(" " + license.value + " ") >= 0);
          row.hidden = !keep;
          if (keep) { count++; }
        }
        shown.textContent = count + " of " + rows.length + " rows shown";
      }
      text.addEventListener("input", apply);
      verdict.addEventListener("change", apply);
      license.addEventListener("change", apply);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.hidden = false;
      apply();
    })();
    """

  /// The policy: nothing may load; only the style sheet and script above may apply.
  static let contentSecurityPolicy =
    "default-src 'none'; style-src '\(hash(style))'; script-src '\(hash(script))'; "
    + "img-src 'none'; base-uri 'none'; form-action 'none'"

  /// `sha256-BASE64` of `text`, as CSP hash sources are written.
  static func hash(_ text: String) -> String {
    var text = text
    let hex = text.withUTF8 { FileDigest.sha256Hex(UnsafeRawBufferPointer($0)) }
    let digits = Array(hex.utf8)
    let digest = stride(from: 0, to: digits.count - 1, by: 2).map {
      nibble(digits[$0]) << 4 | nibble(digits[$0 + 1])
    }
    return "sha256-" + base64(digest)
  }

  private static func nibble(_ digit: UInt8) -> UInt8 {
    digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
  }

  /// Standard Base64 with padding.
  static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var output: [UInt8] = []
    var offset = 0
    while offset < bytes.count {
      let chunk = bytes[offset..<min(offset + 3, bytes.count)]
      let value = chunk.enumerated().reduce(UInt32(0)) {
        $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset))
      }
      for position in 0..<4 {
        if position <= chunk.count {
          output.append(alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3F)])
        } else {
          output.append(UInt8(ascii: "="))
        }
      }
      offset += 3
    }
    return String(decoding: output, as: UTF8.self)
  }
}
