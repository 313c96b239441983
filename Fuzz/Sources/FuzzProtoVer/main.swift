import ProvClient

/// `proto-ver` is the first thing a device says: any bytes must give a `DeviceInfo` or a
/// `ProvError`, never a crash, and everything derived from it must hold up too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtoVer(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let info = try? DeviceInfo(parsing: bytes) else { return 0 }
    for requested in [nil] + SecurityVersion.allCases {
        _ = try? SecurityPlan(requested: requested, device: info)
    }
    _ = (info.manager, info.network, info.canScan, info.matches(protocolVersion: "v1.1"))
    // What esp-prov prints of it must be free of control characters.
    let shown = printableDeviceText(info.raw)
    precondition(!shown.unicodeScalars.contains { $0.properties.generalCategory == .control }, "control character printed")
    return 0
}
