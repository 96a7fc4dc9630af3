import Foundation
import LicenseIndex
import LicenseScan

#if canImport(Glibc)
  import Glibc
#endif

/// What every fuzz target shares: where the checkout's data is, the compiled index and the
/// clause stage loaded once per process, and a way to stop with a message libFuzzer keeps.
public enum FuzzSupport {
  /// The checkout whose `license-corpus/` the targets read: `LICENSELENS_ROOT`, or the
  /// current folder (`tools/fuzz` sets the variable).
  public static let root: URL = {
    let environment = ProcessInfo.processInfo.environment
    return URL(
      fileURLWithPath: environment["LICENSELENS_ROOT"] ?? FileManager.default.currentDirectoryPath)
  }()

  /// The compiled index of the checkout (`licenselens index build` writes it).
  public static let index: LicenseIndex = {
    let path = root.appendingPathComponent("license-corpus/build/licenselens.index").path
    do {
      return try LicenseIndex(path: path)
    } catch {
      fail("cannot load \(path): \(error) (run `licenselens index build` in the checkout)")
    }
  }()

  /// The clause stage as a scan uses it: the catalog, the family fingerprints and the
  /// clean-license profile of ``index``.
  public static let clauseAnalysis: ClauseAnalysis = {
    let corpus = root.appendingPathComponent("license-corpus")
    do {
      var analysis = try ClauseAnalysis.load(
        clauses: corpus.appendingPathComponent("clauses"),
        families: corpus.appendingPathComponent("families"))
      analysis.useProfile(
        at: corpus.appendingPathComponent("build/licenselens.clean-licenses").path,
        corpusStamp: index.corpusStamp)
      return analysis
    } catch {
      fail("cannot load the clause catalog under \(corpus.path): \(error)")
    }
  }()

  /// The input libFuzzer passes, as a buffer (empty inputs may come with a null pointer).
  public static func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<
    UInt8
  > {
    UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
  }

  /// A new folder of this process under /tmp whose name starts with `prefix`.
  public static func temporaryFolder(_ prefix: String) -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fail("cannot make a temporary folder") }
    return String(cString: made)
  }

  /// Writes `bytes` to the file at `path`, replacing it.
  public static func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    check(descriptor >= 0, "cannot write \(path)")
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
      let step = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
      check(step > 0, "cannot write \(path)")
      written += step
    }
  }

  /// Writes `message` to standard error and aborts: libFuzzer records the input as a crash.
  public static func fail(_ message: String) -> Never {
    let line = "fuzz: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
  }

  /// Fails with `message` unless `condition` holds: the invariant a target checks.
  public static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
  }
}
