import Foundation
import Testing

/// `scan --resume OUT`: a scan killed (SIGKILL) or interrupted (SIGINT) part-way, with or
/// without a partial last line, and then run again, leaves the same lines as a scan that was
/// never interrupted, each once; model objects included.
@Suite(.serialized) struct ResumeTests {
  static let binary = Support.releaseBinary

  /// A tree of a few thousand files: generated projects and copies of the model examples.
  static func writeTree(_ tree: URL) throws {
    try SPDXSupport.writeTree(into: tree, projects: 300)
    for copy in 0..<4 {
      try FileManager.default.copyItem(
        at: Support.root.appendingPathComponent("examples"),
        to: tree.appendingPathComponent("models-\(copy)"))
    }
  }

  /// The lines of `url`, sorted.
  static func sortedLines(_ url: URL) throws -> [Substring] {
    try String(contentsOf: url, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false
    )
    .sorted()
  }

  /// Starts a scan of `tree` into `output`, sends `signal` once the output holds more than
  /// `bytes`, and returns the exit status.
  static func interruptedScan(_ tree: URL, _ output: URL, signal: Int32, after bytes: Int) throws
    -> Int32
  {
    let process = Process()
    process.executableURL = binary
    process.arguments = [
      "scan", "--quiet", "--jobs", "2", "--resume", output.path, tree.path,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning, Date() < deadline {
      let size =
        (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
      if size > bytes {
        kill(process.processIdentifier, signal)
        break
      }
      usleep(2000)
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  @Test func killedInterruptedAndTruncatedScansResumeToTheSameLines() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = folder.appendingPathComponent("tree")
    try Self.writeTree(tree)
    let complete = folder.appendingPathComponent("complete.jsonl")
    let plain = try Support.run(
      Self.binary, ["scan", "--quiet", "--jobs", "2", "--format", "jsonl", tree.path])
    #expect(plain.status == 0)
    try Data(plain.output.utf8).write(to: complete)
    let expected = try Self.sortedLines(complete)
    #expect(expected.count > 3000)
    #expect(expected.contains { $0.contains("\"kind\":\"model\"") })

    for (name, signal, status) in [("killed", SIGKILL, Int32(9)), ("interrupted", SIGINT, 130)] {
      let output = folder.appendingPathComponent("\(name).jsonl")
      let stopped = try Self.interruptedScan(tree, output, signal: signal, after: 200_000)
      #expect(stopped == status, "\(name)")
      let partial = try Self.sortedLines(output)
      #expect(partial.count < expected.count, "\(name): the scan finished before the signal")
      // A partial last line, as a write cut short leaves it.
      let handle = try FileHandle(forUpdating: output)
      let size = try handle.seekToEnd()
      try handle.truncate(atOffset: size - 37)
      try handle.close()

      let resumed = try Support.run(
        Self.binary, ["scan", "--quiet", "--jobs", "2", "--resume", output.path, tree.path])
      #expect(resumed.status == 0, "\(name): \(resumed.errors)")
      #expect(resumed.errors.contains("cut off a partial last line"), "\(name)")
      #expect(try Self.sortedLines(output) == expected, "\(name)")
      // Run again on the complete output: nothing more is written.
      let again = try Support.run(
        Self.binary, ["scan", "--quiet", "--jobs", "2", "--resume", output.path, tree.path])
      #expect(again.status == 0)
      #expect(try Self.sortedLines(output) == expected, "\(name), run again")
    }
  }

  @Test func anOutputThatIsNotAScanIsNotResumed() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("notes.jsonl")
    let text = "{\"path\": \"a\"}\nsome notes\n{\"path\": \"b\"}\n"
    try Data(text.utf8).write(to: output)
    let examples = Support.root.appendingPathComponent("examples").path
    let result = try Support.run(
      Self.binary, ["scan", "--quiet", "--resume", output.path, examples])
    #expect(result.status == 2)
    #expect(result.errors.hasPrefix("licenselens: cannot resume \(output.path):2: "))
    #expect(result.errors.split(separator: "\n").count == 1)
    #expect(try String(contentsOf: output, encoding: .utf8) == text)
    let sarif = try Support.run(
      Self.binary, ["scan", "--quiet", "--format", "sarif", "--resume", output.path, examples])
    #expect(sarif.status != 0)
    #expect(sarif.errors.contains("--resume writes JSON Lines"))
  }
}
