import FuzzSupport
import LicenseModel

/// A folder of this process for the weight files it writes.
private let folder = FuzzSupport.temporaryFolder("licenselens-fuzz-weights")

/// The GGUF and safetensors header readers: the first input byte picks the format (even:
/// `model.gguf`, odd: `model.safetensors`), the rest is the file, written to disk because the
/// readers take a path and read only the header. Checks the size, that only license and
/// base-model fields are kept, and that reading is deterministic.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeights(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = FuzzSupport.input(data, size)
  guard let selector = input.first else { return 0 }
  let path = folder + (selector % 2 == 0 ? "/model.gguf" : "/model.safetensors")
  let content = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[1...])
  FuzzSupport.writeFile(path, content)
  guard let file = WeightFile.read(path) else { FuzzSupport.fail("\(path) not read as weights") }
  FuzzSupport.check(file.size == content.count, "size \(String(describing: file.size))")
  for (key, _) in file.fields {
    let lowered = key.lowercased()
    let kept =
      file.format == .gguf
      ? key.hasPrefix("general.license") || key.hasPrefix("general.base_model.")
      : lowered.contains("license") || lowered.contains("base_model")
    FuzzSupport.check(kept, "field `\(key)` kept")
  }
  FuzzSupport.check(WeightFile.read(path) == file, "a second read differs")
  return 0
}
