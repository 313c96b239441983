import ProvClient

/// A transport whose device is a closure, recording every request, for checking exact bytes.
final class ScriptedTransport: ProvTransport, @unchecked Sendable {
    let kind: TransportKind
    var knownEndpoints: [String]? { get async { nil } }
    private(set) var requests: [(endpoint: String, bytes: [UInt8])] = []
    private let device: (String, [UInt8]) throws -> [UInt8]

    init(kind: TransportKind = .http, device: @escaping (String, [UInt8]) throws -> [UInt8]) {
        self.kind = kind
        self.device = device
    }

    func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        requests.append((endpoint, request))
        return try device(endpoint, request)
    }

    func close() async {}
}
