/// Memory a matcher reuses from call to call in its innermost loops: one allocation grown on
/// demand, read and written without bounds or uniqueness checks.
///
/// Owned by one matcher, which is used by one thread at a time; callers keep indexes below the
/// count they asked ``reserve(_:filling:)`` for.
final class ScratchBuffer<Element: BitwiseCopyable> {
  private(set) var buffer = UnsafeMutableBufferPointer<Element>(start: nil, count: 0)

  /// Makes room for at least `count` elements, keeping the current contents; new elements
  /// are `value`.
  @discardableResult
  func reserve(_ count: Int, filling value: Element) -> UnsafeMutableBufferPointer<Element> {
    guard count > buffer.count else { return buffer }
    let grown = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(count, buffer.count * 2))
    grown.initialize(repeating: value)
    if let old = buffer.baseAddress {
      grown.baseAddress!.update(from: old, count: buffer.count)
      buffer.deallocate()
    }
    buffer = grown
    return buffer
  }

  deinit { buffer.deallocate() }
}
