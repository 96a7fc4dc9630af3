#if canImport(Glibc)
  import Glibc
#endif

/// A weight file of a model repository, and the license fields its header declares. Only the
/// header is read (GGUF metadata, the safetensors JSON header), never the tensors.
public struct WeightFile: Sendable, Equatable {
  /// The formats the model view recognises by file name.
  public enum Format: String, Sendable {
    case safetensors, gguf, pytorch, checkpoint, onnx, msgpack, hdf5
  }

  /// The file's path.
  public var path: String
  /// The format, from the file name.
  public var format: Format
  /// The file's size in bytes, when known.
  public var size: Int?
  /// License-related header fields (`general.license`, `general.base_model.0.repo_url`, or a
  /// safetensors `__metadata__` entry), in header order.
  public var fields: [(key: String, value: String)]
  /// Why the header could not be read in full (truncated file, wrong magic).
  public var notes: [String]

  /// Creates a weight file record.
  public init(
    path: String, format: Format, size: Int? = nil, fields: [(key: String, value: String)] = [],
    notes: [String] = []
  ) {
    self.path = path
    self.format = format
    self.size = size
    self.fields = fields
    self.notes = notes
  }

  public static func == (lhs: WeightFile, rhs: WeightFile) -> Bool {
    lhs.path == rhs.path && lhs.format == rhs.format && lhs.size == rhs.size
      && lhs.notes == rhs.notes && lhs.fields.map(\.key) == rhs.fields.map(\.key)
      && lhs.fields.map(\.value) == rhs.fields.map(\.value)
  }

  /// The value of header field `key`.
  public func field(_ key: String) -> String? {
    fields.first { $0.key == key }?.value
  }

  /// The format of a weight file named `name`, or `nil` when the name is not a weight file's.
  public static func format(ofFileNamed name: Substring) -> Format? {
    guard let ext = FileNames.lowercasedExtension(name) else { return nil }
    switch ext {
    case "safetensors": return .safetensors
    case "gguf": return .gguf
    case "pt", "pth": return .pytorch
    case "bin":
      // Many files end in .bin; PyTorch weights are named for what they hold.
      let lower = name.lowercased()
      return ["model", "consolidated", "weights", "checkpoint", "ckpt", "adapter"].contains {
        lower.contains($0)
      } ? .pytorch : nil
    case "ckpt": return .checkpoint
    case "onnx": return .onnx
    case "msgpack": return .msgpack
    case "h5": return .hdf5
    default: return nil
    }
  }

  /// Reads the header of the weight file at `path` (following a symbolic link only when
  /// `followLinks`); `nil` when the name is not a weight file's, or when a PyTorch-named file
  /// is text (``isText(_:)``): Python's path configuration files end in `.pth` too
  /// (`…-nspkg.pth`), and a script may be named `.pt`.
  public static func read(_ path: String, followLinks: Bool = false) -> WeightFile? {
    guard let format = format(ofFileNamed: FileNames.name(of: path)) else { return nil }
    var file = WeightFile(path: path, format: format)
    let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW)
    let descriptor = open(path, flags)
    guard descriptor >= 0 else {
      let reason =
        errno == ELOOP && !followLinks
        ? "symbolic link (not followed)" : String(cString: strerror(errno)).lowercased()
      file.notes.append("weights: not read: \(reason)")
      return file
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      file.notes.append("weights: not read: not a regular file")
      return file
    }
    let size = Int(status.st_size)
    file.size = size
    // GGUF metadata is many small values: read in chunks; safetensors needs two exact reads.
    var input = HeaderInput(descriptor: descriptor, chunk: format == .gguf ? 1 << 16 : 0)
    if format == .pytorch || format == .checkpoint, size > 0,
      let start = input.bytes(min(size, Self.textProbeBytes)), Self.isText(start)
    {
      return nil
    }
    switch format {
    case .gguf: GGUFHeader.read(&input, into: &file)
    case .safetensors: SafetensorsHeader.read(&input, into: &file)
    default: break
    }
    return file
  }
}

