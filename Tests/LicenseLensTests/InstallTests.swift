import Foundation
import Testing

/// `tools/install`: the installed binary finds its data beside itself, from any folder, and
/// answers exactly like the binary in the checkout; uninstall removes what install wrote.
@Suite("Install")
struct InstallTests {
  static let built = Support.releaseBinary

  /// Runs `executable` with `arguments` in `folder`, with an environment that names no data
  /// directory and a home of its own (no user data home).
  static func run(
    _ executable: URL, _ arguments: [String], in folder: URL, home: URL
  ) throws -> Support.ProcessOutput {
    var environment = ProcessInfo.processInfo.environment.filter {
      !$0.key.hasPrefix("LICENSELENS_") && $0.key != "XDG_DATA_HOME"
    }
    environment["HOME"] = home.path
    return try Support.run(executable, arguments, in: folder, environment: environment)
  }

  static func listing(_ folder: URL) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    return (enumerator?.allObjects as? [String] ?? []).sorted()
  }

  @Test func installedBinaryAnswersLikeTheCheckoutAndUninstallRestoresThePrefix() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Self.built.path), "run tools/setup")
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let prefix = folder.appendingPathComponent("prefix")
    let elsewhere = folder.appendingPathComponent("elsewhere")
    for url in [prefix, elsewhere] {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    try Data("kept\n".utf8).write(to: prefix.appendingPathComponent("already-here.txt"))
    let before = Self.listing(prefix)

    let install = try Self.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      [
        "python3", Support.root.appendingPathComponent("tools/install").path, "--prefix",
        prefix.path,
      ],
      in: Support.root, home: folder)
    #expect(install.status == 0, "\(install.errors)")
    let installed = prefix.appendingPathComponent("bin/licenselens")
    for path in [
      "share/licenselens/licenselens.index", "share/licenselens/licenselens.catalog",
      "share/licenselens/clauses",
      "share/man/man1/licenselens.1", "share/bash-completion/completions/licenselens",
      "share/zsh/site-functions/_licenselens", "share/fish/vendor_completions.d/licenselens.fish",
    ] {
      #expect(
        FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path), "\(path)")
    }

    let examples = Support.root.appendingPathComponent("examples").path
    let arguments = ["scan", "--quiet", "--format", "jsonl", "--jobs", "2", examples]
    let fromInstall = try Self.run(installed, arguments, in: elsewhere, home: folder)
    let fromCheckout = try Self.run(Self.built, arguments, in: Support.root, home: folder)
    #expect(fromInstall.status == 0, "\(fromInstall.errors)")
    #expect(fromInstall.output == fromCheckout.output)
    #expect(fromInstall.output.contains(#""kind":"model""#))
    let version = try Self.run(installed, ["version"], in: elsewhere, home: folder)
    #expect(version.output.contains("data directory: \(prefix.path)/share/licenselens"))
    #expect(version.output.contains("LicenseDB: scancode-toolkit 32.5.0"))

    // Without its index the binary says where it looked and how to fix it: exit 2.
    let index = prefix.appendingPathComponent("share/licenselens/licenselens.index")
    let moved = folder.appendingPathComponent("moved.index")
    try FileManager.default.moveItem(at: index, to: moved)
    let missing = try Self.run(installed, arguments, in: elsewhere, home: folder)
    #expect(missing.status == 2)
    #expect(missing.errors.contains("no license index at \(index.path)"))
    #expect(missing.errors.contains("looked for a data directory in"))
    #expect(missing.errors.split(separator: "\n").count == 1)
    try FileManager.default.moveItem(at: moved, to: index)
    // An index built from another corpus than the data beside it is stale: exit 2.
    let stamp = prefix.appendingPathComponent("share/licenselens/corpus-stamp")
    let original = try Data(contentsOf: stamp)
    try Data("another-corpus\n".utf8).write(to: stamp)
    let stale = try Self.run(installed, arguments, in: elsewhere, home: folder)
    #expect(stale.status == 2)
    #expect(stale.errors.contains("is stale"))
    #expect(stale.errors.contains("licenselens index build"))
    try original.write(to: stamp)

    let uninstall = try Self.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      [
        "python3", Support.root.appendingPathComponent("tools/install").path, "--prefix",
        prefix.path, "--uninstall",
      ], in: Support.root, home: folder)
    #expect(uninstall.status == 0, "\(uninstall.errors)")
    #expect(Self.listing(prefix) == before)
  }
}
