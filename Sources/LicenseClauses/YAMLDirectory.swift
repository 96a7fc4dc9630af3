import Foundation
import Yams

/// Reads every `*.yaml` file of a directory, in name order, decoded as `T`.
enum YAMLDirectory {
  static func load<T: Decodable>(_ type: T.Type, from directory: URL) throws -> [(URL, T)] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    } catch {
      throw CatalogError.unreadableDirectory(path: directory.path, reason: "\(error)")
    }
    let decoder = YAMLDecoder()
    return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
      name in
      let url = directory.appendingPathComponent(name)
      do {
        let text = try String(contentsOf: url, encoding: .utf8)
        return (url, try decoder.decode(T.self, from: text))
      } catch {
        throw CatalogError.invalidFile(path: url.path, reason: "\(error)")
      }
    }
  }

  /// Compiles `pattern`, naming the file in the error.
  static func compile(_ pattern: String, in url: URL) throws -> RegexPattern {
    do {
      return try RegexPattern(pattern, options: .multiline)
    } catch {
      throw CatalogError.invalidPattern(path: url.path, pattern: pattern, reason: "\(error)")
    }
  }
}
