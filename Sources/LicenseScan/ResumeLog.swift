import Foundation
import LicenseReport

#if canImport(Glibc)
  import Glibc
#endif

/// What the JSON Lines output of an interrupted scan already holds (`scan --resume OUT`), so
/// that the scan run again writes only the records that are missing.
///
/// A scan that was stopped (Ctrl-C, a killed process, a full disk) leaves whole lines, and at
/// most one partial line at the end, which ``open(_:)`` cuts off. The records are known by
/// their kind and path: a file by its `path`, a model repository (`"kind": "model"`) by its
/// folder, the provenance object by its kind.
///
/// Model objects depend on every file of their repository and on the models assessed before
/// them, so a resumed scan goes through every file again: the files already reported are
/// read and their results taken from the result cache (not matched again), given to the
/// model view and the policy, and not written again; the model objects are computed for the
/// whole tree and those already written are left out. After sorting, the resumed output
/// equals the output of a scan that was never interrupted.
public struct ResumeLog: Sendable {
  /// The output file.
  public let path: String
  /// Paths of the file records already written.
  public private(set) var files: Set<String> = []
  /// Folders of the model records already written.
  public private(set) var models: Set<String> = []
  /// Whether the provenance object was written.
  public private(set) var hasProvenance = false
  /// Bytes of a partial last line that were cut off.
  public private(set) var droppedBytes = 0
  /// Lines read.
  public private(set) var lines = 0

  /// Why an output cannot be resumed.
  public struct Failure: Error, CustomStringConvertible {
    /// The output file.
    public var path: String
    /// The line at fault, when one is.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// Creates a failure.
    public init(path: String, line: Int? = nil, reason: String) {
      self.path = path
      self.line = line
      self.reason = reason
    }

    public var description: String {
      "cannot resume \(path)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }
  }

  /// An empty log for a new output file at `path`.
  init(path: String) {
    self.path = path
  }

  /// Reads the output at `path` (a missing file is an empty log), cutting off a partial last
  /// line. Throws when the file is not a regular file, cannot be read or changed, or holds a
  /// whole line that is not a scan record.
  public static func open(_ path: String) throws(Failure) -> ResumeLog {
    var log = ResumeLog(path: path)
    var status = stat()
    if stat(path, &status) != 0 {
      if errno == ENOENT { return log }
      throw Failure(path: path, reason: String(cString: strerror(errno)))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw Failure(path: path, reason: "not a regular file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Failure(path: path, reason: "cannot read the file")
    }
    let bytes = [UInt8](data)
    let newline = UInt8(ascii: "\n")
    let end = bytes.lastIndex(of: newline).map { $0 + 1 } ?? 0
    if end < bytes.count {
      guard truncate(path, off_t(end)) == 0 else {
        throw Failure(
          path: path,
          reason: "cannot cut off the partial last line: \(String(cString: strerror(errno)))")
      }
      log.droppedBytes = bytes.count - end
    }
    var start = 0
    while start < end {
      let stop = bytes[start..<end].firstIndex(of: newline) ?? end
      log.lines += 1
      try log.add(bytes[start..<stop], line: log.lines)
      start = stop + 1
    }
    return log
  }

  private mutating func add(_ line: ArraySlice<UInt8>, line number: Int) throws(Failure) {
    let value: JSONValue
    do {
      value = try JSONValue.parse(String(decoding: line, as: UTF8.self))
    } catch {
      throw Failure(path: path, line: number, reason: "not a JSON object (\(error))")
    }
    let kind = value["kind"]?.stringValue
    if kind == "provenance" {
      hasProvenance = true
      return
    }
    guard let recordPath = value["path"]?.stringValue, kind == nil || kind == "model" else {
      throw Failure(path: path, line: number, reason: "not a scan record of JSON Lines")
    }
    if kind == "model" {
      models.insert(recordPath)
    } else {
      files.insert(recordPath)
    }
  }

  /// Whether `record` was written already.
  public func contains(_ record: ScanRecord) -> Bool {
    switch record {
    case .file(let result): return files.contains(result.path)
    case .model(let model): return models.contains(model.folder)
    }
  }
}
