import Synchronization

/// A value made on its first use, once, whichever thread asks first; later uses get the same
/// value. For tables that only some inputs need, so that a short scan does not pay for them.
public final class MadeOnFirstUse<Value: Sendable>: Sendable {
  private let made = Mutex<Value?>(nil)

  /// Creates a holder with no value yet.
  public init() {}

  /// The value, made by `make` on the first call (under a lock, so it is made once).
  public func value(_ make: () -> Value) -> Value {
    made.withLock { made in
      if let made { return made }
      let value = make()
      made = value
      return value
    }
  }
}
