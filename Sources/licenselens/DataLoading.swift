import ArgumentParser
import Foundation
import LicenseClauses
import LicenseIndex
import LicenseModel
import LicensePolicy
import LicenseScan

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
