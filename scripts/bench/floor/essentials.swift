// the runtime and FoundationEssentials (Data, JSON, the environment)
// Bytes, JSON and the environment, as a client needs them, without Foundation proper.
import FoundationEssentials

struct Reply: Codable { var status: Int }
let body = try JSONEncoder().encode(Reply(status: 0))
let reply = try JSONDecoder().decode(Reply.self, from: body + Data())
print("ok \(reply.status) \(ProcessInfo.processInfo.environment.count)")
