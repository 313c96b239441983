/// What protocomm's GATT server looks like (PROTOCOL.md §1.2, §4.2).
public enum ProvGATTLayout {
    /// Endpoints with a fixed 16-bit id; custom endpoints follow from 0xFF54 in creation order.
    public static let endpointIDs: [(name: String, id: UInt16)] = [
        ("prov-ctrl", 0xFF4F), ("prov-scan", 0xFF50), ("prov-session", 0xFF51), ("prov-config", 0xFF52), ("proto-ver", 0xFF53),
    ]

    /// The first id given to custom endpoints.
    public static let firstCustomID: UInt16 = 0xFF54

    /// Names whose presence identifies a provisioning service.
    public static let coreEndpoints: Set<String> = ["prov-session", "proto-ver", "prov-config"]

    /// The IDF example's service UUID (also esp_prov's fallback) and the managers' default.
    public static let wellKnownServiceUUIDs = [
        "021a9004-0382-4aea-bff4-6b3f1c5adfb4", "1775244d-6b43-439b-877c-060f2d9bed07",
    ]

    /// A characteristic's UUID: the service UUID with hex digits 5–8 (bytes 12–13 of the
    /// little-endian form) replaced by the endpoint id. Example: service `021a9004-…`,
    /// prov-session (0xFF51) → `021aff51-…`. (esp_prov's own fallback formula ANDs instead of
    /// replacing and yields `021a9000-…` for every endpoint; this is the device's real rule.)
    /// Returns nil for a string that is not a 128-bit UUID.
    public static func characteristicUUID(service: String, id: UInt16) -> String? {
        let uuid = Array(service.lowercased().utf8)
        let hyphens = [8, 13, 18, 23]
        guard uuid.count == 36 else { return nil }
        for (index, char) in uuid.enumerated() {
            if hyphens.contains(index) {
                guard char == UInt8(ascii: "-") else { return nil }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(char) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(char) else { return nil }
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        var result = uuid
        for position in 0..<4 {
            result[4 + position] = digits[Int((id >> (12 - 4 * UInt16(position))) & 0xF)]
        }
        return String(decoding: result, as: UTF8.self)
    }
}
