extension Session {
    /// Sends application bytes to a custom endpoint (e.g. `custom-data`) and returns its reply.
    public nonisolated func custom(_ endpoint: String, _ data: [UInt8]) async throws -> [UInt8] {
        guard !data.isEmpty else { throw ProvError.usage("custom data for '\(endpoint)' is empty; devices reject empty requests") }
        do {
            return try await send(endpoint, data)
        } catch ProvError.endpointNotFound(let name) {
            throw ProvError.unsupported(Unsupported(.customEndpoint(name)))
        }
    }
}