extension WeightFile {
  /// Bytes read from the start of a PyTorch-named file to tell weights from text.
  static let textProbeBytes = 64

  /// Whether the first bytes of a file are text that no weight file starts with: printable
  /// ASCII, tabs and line breaks only, and not a Git LFS pointer (which stands for the weights
  /// in a clone made without them). PyTorch weights start with a ZIP signature (`PK`, since
  /// PyTorch 1.6) or a pickle's protocol byte (0x80); either has bytes outside that range
  /// within the first 64.
  static func isText(_ start: ArraySlice<UInt8>) -> Bool {
    guard !start.starts(with: "version https://git-lfs".utf8) else { return false }
    return start.allSatisfy { byte in
      (0x20..<0x7F).contains(byte) || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
  }
}

/// Buffered reading from the start of a file, with a cap on how much a header may take.
struct HeaderInput {
  let descriptor: Int32
  /// Bytes read at a time at least (0: exactly what is asked for, so nothing past the header
  /// is read).
  let chunk: Int
  private var buffer: [UInt8] = []
  private var position = 0
  /// Bytes consumed so far.
  private(set) var offset = 0
  /// The most bytes a header may take (GGUF metadata with a tokenizer runs to a few MB).
  static let limit = 64 << 20

  init(descriptor: Int32, chunk: Int) {
    self.descriptor = descriptor
    self.chunk = chunk
  }

  /// Reads exactly `count` bytes; `nil` at the end of the file or past the limit.
  mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, offset + count <= Self.limit else { return nil }
    while buffer.count - position < count {
      if position > 0 {
        buffer.removeFirst(position)
        position = 0
      }
      var chunk = [UInt8](repeating: 0, count: max(self.chunk, count - buffer.count))
      let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if read < 0, errno == EINTR { continue }
      guard read > 0 else { return nil }
      buffer += chunk.prefix(read)
    }
    defer {
      position += count
      offset += count
    }
    return buffer[position..<position + count]
  }

  /// Skips `count` bytes.
  mutating func skip(_ count: Int) -> Bool {
    var left = count
    while left > 0 {
      let step = min(left, 1 << 20)
      guard bytes(step) != nil else { return false }
      left -= step
    }
    return true
  }

  /// A little-endian unsigned integer of `width` bytes.
  mutating func integer(_ width: Int) -> UInt64? {
    guard let raw = bytes(width) else { return nil }
    return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
  }
}

/// The GGUF header: magic `GGUF`, version, tensor count, metadata count, then typed key-value
/// pairs. Reads the `general.license*` and `general.base_model.*` keys and skips the rest.
enum GGUFHeader {
  static func read(_ input: inout HeaderInput, into file: inout WeightFile) {
    guard let magic = input.bytes(4), Array(magic) == Array("GGUF".utf8) else {
      file.notes.append("gguf-bad-magic: not a GGUF file (the first bytes are not `GGUF`)")
      return
    }
    guard let version = input.integer(4) else {
      file.notes.append("gguf-truncated: the header ends before its version")
      return
    }
    guard version >= 2 else {
      file.notes.append("gguf-version: GGUF version \(version) is not read (2 and later are)")
      return
    }
    guard input.integer(8) != nil, let count = input.integer(8) else {
      file.notes.append("gguf-truncated: the header ends before its metadata count")
      return
    }
    for index in 0..<count {
      guard let key = string(&input), let type = input.integer(4) else {
        file.notes.append(
          "gguf-truncated: the metadata ends at entry \(index + 1) of \(count)")
        return
      }
      // License and base-model keys with text or integer values are kept; the rest skipped.
      let wanted = key.hasPrefix("general.license") || key.hasPrefix("general.base_model.")
      if wanted, scalarTypes.contains(type) {
        guard let value = scalar(type, &input) else {
          file.notes.append("gguf-truncated: the metadata ends inside `\(key)`")
          return
        }
        file.fields.append((key, value))
      } else if !skip(type, &input) {
        file.notes.append(
          "gguf-truncated: the metadata ends inside entry \(index + 1) of \(count) (`\(key)`)")
        return
      }
    }
  }

