import ProvClient

/// QR payloads come from labels and cameras: any text must parse or be refused with an error, and
/// what parses must survive a round trip through the JSON esp-prov itself would print.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQRPayload(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let payload = try? QRPayload(parsing: text) else { return 0 }
    _ = (payload.serviceName(for: .ble), payload.serviceName(for: .http), payload.sec2Password, payload.jumpstartURL)
    let again = try? QRPayload(parsing: payload.json)
    precondition(again == payload, "QR payload does not survive its own JSON: \(payload.json)")
    return 0
}
