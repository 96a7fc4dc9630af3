import ArgumentParser
import Foundation
import LicenseReport
import LicenseScan

/// `licenselens explain PATH...`: the verdict on the four freedoms, clause by clause.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain which freedoms a license or a model's terms break, quoting the clauses.",
    discussion: """
      Reads a license file, or a folder holding a model's terms (LICENSE plus
      USE_POLICY.md, ACCEPTABLE_USE_POLICY, *AUP* or NOTICE files, judged
      together), and prints a report a person reads in a minute: the verdict
      first (osi-approved-open-source, open-but-not-osi-approved,
      restricted-open-weights, non-commercial, proprietary-or-unknown) with a
      summary, then for each freedom of the Open Source AI Definition (use,
      study, modify, share) its status and the clauses that decide it: file,
      line numbers, the quoted sentence and why it matters. A freedom is
      granted only with evidence, which is named: a license the reference data
      files as free (OSI-approved, FSF-libre, or a free LicenseDB category),
      identified with at least 90% coverage, or a sentence of the text that
      grants it; without evidence it is unknown. A license the LicenseDB files
      as non-free (Commercial, Proprietary Free, Source-available, Free
      Restricted, CLA, Patent License) is never called open, and where our
      clause scan disagrees with that filing the report says so. A near-copy
      of a license that adds or drops a restriction is reported as differing
      from it. A use policy the license incorporates by reference but that is
      not among the files is named, and the freedoms it may restrict are at
      risk.

      A model repository (a Hugging Face model card, weight files, or a hub
      cache snapshot) is explained as a system first: the outcomes under the
      Open Source AI Definition 1.0, the OSI license list, the Open Weight
      Definition and the Model Openness Framework class, with their reasons;
      its components (parameters, code, data information); the base models'
      terms, which carry over; and open-washing findings (a card that declares
      more freedom than its files or its base model grant, an open-source
      claim the terms do not back, terms that are missing). Weight files are
      read only to their header.

      A folder with several licensed files gets one explanation per model
      repository and per other licensed file, separated by a line of dashes.
      Exit status: 0 when every file was read, 1 when a path is missing or
      unreadable, 2 on usage errors or a missing index or catalog.

      Examples:
        licenselens explain model/      a model's LICENSE and USE_POLICY.md
        licenselens explain ~/.cache/huggingface/hub/models--ORG--NAME
                                        a downloaded model, named ORG/NAME@REV
        licenselens explain LICENSE     one license file
        licenselens explain LICENSE ACCEPTABLE_USE_POLICY.txt
        licenselens scan model/ --format jsonl     the same verdicts as JSON
      """)

  @Argument(help: "License files, or folders holding a model's license and policy files.")
  var paths: [String]

  @Option(help: "The compiled index (default: license-corpus/build/licenselens.index).")
  var index: String = Locations.defaultIndexPath()

  @Option(help: "Worker threads (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  func validate() throws {
    guard !paths.isEmpty else {
      throw ValidationError("give a license file or a model folder to explain")
    }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    for path in paths where access(path, F_OK) != 0 {
      let reason = FileReader.reason(errno)
      FileHandle.standardError.write(Data("licenselens: \(path): \(reason)\n".utf8))
      throw ExitCode(1)
    }
    let loaded = try IndexLoading.load(index)
    let clauses = try CatalogLoading.load(indexPath: index, index: loaded)
    let models = try CatalogLoading.loadModels()
    let records = BatchScanner(index: loaded, jobs: jobs, clauses: clauses, models: models).records(
      PathWalker().entries(paths))
    var failed = false
    for case .file(let result) in records {
      for error in result.errors {
        FileHandle.standardError.write(Data("licenselens: \(result.path): \(error)\n".utf8))
        failed = true
      }
    }
    var output = OutputStream()
    output.write(ExplainReport.render(records))
    output.flush()
    if failed { throw ExitCode(1) }
  }
}
