import Testing

@testable import LicenseScan

/// ``SlotStore``, which holds the model view's files while their slots move up the folder
/// tree: values come back from the slots they were stored in, freed slots are reused, and the
/// count is the values in use.
@Suite struct SlotStoreTests {
  @Test func valuesComeBackFromTheirSlots() {
    var store = SlotStore<String>()
    let slots = ["LICENSE", "README.md", "model.safetensors"].map { store.insert($0) }
    #expect(store.count == 3)
    #expect(slots.map { store[$0] } == ["LICENSE", "README.md", "model.safetensors"])
    #expect(store.value(in: slots[2]) { $0.hasSuffix(".safetensors") })
    #expect(!store.value(in: slots[0]) { $0.hasSuffix(".safetensors") })
    #expect(store.take(slots[1]) == "README.md")
    #expect(store.count == 2)
    #expect(store[slots[0]] == "LICENSE" && store[slots[2]] == "model.safetensors")
  }

  @Test func freedSlotsAreReused() {
    var store = SlotStore<Int>()
    let first = (0..<100).map { store.insert($0) }
    #expect(Set(first).count == 100)
    store.release(first[10..<60])
    #expect(store.count == 50)
    // Fifty new values fit in the fifty freed slots: no slot beyond the first hundred.
    let second = (1000..<1050).map { store.insert($0) }
    #expect(Set(second) == Set(first[10..<60]))
    #expect(store.count == 100)
    for (slot, value) in zip(second, 1000..<1050) { #expect(store[slot] == value) }
    for slot in first[0..<10] + first[60...] { #expect(store[slot] == Int(slot)) }
    for slot in first[0..<10] + first[60...] + second { _ = store.take(slot) }
    #expect(store.count == 0)
  }
}
