/// Values stored once and named by small slot numbers, so that a structure that moves them
/// around (from folder to folder, for ``ModelGrouping``) moves four-byte numbers instead of
/// copying the values. A slot is given back by ``take(_:)`` or ``release(_:)``, and a later
/// ``insert(_:)`` reuses it, so the store holds no more values than are in use.
struct SlotStore<Element> {
  private var values: [Element?] = []
  private var freeSlots: [Int32] = []

  /// Creates an empty store.
  init() {}

  /// The number of values stored.
  var count: Int { values.count - freeSlots.count }

  /// Stores `value` and returns its slot.
  mutating func insert(_ value: Element) -> Int32 {
    if let slot = freeSlots.popLast() {
      values[Int(slot)] = value
      return slot
    }
    values.append(value)
    return Int32(values.count - 1)
  }

  /// The value in `slot`, which must be in use.
  subscript(slot: Int32) -> Element {
    guard let value = values[Int(slot)] else { preconditionFailure("slot \(slot) is free") }
    return value
  }

  /// Whether the value in `slot` (in use) satisfies `predicate`, read in place.
  func value(in slot: Int32, satisfies predicate: (Element) -> Bool) -> Bool {
    guard let value = values[Int(slot)] else { preconditionFailure("slot \(slot) is free") }
    return predicate(value)
  }

  /// Removes the value in `slot` (in use) and returns it; the slot is free again.
  mutating func take(_ slot: Int32) -> Element {
    guard let value = values[Int(slot)].take() else {
      preconditionFailure("slot \(slot) is free")
    }
    freeSlots.append(slot)
    return value
  }

  /// Removes the values in `slots` (each in use, none twice).
  mutating func release(_ slots: some Sequence<Int32>) {
    for slot in slots {
      precondition(values[Int(slot)] != nil, "slot \(slot) is free")
      values[Int(slot)] = nil
      freeSlots.append(slot)
    }
  }
}
