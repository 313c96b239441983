import Foundation
import FuzzSupport
import ProvClient
import ProvDevice

/// A hostile device answers the handshake: every security scheme, at every step, must turn any
/// bytes into the next request or a `ProvError` (never a crash, never a session it cannot trust),
/// and an established session must refuse any reply it cannot decrypt.
///
/// The first input byte picks the step; the rest is the device's reply. Templates reach each step
/// once, against the strict virtual device with fixed randomness, so inputs start mid-handshake.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandshake(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let selector = bytes.first else { return 0 }
    let reply = Array(bytes.dropFirst())
    let steps = templates.steps
    var scheme = steps[Int(selector) % steps.count]
    if scheme.established {
        _ = try? scheme.security.decrypt(reply)
    } else if let next = try? scheme.security.nextHandshakeRequest(after: reply) {
        precondition(next.count < 4096, "handshake request grew unreasonably")
    }
    return 0
}

/// A scheme paused at one step of its handshake, with the genuine device reply to that step.
struct Step {
    var security: any SecurityScheme
    var established: Bool
    var genuineReply: [UInt8]? = nil
}

/// With `FUZZ_SEED_DIR` set, adds each step's genuine reply to the corpus there: only with those can
/// the fuzzer get past proof checks (a correct M2 is 64 bytes no mutation guesses) to what follows.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["FUZZ_SEED_DIR"] else { return 0 }
    for (index, step) in templates.steps.enumerated() {
        guard let reply = step.genuineReply else { continue }
        let path = "\(directory)/genuine-\(index)"
        FileManager.default.createFile(atPath: path, contents: Data([UInt8(index)] + reply))
    }
    return 0
}

struct Templates {
    var steps: [Step] = []
}

/// Built once, on first use (an immutable global; libFuzzer runs inputs one at a time).
let templates: Templates = {
    var result = Templates()
    runBlocking {
        result = await makeTemplates()
    }
    return result
}()

private func makeTemplates() async -> Templates {
    let randomness = DeviceRandomness(
        sec1PrivateKey: { [UInt8](repeating: 0x41, count: 32) },
        sec1DeviceRandom: { [UInt8](repeating: 0xA0, count: 16) },
        sec2Secret: { [UInt8](repeating: 0x11, count: 32) },
        sec2NonceBytes: { [UInt8](repeating: 0x22, count: $0) },
        sessionID: { 7 })
    var steps: [Step] = []
    var sec0 = Security0()
    _ = try? sec0.nextHandshakeRequest(after: nil)
    steps.append(Step(security: sec0, established: false))

    let sec1Device = VirtualDevice(configuration: DeviceConfiguration(security: .sec1(pop: "abcd1234")), randomness: randomness)
    steps += await walk(Security1(proofOfPossession: "abcd1234"), against: sec1Device)
    let sec2Device = VirtualDevice(configuration: DeviceConfiguration(), randomness: randomness)
    steps += await walk(
        try! Security2(username: "wifiprov", password: "abcd1234", advertisedIVMode: .counter, secret: [UInt8](repeating: 0x33, count: 32)),
        against: sec2Device)
    return Templates(steps: steps)
}

/// Every intermediate state of a real handshake with `device`, then the established session.
private func walk(_ scheme: any SecurityScheme, against device: VirtualDevice) async -> [Step] {
    var scheme = scheme
    var steps: [Step] = []
    await device.openSession(7)
    var reply: [UInt8]?
    while let request = try! scheme.nextHandshakeRequest(after: reply) {
        reply = await device.handle(endpoint: "prov-session", session: 7, request: request)
        precondition(reply != nil, "the virtual device refused a genuine handshake")
        steps.append(Step(security: scheme, established: false, genuineReply: reply))
    }
    steps.append(Step(security: scheme, established: true))
    await device.shutdown()
    return steps
}
