import ArgumentParser
import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseModel
import LicensePolicy
import LicenseReport
import LicenseScan
import Synchronization

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

/// Writes results as they arrive. Only ever called by one thread at a time (the scanner
/// serializes its emit calls), so its state needs no lock of its own.
final class ScanSink: @unchecked Sendable {
  private var writer: any RecordWriter
  private let progress: ProgressLine?
  private let gate: PolicyGate?
  private var output: OutputStream
  /// Records an earlier run wrote (`--resume`): counted and checked, not written again.
  private let written: ResumeLog?
  /// The result cache by path and metadata, which keeps the JSON of the results it gives.
  private let files: FileResultLog?
  private let failure = Atomic<Int32>(0)
  private(set) var failures = 0
  private(set) var count = 0
  /// What the policy found, in output order.
  private(set) var violations: [PolicyViolation] = []

  init(
    writer: any RecordWriter, progress: ProgressLine?, gate: PolicyGate? = nil,
    output: OutputStream = OutputStream(), written: ResumeLog? = nil, files: FileResultLog? = nil
  ) {
    self.files = files
    self.writer = writer
    self.progress = progress
    self.gate = gate
    self.output = output
    self.written = written
  }

  /// The error number of a failed write to the output (a full disk), once one failed.
  var outputFailure: Int32? {
    let number = failure.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }

  func begin() {
    output.write(writer.begin())
  }

  func write(_ record: ScanRecord) {
    if case .file(let result) = record, !result.errors.isEmpty { failures += 1 }
    let json = files.flatMap { files in
      if case .file(let result) = record { files.takeJSON(for: result) } else { nil }
    }
    if written?.contains(record) != true {
      output.write(json.map { writer.write(record, json: $0) } ?? writer.write(record))
      count += 1
    }
    if let gate { violations += gate.violations(in: record) }
    // Whole objects reach the output promptly, so an interrupted scan leaves valid lines.
    output.flushIfLarge()
    if let error = output.failure { failure.store(error, ordering: .relaxed) }
    if case .file(let result) = record { progress?.advance(size: result.size ?? 0) }
  }

  func end() {
    progress?.finish()
    output.write(writer.end())
    output.flush()
    if let error = output.failure { failure.store(error, ordering: .relaxed) }
  }
}

extension ReportFormat: ExpressibleByArgument {}

