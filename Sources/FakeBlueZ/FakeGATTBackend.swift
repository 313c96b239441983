/// What the fake GATT server runs requests against: in tests the strict `VirtualDevice`, or a
/// small stand-in. The calls mirror protocomm's BLE transport (docs/protocol.md §4.2).
public protocol FakeGATTBackend: Sendable {
    /// Endpoint names in GATT declaration order (prov-ctrl, prov-scan, prov-session, …).
    var endpointNames: [String] { get }
    /// A BLE connection was made: a new transport session starts.
    func openSession(_ id: UInt32) async
    /// The connection ended.
    func closeSession(_ id: UInt32) async
    /// Runs one request; nil means protocomm failed (the GATT layer answers with an ATT error).
    func handle(endpoint: String, session: UInt32, request: [UInt8]) async -> [UInt8]?
    /// True once provisioning has finished and the device would stop its BLE service.
    var stopped: Bool { get async }
}
