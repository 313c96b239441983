import DPP

/// DPP URIs come from labels and cameras: any text must parse or be refused with an error, and
/// what parses must survive a round trip through the URI esp-prov itself would print.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDPPURI(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let uri = try? DPPURI(parsing: text) else { return 0 }
    _ = (uri.pkhash, uri.macText, uri.channels.map(\.spoken))
    let again = try? DPPURI(parsing: uri.text)
    precondition(again == uri, "DPP URI does not survive its own text: \(uri.text)")
    return 0
}
