/// Spelling variants that mean the same in a license, folded to one form before matching, in
/// the spirit of the SPDX matching guidelines. The table is ours; each pair is `variant`
/// → `canonical`, both already case-folded.
public enum EquivalentWords {
  /// Single words replaced by their canonical spelling.
  public static let words: [String: String] = [
    "licence": "license", "licences": "licenses", "licenced": "licensed",
    "licencing": "licensing", "licencee": "licensee", "licencees": "licensees",
    "licencor": "licensor", "licencors": "licensors", "sublicence": "sublicense",
    "sublicences": "sublicenses", "sublicenced": "sublicensed", "sublicencing": "sublicensing",
    "licenser": "licensor", "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments", "analogue": "analog", "organisation": "organization",
    "organisations": "organizations", "authorised": "authorized", "authorise": "authorize",
    "unauthorised": "unauthorized", "behaviour": "behavior", "offence": "offense",
    "favour": "favor", "utilise": "utilize", "utilised": "utilized", "whilst": "while",
    "recognise": "recognize", "recognised": "recognized", "judgement": "judgment",
    "programme": "program",
    "programmes": "programs", "modelled": "modeled", "labelled": "labeled",
    "fulfil": "fulfill", "fulfilment": "fulfillment", "centre": "center", "catalogue": "catalog",
    "cancelled": "canceled", "practise": "practice", "wilful": "willful", "wilfully": "willfully",
    "defence": "defense", "licencable": "licensable", "licenceable": "licensable",
    "licenseable": "licensable",
  ]

  /// Word pairs whose second word is replaced when it follows the first
  /// (for example "copyright owner" → "copyright holder").
  public static let afterWord: [(previous: String, word: String, canonical: String)] = [
    ("copyright", "owner", "holder"), ("copyright", "owners", "holders"),
  ]
}
