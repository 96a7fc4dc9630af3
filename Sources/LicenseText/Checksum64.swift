/// A fast 64-bit checksum of bytes, for telling a damaged index section from an intact one.
///
/// Not cryptographic: it catches truncation, flipped bits and overwritten runs (each input
/// bit reaches every output bit through multiply-rotate rounds on four independent lanes),
/// which is all the index needs, at several GB/s, so that checking the 50 MB index on every
/// start costs a few milliseconds (SHA-256 of the same bytes takes about 30 ms here).
public enum Checksum64 {
  private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63

  /// The checksum of `bytes`, seeded with `seed`.
  public static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    let count = bytes.count
    var lanes = (
      seed &+ prime1 &+ prime2, seed &+ prime2, seed, seed &- prime1
    )
    var offset = 0
    if let base = bytes.baseAddress {
      while offset + 32 <= count {
        lanes.0 = round(lanes.0, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        lanes.1 = round(lanes.1, base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        lanes.2 = round(lanes.2, base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        lanes.3 = round(lanes.3, base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        offset += 32
      }
    }
    var hash =
      rotate(lanes.0, 1) &+ rotate(lanes.1, 7) &+ rotate(lanes.2, 12) &+ rotate(lanes.3, 18)
    hash = merge(hash, lanes.0)
    hash = merge(hash, lanes.1)
    hash = merge(hash, lanes.2)
    hash = merge(hash, lanes.3)
    hash &+= UInt64(count)
    while offset + 8 <= count {
      let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      hash = rotate(hash ^ round(0, word), 27) &* prime1 &+ prime4
      offset += 8
    }
    while offset < count {
      hash = rotate(hash ^ (UInt64(bytes[offset]) &* prime3), 11) &* prime1
      offset += 1
    }
    hash ^= hash >> 33
    hash &*= prime2
    hash ^= hash >> 29
    hash &*= prime3
    hash ^= hash >> 32
    return hash
  }

  /// A checksum of `bytes` for large inputs (the index's sections, 50 MB read at every
  /// start), at about half the instructions of ``of(_:seed:)``: 16-byte vectors, four
  /// accumulators of each kind. Each vector is added as it is to one accumulator, so that any
  /// change confined to one 8-byte word changes the result, and the product of the 32-bit
  /// halves of the vector XORed with a key that changes every 64 bytes is added to another,
  /// so that words swapped or changes that cancel in the sums show too. The accumulators, the
  /// bytes after the last whole 64 and the length then go through ``of(_:seed:)``.
  public static func wide(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    typealias Vector = SIMD2<UInt64>
    let count = bytes.count
    var products = (
      Vector(prime1, prime2), Vector(prime3, prime4), Vector(prime2, prime3),
      Vector(prime4, prime1)
    )
    var sums = (Vector(), Vector(), Vector(), Vector())
    var key = Vector(prime1 ^ seed, prime3 &+ seed)
    let step = Vector(prime2, prime4)
    let low = Vector(repeating: 0xFFFF_FFFF)
    var offset = 0
    if let base = bytes.baseAddress {
      // Wrapping arithmetic: offsets stay below `count`, and overflow checks would cost a
      // tenth of the loop.
      let wholeBlocks = count & ~63
      while offset < wholeBlocks {
        let v0 = base.loadUnaligned(fromByteOffset: offset, as: Vector.self)
        let v1 = base.loadUnaligned(fromByteOffset: offset &+ 16, as: Vector.self)
        let v2 = base.loadUnaligned(fromByteOffset: offset &+ 32, as: Vector.self)
        let v3 = base.loadUnaligned(fromByteOffset: offset &+ 48, as: Vector.self)
        sums.0 &+= v0
        sums.1 &+= v1
        sums.2 &+= v2
        sums.3 &+= v3
        let x0 = v0 ^ key
        let x1 = v1 ^ key
        let x2 = v2 ^ key
        let x3 = v3 ^ key
        products.0 &+= (x0 & low) &* (x0 &>> 32)
        products.1 &+= (x1 & low) &* (x1 &>> 32)
        products.2 &+= (x2 & low) &* (x2 &>> 32)
        products.3 &+= (x3 & low) &* (x3 &>> 32)
        key &+= step
        offset &+= 64
      }
    }
    var state: [UInt64] = []
    state.reserveCapacity(16 + 8 + 1)
    for vector in [
      products.0, products.1, products.2, products.3, sums.0, sums.1, sums.2, sums.3,
    ] {
      state.append(vector[0])
      state.append(vector[1])
    }
    var tail = state.withUnsafeBytes { Array($0) }
    tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<count]))
    withUnsafeBytes(of: UInt64(count).littleEndian) { tail.append(contentsOf: $0) }
    return of(tail, seed: seed)
  }

  /// The checksum of the bytes of `values`.
  public static func of<T>(_ values: [T], seed: UInt64 = 0) -> UInt64 {
    values.withUnsafeBytes { of($0, seed: seed) }
  }

  @inline(__always)
  private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
    rotate(lane &+ word &* prime2, 31) &* prime1
  }

  @inline(__always)
  private static func merge(_ hash: UInt64, _ lane: UInt64) -> UInt64 {
    (hash ^ round(0, lane)) &* prime1 &+ prime4
  }

  @inline(__always)
  private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
    (value << bits) | (value >> (64 - bits))
  }
}
