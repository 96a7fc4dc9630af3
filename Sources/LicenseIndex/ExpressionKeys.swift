/// Reads the license keys out of a LicenseDB license expression such as
/// `key-a WITH exception-b OR key-c`.
public enum ExpressionKeys {
  /// The keys of `expression` in order of appearance, without operators and parentheses.
  public static func keys(in expression: String) -> [String] {
    words(in: expression).filter { !isOperator($0) && $0 != "(" && $0 != ")" }
  }

  /// The words of `expression`: keys, operators and parentheses.
  public static func words(in expression: String) -> [String] {
    var words: [String] = []
    var current = ""
    for character in expression {
      if character == "(" || character == ")" {
        if !current.isEmpty { words.append(current) }
        current = ""
        words.append(String(character))
      } else if character == " " || character == "\t" || character == "\n" {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// Whether `word` is `AND`, `OR` or `WITH` (any case).
  public static func isOperator(_ word: String) -> Bool {
    let upper = word.uppercased()
    return upper == "AND" || upper == "OR" || upper == "WITH"
  }
}
