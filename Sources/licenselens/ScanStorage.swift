import ArgumentParser
import Foundation
import LicenseIndex
import LicenseMatch
import LicenseScan

/// Opens the result cache of a scan (`--cache DIR`), keyed by everything its results
/// depend on besides the content, or stops with exit status 2 and a one-line message.
enum ResultCacheOpening {
  /// The cache in `directory` for a scan with `index` (at `indexPath`), `clauses` and the
  /// unknown-text settings `unknownText`.
  static func open(
    _ directory: String, index: LicenseIndex, indexPath: String, clauses: ClauseAnalysis?,
    unknownText: UnknownTextFinder.Settings
  )
    throws -> ResultCache
  {
    let profilePath = Locations.cleanLicensesPath(forIndex: indexPath, reading: true)
    let profile = FileManager.default.contents(atPath: profilePath).map {
      ResultCache.salt([String(decoding: $0, as: UTF8.self)])
    }
    let dependencies = [
      "scanner \(ResultCache.executableDigest() ?? Provenance.release)",
      "index \(String(index.checksum, radix: 16)) \(index.corpusStamp)",
      "clauses \(clauses.map(\.catalogDigest) ?? "off")",
      "profile \(clauses == nil ? "off" : profile ?? "none")",
      "fsf-libre \(ResultCache.salt((clauses?.fsfLibre ?? []).sorted()))",
      "unknown-text \(unknownText.minimumDensity) \(unknownText.minimumWords) "
        + "\(unknownText.minimumKinds)",
    ]
    do {
      return try ResultCache(directory: directory, dependencies: dependencies)
    } catch {
      FileHandle.standardError.write(
        Data("licenselens: cannot use the result cache \(directory): \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}

extension ResultCacheOpening {
  /// The file-metadata level of `cache` for scans with `maximumSize` and `sha1` (keeping the
  /// JSON objects of the results it gives with `keepsJSON`), or exit status 2 with a
  /// one-line message.
  static func openFiles(_ cache: ResultCache, maximumSize: Int, sha1: Bool, keepsJSON: Bool)
    throws -> FileResultLog
  {
    do {
      return try FileResultLog(
        cache: cache, maximumSize: maximumSize, sha1: sha1, keepsJSON: keepsJSON)
    } catch {
      FileHandle.standardError.write(
        Data("licenselens: cannot use the result cache \(cache.folder): \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}

/// Opens the output of a resumed scan (`--resume OUT`): reads what it holds, cutting off a
/// partial last line, and opens it for appending; or stops with exit status 2.
enum ResumeOpening {
  /// The log of `path` and a descriptor that appends to it.
  static func open(_ path: String) throws -> (log: ResumeLog, descriptor: Int32) {
    do {
      let log = try ResumeLog.open(path)
      let descriptor = Foundation.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else {
        throw ResumeLog.Failure(path: path, reason: String(cString: strerror(errno)))
      }
      if log.droppedBytes > 0 {
        FileHandle.standardError.write(
          Data(
            "licenselens: \(path): cut off a partial last line (\(log.droppedBytes) bytes)\n".utf8))
      }
      return (log, descriptor)
    } catch {
      FileHandle.standardError.write(Data("licenselens: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}
