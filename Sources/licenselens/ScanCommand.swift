import ArgumentParser
import Foundation
import LicenseMatch
import LicensePolicy
import LicenseReport
import LicenseScan

/// `licenselens scan PATH...`: identifies the licenses in files and trees.
struct ScanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Identify the licenses in files and folders.",
    discussion: """
      Folders are scanned recursively; .git and other version-control folders
      are skipped, binary files are reported as skipped, and symbolic links
      inside folders are not followed. Each file gets its licenses (SPDX id,
      lines, coverage, OSI approval), an SPDX expression, the restrictive
      clauses found in it (model and weight licenses, use policies) and a
      verdict on the four freedoms; files that cannot be read get an error and
      the scan goes on. Every model repository (a Hugging Face model card,
      weight files, a hub-cache snapshot, whose links into blobs/ are followed)
      and every folder holding a license plus a use policy or NOTICE gets one
      more object, "kind": "model", after its files: what the card declares
      and what the files are, base-model terms, open-washing findings, the
      components, and the outcomes under OSAID 1.0, the OSI list, the Open
      Weight Definition and the MOF class. Weight files are read only to their
      header. `licenselens explain` says why, in prose.

      Output is a readable table on a terminal and JSON Lines otherwise.

      A policy (--policy FILE, or .licenselens.yml in the first folder
      scanned) turns findings into CI gates: `deny` rules name clause ids,
      verdict classes, OSAID outcomes, licenses, LicenseDB categories or
      open-washing kinds that fail the scan, `warn` rules report without
      failing, `allow` lists paths and licenses never reported. Each finding
      is printed on standard error with its path and lines; see README.md.

      Exit status: 0 when every file was read and no deny rule fired, 1 when
      some file could not be read, 2 on usage errors or an unusable policy,
      3 when a deny rule fired.

      Examples:
        licenselens scan LICENSE
        licenselens scan src/ vendor/ --format jsonl > licenses.jsonl
        licenselens scan model/ --format json --jobs 2
        licenselens scan . --format sarif > licenselens.sarif
        licenselens scan . --policy ci/licenses.yml --format sarif > out.sarif
        licenselens scan model/ --format cyclonedx-json > model.cdx.json
        licenselens scan . --format spdx-json > licenses.spdx.json
      """)

  @Argument(help: "Files or folders to scan.")
  var paths: [String] = []

  @Option(
    help: ArgumentHelp(
      "Output format: text, json, jsonl, sarif, html, cyclonedx-json, spdx-json or spdx3-json "
        + "(default: text on a terminal, else jsonl).",
      discussion:
        "cyclonedx-json writes one CycloneDX 1.6 BOM: a file component per file and a "
        + "machine-learning-model component per model repository, with the verdict in its "
        + "model card. spdx-json is an SPDX 2.3 document (files with SHA-1, what was found as "
        + "licenseInfoInFiles); spdx3-json is SPDX 3.0.1 JSON-LD with an ai_AIPackage per model "
        + "repository."))
  var format: ReportFormat?

  @Option(help: "The compiled index (default: license-corpus/build/licenselens.index).")
  var index: String = Locations.defaultIndexPath()

  @Option(help: "Worker threads (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Skip files larger than this many bytes.")
  var maxSize: Int = FileReader.defaultMaximumSize

  @Option(
    help: ArgumentHelp(
      "Scan only files matching this glob (repeatable).",
      discussion:
        "Without '/' a pattern matches the file name (*.md); with '/' the path (vendor/*)."))
  var include: [String] = []

  @Option(help: "Skip files and folders matching this glob (repeatable).")
  var exclude: [String] = []

  @Option(help: "Read the paths to scan from this file, one per line ('-' for standard input).")
  var filesFrom: String?

  @Option(help: "Output order: 'path' (input and walk order) or 'completion' (as files finish).")
  var sort: OutputOrder = .path

  @Option(
    help: ArgumentHelp(
      "A policy file of deny, warn and allow rules (default: .licenselens.yml in the first "
        + "folder scanned, when present).", valueName: "file"))
  var policy: String?

  @Flag(
    help: ArgumentHelp(
      "Write first a provenance object (scanner, LicenseDB, data directory, index, catalog) "
        + "(json and jsonl)."))
  var provenance = false

  @Flag(help: "No progress line on standard error.")
  var quiet = false

  @Flag(
    help: "Identify licenses only: no clauses, fingerprints, verdicts or model view (benchmarks).")
  var noClauses = false

  @Option(
    help: ArgumentHelp(
      "Keep results in this folder across scans: a file whose content was scanned before "
        + "(with the same scanner, index and catalog) is not matched again.",
      discussion:
        "Keyed by the content's SHA-256, and by path and file metadata (device, inode, size, "
        + "modification and change times), so an unchanged file is not even read; scanners "
        + "running at once may share the folder. A damaged entry is ignored and computed again.",
      valueName: "dir"))
  var cache: String?

  @Option(
    help: ArgumentHelp(
      "Write JSON Lines to this file and, when it exists, write only what it lacks: run the "
        + "same command again after an interrupted scan.",
      discussion:
        "A partial last line is cut off; files already reported are taken from the result "
        + "cache (--cache, default FILE.cache) and not written again.",
      valueName: "file"))
  var resume: String?

  @Option(
    help: ArgumentHelp(
      "Share of licensing words a paragraph needs to count as unknown license text "
        + "(tools/eval-unknown-texts --sweep).", visibility: .hidden))
  var unknownTextDensity: Double?

  @Option(
    help: ArgumentHelp(
      "Words a stretch of unknown license text holds at least (tools/eval-unknown-texts).",
      visibility: .hidden))
  var unknownTextWords: Int?

  @Option(
    help: ArgumentHelp(
      "Kinds of licensing words a stretch of unknown license text holds at least "
        + "(tools/eval-unknown-texts).", visibility: .hidden))
  var unknownTextKinds: Int?

  /// The unknown-text settings the hidden options give, else the standard ones.
  var unknownTextSettings: UnknownTextFinder.Settings {
    let standard = UnknownTextFinder.Settings.standard
    return UnknownTextFinder.Settings(
      minimumDensity: unknownTextDensity ?? standard.minimumDensity,
      minimumWords: unknownTextWords ?? standard.minimumWords,
      minimumKinds: unknownTextKinds ?? standard.minimumKinds)
  }

  func validate() throws {
    guard !paths.isEmpty || filesFrom != nil else {
      throw ValidationError("give at least one file or folder to scan, or --files-from")
    }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard maxSize >= 0 else { throw ValidationError("--max-size must not be negative") }
    if provenance, let format, format != .json, format != .jsonl {
      throw ValidationError("--provenance applies to --format json and jsonl")
    }
    if resume != nil, let format, format != .jsonl {
      throw ValidationError("--resume writes JSON Lines (--format jsonl)")
    }
  }

  func run() throws {
    // The index (mapped, and every section's checksum checked: the longest step of a start)
    // loads on another thread while the clause and model catalogs load on this one; errors
    // and notes are reported afterwards, the index's first, as when loaded one after another.
    let indexPath = index
    let indexLoad = BackgroundResult { try IndexLoading.load(indexPath) }
    let catalog =
      noClauses ? nil : Result { try CatalogLoading.loadCatalogNoting(indexPath: index) }
    let modelCatalog = noClauses ? nil : Result { try CatalogLoading.loadModelsQuietly() }
    let loaded = try indexLoad.value()
    let clauses =
      try catalog.map { try CatalogLoading.load(indexPath: index, index: loaded, catalog: $0) }
    let models = try modelCatalog.map { try CatalogLoading.reportingFailure($0) }
    let gate = try PolicyLoading.load(
      policy, roots: paths, clauseIDs: clauses.map { Set($0.scanner.catalog.rules.map(\.id)) })
    let resumed = try resume.map { try ResumeOpening.open($0) }
    let results = try (cache ?? resume.map { $0 + ".cache" }).map {
      try ResultCacheOpening.open(
        $0, index: loaded, indexPath: index, clauses: clauses, unknownText: unknownTextSettings)
    }
    let format = resume != nil ? .jsonl : self.format ?? (isatty(1) != 0 ? .text : .jsonl)
    let files = try results.map {
      try ResultCacheOpening.openFiles(
        $0, maximumSize: maxSize, sha1: format.needsSHA1,
        keepsJSON: [.json, .jsonl].contains(format))
    }
    var roots = paths
    if let filesFrom { roots += try readPathList(filesFrom) }
    let walker = PathWalker(roots, filter: PathFilter(include: include, exclude: exclude))
    let showProgress = !quiet && isatty(2) != 0
    var progress: ProgressLine?
    if showProgress {
      // The total comes from a second walk beside the scan, which starts at once.
      let total = ProgressTotal()
      total.count(walker)
      progress = ProgressLine(total: total)
    }
    var context = ReportContext(roots: roots, created: Self.timestamp())
    if provenance, resumed?.log.hasProvenance != true {
      context.provenance = Provenance.gather(indexPath: index).jsonObject
    }
    let sink = ScanSink(
      writer: format.makeWriter(context: context), progress: progress, gate: gate,
      output: OutputStream(descriptor: resumed?.descriptor ?? 1), written: resumed?.log,
      files: files)
    Interruption.install()
    sink.begin()
    BatchScanner(
      index: loaded, jobs: jobs, maximumSize: maxSize, clauses: clauses, models: models,
      sha1: format.needsSHA1, results: results, files: files,
      unknownText: unknownTextSettings
    ).scanRecords(
      walker, ordered: sort == .path,
      shouldStop: { Interruption.received != nil || sink.outputFailure != nil }
    ) { sink.write($0) }
    sink.end()
    files?.save()
    if let failure = sink.outputFailure {
      FileHandle.standardError.write(
        Data(
          ("licenselens: cannot write \(resume ?? "the output"): \(String(cString: strerror(failure)))"
            + "; \(sink.count) records written\n").utf8))
      throw ExitCode(1)
    }
    if let signal = Interruption.received {
      FileHandle.standardError.write(
        Data("licenselens: interrupted; \(sink.count) files reported\n".utf8))
      throw ExitCode(128 + signal)
    }
    for violation in sink.violations {
      FileHandle.standardError.write(Data("licenselens: \(violation.line)\n".utf8))
    }
    if sink.violations.contains(where: { $0.level == .deny }) { throw ExitCode(3) }
    if sink.failures > 0 { throw ExitCode(1) }
  }

  /// Now, as an ISO 8601 UTC timestamp.
  static func timestamp() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }

  private func readPathList(_ source: String) throws -> [String] {
    let data: Data
    if source == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let contents = FileManager.default.contents(atPath: source) else {
        throw ValidationError("cannot read the path list \(source)")
      }
      data = contents
    }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
      .map(String.init).filter { !$0.isEmpty }
  }
}

/// The order in which results are written.
enum OutputOrder: String, ExpressibleByArgument, CaseIterable {
  case path
  case completion
}

extension ReportFormat: ExpressibleByArgument {}
