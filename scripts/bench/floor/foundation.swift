// the runtime and Foundation (CoreFoundation behind it)
// Foundation APIs of the kind esp-prov calls: `trimmingCharacters(in:)`, `replacingOccurrences`, `JSONSerialization`.
import Foundation

struct Reply: Codable { var status: Int }
let body = try JSONEncoder().encode(Reply(status: 0))
let reply = try JSONDecoder().decode(Reply.self, from: body)
let object = try JSONSerialization.jsonObject(with: Data(#"{"prov":{"ver":"v1.1"}}"#.utf8))
let host = " 192.168.4.1:80 ".trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":80", with: "")
print("ok \(reply.status) \(object is [String: Any]) \(host) \(ProcessInfo.processInfo.environment.count)")
