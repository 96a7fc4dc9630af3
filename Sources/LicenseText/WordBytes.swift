/// What a byte of UTF-8 text is to the stages that look for whole words in it (clause
/// negations, comment lines): one test, so that they agree on where a word ends.
public enum WordBytes {
  /// Whether `byte` is an ASCII letter or digit.
  @inline(__always)
  public static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
  }

  /// Whether `byte` can be part of a word: an ASCII letter or digit, or any byte of a
  /// non-ASCII character (a word such as "lizenzgebühr" is one word).
  @inline(__always)
  public static func isWordByte(_ byte: UInt8) -> Bool {
    isAlphanumeric(byte) || byte >= 0x80
  }
}