/// Loads the policy of a scan, or stops with exit status 2 and the file and line at fault.
enum PolicyLoading {
  /// The gate for `path`, else for `.licenselens.yml` in the first folder among `roots`;
  /// `nil` when there is no policy.
  static func load(_ path: String?, roots: [String], clauseIDs: Set<String>?) throws
    -> PolicyGate?
  {
    var file = path
    if file == nil,
      let folder = roots.first(where: { root in
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: root, isDirectory: &isFolder)
          && isFolder.boolValue
      })
    {
      let candidate = (folder as NSString).appendingPathComponent(".licenselens.yml")
      if FileManager.default.fileExists(atPath: candidate) { file = candidate }
    }
    guard let file else { return nil }
    do {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw PolicyError(path: file, line: nil, message: "cannot read the policy file")
      }
      let text = String(decoding: data, as: UTF8.self)
      return PolicyGate(policy: try Policy.parse(text, path: file, clauseIDs: clauseIDs))
    } catch {
      FileHandle.standardError.write(Data("licenselens: policy: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}

/// Loads the index or stops with a one-line message naming the command that builds it.
enum IndexLoading {
  static func load(_ path: String) throws -> LicenseIndex {
    do {
      let index = try LicenseIndex(path: path)
      if let stamp = Locations.corpusStamp(), stamp != index.corpusStamp {
        throw IndexError.stale(
          path: path, reason: "it was built from another corpus than the one beside it")
      }
      return index
    } catch IndexError.missing(let missing) {
      FileHandle.standardError.write(
        Data(
          ("licenselens: no license index at \(missing); looked for a data directory in: "
            + "\(DataDirectory.searched). Fix: run `tools/install` from a checkout (or "
            + "`licenselens index build` inside one, after tools/fetch-corpus), or point "
            + "LICENSELENS_DATA or --index at an index\n").utf8))
      throw ExitCode(2)
    } catch let error as IndexError {
      FileHandle.standardError.write(Data("licenselens: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}

/// Loads the clause catalog and the family fingerprints, with the clean-license profile
/// written beside the index when it still applies.
enum CatalogLoading {
  /// The model view's data files, or exit status 2 with a one-line message.
  static func loadModels() throws -> ModelCatalog {
    try reportingFailure(Result { try loadModelsQuietly() })
  }

  /// The model view's data files, or an error naming the folder.
  static func loadModelsQuietly() throws -> ModelCatalog {
    let path = Locations.defaultModelsPath()
    do {
      return try ModelCatalog.load(from: path)
    } catch {
      throw CatalogLoadingError(message: "cannot load the model catalog (\(path)): \(error)")
    }
  }

  /// The catalog of `result`, or exit status 2 with its error on one line.
  static func reportingFailure(_ result: Result<ModelCatalog, any Error>) throws -> ModelCatalog {
    do {
      return try result.get()
    } catch {
      FileHandle.standardError.write(Data("licenselens: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }

  /// The catalog and fingerprints, or an error naming the folders: from the compiled catalog
  /// beside the index at `indexPath` (by default the default index) when it matches the YAML
  /// files, otherwise from them, with a note when the compiled file is damaged or of another
  /// format (an edited catalog already gets the clean-license profile's note).
  static func loadCatalog(indexPath: String? = nil) throws -> ClauseAnalysis {
    let (analysis, note) = try loadCatalogNoting(indexPath: indexPath)
    if let note { FileHandle.standardError.write(Data(note.utf8)) }
    return analysis
  }

  /// ``loadCatalog(indexPath:)``, with the note returned instead of written.
  static func loadCatalogNoting(indexPath: String?) throws -> (ClauseAnalysis, note: String?) {
    let clauses = Locations.defaultClausesPath()
    let families = Locations.defaultFamiliesPath()
    let compiled = CompiledCatalog.path(forIndex: indexPath ?? Locations.defaultIndexPath())
    do {
      let (analysis, refusal) = try ClauseAnalysis.loadReporting(
        clauses: URL(fileURLWithPath: clauses), families: URL(fileURLWithPath: families),
        compiled: compiled)
      let state: String
      let reason: String
      switch refusal {
      case .damaged(let why): (state, reason) = ("damaged", why)
      case .stale(let why): (state, reason) = ("stale", why)
      case .missing, .otherSource, nil: return (analysis, nil)
      }
      return (
        analysis,
        "licenselens: note: \(compiled) is \(state) (\(reason)); the clause catalog was read "
          + "from its YAML files instead (slower start); `licenselens index build` rewrites "
          + "it\n"
      )
    } catch {
      throw CatalogLoadingError(
        message: "cannot load the clause catalog (\(clauses), \(families)): \(error)")
    }
  }

  /// The stage for scans over `index` (at `indexPath`), or exit status 2 with a one-line
  /// message when the catalog cannot be loaded. A missing or outdated profile only costs
  /// speed; a note says how to rebuild it. `catalog` is what ``loadCatalogNoting(indexPath:)``
  /// gave, when it was called before (on this thread while the index loaded on another).
  static func load(
    indexPath: String, index: LicenseIndex,
    catalog: Result<(ClauseAnalysis, note: String?), any Error>? = nil
  ) throws -> ClauseAnalysis {
    var analysis: ClauseAnalysis
    do {
      let note: String?
      (analysis, note) = try (catalog ?? Result { try loadCatalogNoting(indexPath: indexPath) })
        .get()
      if let note { FileHandle.standardError.write(Data(note.utf8)) }
    } catch {
      FileHandle.standardError.write(Data("licenselens: \(error)\n".utf8))
      throw ExitCode(2)
    }
    analysis.fsfLibre = Locations.fsfLibreIDs()
    let path = Locations.cleanLicensesPath(forIndex: indexPath, reading: true)
    if !analysis.useProfile(at: path, corpusStamp: index.corpusStamp) {
      FileHandle.standardError.write(
        Data(
          ("licenselens: note: \(path) is missing, damaged or older than the clause catalog; "
            + "`licenselens index build` makes clause detection faster and lets verdicts "
            + "compare near-copies of a license with its reference text\n").utf8))
    }
    return analysis
  }
}

/// The result of a throwing computation run at once on another thread; ``value()`` waits for
/// it. Start-up loads the index this way while the catalogs load on the main thread.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  /// Written once by the other thread before it signals ``done``; read after waiting on it.
  private var result: Result<Value, any Error>?

  init(_ body: @escaping @Sendable () throws -> Value) {
    DispatchQueue.global().async {
      self.result = Result { try body() }
      self.done.signal()
    }
  }

  /// The value, or the error the computation threw.
  func value() throws -> Value {
    done.wait()
    done.signal()
    return try result!.get()
  }
}

/// The clause catalog could not be loaded.
struct CatalogLoadingError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Buffered output to standard output or another open file.
struct OutputStream {
  private var buffer: [UInt8] = []
  /// Where the bytes go.
  var descriptor: Int32 = 1
  /// The error number of the first write that failed; nothing is written after it.
  private(set) var failure: Int32?

  /// A stream to `descriptor` (standard output by default).
  init(descriptor: Int32 = 1) {
    self.descriptor = descriptor
  }

  mutating func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
  }

  /// Writes the buffer out once it holds 64 KiB; the buffer only ever holds whole objects.
  mutating func flushIfLarge() {
    if buffer.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    var offset = 0
    while failure == nil, offset < buffer.count {
      let written = buffer.withUnsafeBytes {
        Foundation.write(descriptor, $0.baseAddress! + offset, buffer.count - offset)
      }
      if written <= 0 {
        failure = written < 0 ? errno : ENOSPC
        break
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
