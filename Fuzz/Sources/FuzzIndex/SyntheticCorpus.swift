import LicenseCorpus

/// A tiny license database written for the index target: three licenses in our own words and
/// a few rules, so that its compiled index is a few kilobytes that every input can damage.
enum SyntheticCorpus {
  static let database = LicenseDatabase(
    licenses: [
      LicenseRecord(
        key: "fuzz-permissive", spdx: "LicenseRef-Fuzz-Permissive", name: "Fuzz Permissive",
        shortName: "Fuzz Permissive", category: "Permissive", isOSIApproved: true,
        text: """
          Anyone who receives a copy of this work may use it, change it, and pass it on to
          others, with or without changes, for any purpose. Each copy must keep this notice
          and the names of the people who wrote the work. The work comes as it is, with no
          promise that it works or fits any purpose, and its authors answer for no harm.
          """),
      LicenseRecord(
        key: "fuzz-share-alike", spdx: "LicenseRef-Fuzz-Share-Alike", name: "Fuzz Share Alike",
        shortName: "Fuzz Share Alike", category: "Copyleft", isOSIApproved: false,
        text: """
          You may study, run and improve this program. When you give a changed version to
          someone else, you must give them its full source as well, under these same terms,
          and you may not add terms that take away any of the rights granted here. Nothing
          here grants rights in the names or marks of the people who made the program.
          """),
      LicenseRecord(
        key: "fuzz-research-only", spdx: "", name: "Fuzz Research Only",
        shortName: "Fuzz Research Only", category: "Proprietary Free", isOSIApproved: false,
        text: """
          The model and its weights are provided for research that earns no money. You may
          not use them in a product or a paid service, and you may not use their outputs to
          train another model. These terms end at once if you break any of them.
          """),
    ],
    rules: [
      RuleRecord(
        identifier: "fuzz-permissive_notice.RULE", expression: "fuzz-permissive", kind: .notice,
        text: "This file is released under the Fuzz Permissive terms.",
        requiredPhrases: ["fuzz permissive"]),
      RuleRecord(
        identifier: "fuzz-share-alike_reference.RULE", expression: "fuzz-share-alike",
        kind: .reference, text: "Fuzz Share Alike license"),
      RuleRecord(
        identifier: "fuzz-dual_notice.RULE",
        expression: "fuzz-permissive OR fuzz-share-alike", kind: .notice,
        text: "You may choose either the Fuzz Permissive terms or the Fuzz Share Alike terms."),
    ])

  /// Texts whose answers the undamaged index gives: each license, a notice, a reference, a
  /// tag and prose with none.
  static let probes: [String] = [
    database.licenses[0].text,
    "Header comment\n\n" + database.licenses[1].text + "\n\nTrailing words.",
    database.licenses[2].text,
    "// This file is released under the Fuzz Permissive terms.\nint main(void);\n",
    "Licensed under the Fuzz Share Alike license, see COPYING.",
    "You may choose either the Fuzz Permissive terms or the Fuzz Share Alike terms.",
    "SPDX-License-Identifier: LicenseRef-Fuzz-Permissive OR MIT\n",
    "Nothing here names any license at all, only weather and lunch.",
  ]
}