  private static func string(_ input: inout HeaderInput) -> String? {
    guard let length = input.integer(8), length < 1 << 24, let raw = input.bytes(Int(length))
    else { return nil }
    return String(decoding: raw, as: UTF8.self)
  }

  /// The value types ``scalar(_:_:)`` reads: string, uint32, int32, uint64, int64.
  private static let scalarTypes: Set<UInt64> = [8, 4, 5, 10, 11]

  /// A string or integer value as text.
  private static func scalar(_ type: UInt64, _ input: inout HeaderInput) -> String? {
    switch type {
    case 8: return string(&input)
    case 4: return input.integer(4).map { String($0) }
    case 5: return input.integer(4).map { String(Int32(truncatingIfNeeded: $0)) }
    case 10: return input.integer(8).map { String($0) }
    case 11: return input.integer(8).map { String(Int64(bitPattern: $0)) }
    default: return nil
    }
  }

  /// Byte widths of the fixed-size value types.
  private static func width(_ type: UInt64) -> Int? {
    switch type {
    case 0, 1, 7: return 1
    case 2, 3: return 2
    case 4, 5, 6: return 4
    case 10, 11, 12: return 8
    default: return nil
    }
  }

  private static func skip(_ type: UInt64, _ input: inout HeaderInput) -> Bool {
    if let width = width(type) { return input.skip(width) }
    switch type {
    case 8:
      guard let length = input.integer(8), length < 1 << 30 else { return false }
      return input.skip(Int(length))
    case 9:
      guard let itemType = input.integer(4), let count = input.integer(8), count < 1 << 32 else {
        return false
      }
      if let width = width(itemType) {
        return count.multipliedReportingOverflow(by: UInt64(width)).overflow == false
          && input.skip(Int(count) * width)
      }
      for _ in 0..<count where !skip(itemType, &input) { return false }
      return true
    default: return false
    }
  }
}

/// The safetensors header: an 8-byte little-endian length, then that many bytes of JSON whose
/// optional `__metadata__` map holds string entries. License-like entries are kept.
enum SafetensorsHeader {
  static func read(_ input: inout HeaderInput, into file: inout WeightFile) {
    guard let length = input.integer(8) else {
      file.notes.append("safetensors-truncated: the file ends before its header length")
      return
    }
    guard length < 100 << 20, let raw = input.bytes(Int(length)) else {
      file.notes.append("safetensors-truncated: the header is cut off or implausibly long")
      return
    }
    guard raw.first == UInt8(ascii: "{") else {
      file.notes.append("safetensors-bad-header: the header is not a JSON object")
      return
    }
    file.fields = metadataEntries(String(decoding: raw, as: UTF8.self))
  }

  /// The license-like `"key": "value"` pairs of the `__metadata__` object (a flat map of
  /// strings by the format's definition).
  static func metadataEntries(_ json: String) -> [(key: String, value: String)] {
    guard let start = json.range(of: "\"__metadata__\"") else { return [] }
    var rest = json[start.upperBound...].drop { $0 != "{" }.dropFirst()
    var strings: [String] = []
    while let first = rest.first, first != "}" {
      if first == "\"" {
        var value = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex, rest[index] != "\"" {
          if rest[index] == "\\", rest.index(after: index) < rest.endIndex {
            index = rest.index(after: index)
          }
          value.append(rest[index])
          index = rest.index(after: index)
        }
        strings.append(value)
        rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
      } else {
        rest = rest.dropFirst()
      }
    }
    var pairs: [(key: String, value: String)] = []
    for pair in stride(from: 0, to: strings.count - 1, by: 2) {
      let key = strings[pair]
      if key.lowercased().contains("license") || key.lowercased().contains("base_model") {
        pairs.append((key, strings[pair + 1]))
      }
    }
    return pairs
  }
}
