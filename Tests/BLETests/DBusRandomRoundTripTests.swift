import DBus
import XCTest

/// Random value trees (seeded, so failures reproduce) survive a trip through a real daemon and
/// back unchanged.
final class DBusRandomRoundTripTests: XCTestCase {
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// A type shape; values are drawn for a shape so arrays stay homogeneous.
    private indirect enum Shape {
        case basic(Int), variant, bytes, array(Shape), dict(Int, Shape), structure([Shape])
    }

    private func shape(_ g: inout Generator, depth: Int) -> Shape {
        let pick = depth > 3 ? g.next(2) : g.next(7)
        switch pick {
        case 0: return .basic(g.next(12))
        case 1: return .bytes
        case 2: return .variant
        case 3: return .array(shape(&g, depth: depth + 1))
        case 4: return .dict(g.next(12), shape(&g, depth: depth + 1))
        case 5: return .structure((0...g.next(3)).map { _ in shape(&g, depth: depth + 1) })
        default: return .basic(g.next(12))
        }
    }

    private func basic(_ kind: Int, _ g: inout Generator) -> DBusValue {
        switch kind {
        case 0: return .byte(UInt8(g.next(256)))
        case 1: return .boolean(g.next(2) == 1)
        case 2: return .int16(Int16(g.next(65536) - 32768))
        case 3: return .uint16(UInt16(g.next(65536)))
        case 4: return .int32(Int32(g.next(1 << 30)) - (1 << 29))
        case 5: return .uint32(UInt32(g.next(1 << 30)))
        case 6: return .int64(Int64(g.next(1 << 30)) * -77)
        case 7: return .uint64(UInt64(g.next(1 << 30)) * 91)
        case 8: return .double(Double(g.next(100_000)) / 8)
        case 9:
            let alphabet = Array("aé✓z_- \n\"'")
            return .string(String((0..<g.next(12)).map { _ in alphabet[g.next(alphabet.count)] }))
        case 10: return .objectPath(g.next(2) == 0 ? "/" : "/org/bluez/hci\(g.next(4))/dev_\(g.next(100))")
        default: return .signature(["s", "a{sv}", "ay", "(iu)", ""][g.next(5)])
        }
    }

    private static let basicSignatures = ["y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g"]

    private func signature(_ shape: Shape) -> String {
        switch shape {
        case .basic(let kind): return Self.basicSignatures[kind]
        case .variant: return "v"
        case .bytes: return "ay"
        case .array(let element): return "a" + signature(element)
        case .dict(let key, let value): return "a{" + Self.basicSignatures[key] + signature(value) + "}"
        case .structure(let fields): return "(" + fields.map(signature).joined() + ")"
        }
    }

    private func value(of shape: Shape, _ g: inout Generator) -> DBusValue {
        switch shape {
        case .basic(let kind): return basic(kind, &g)
        case .bytes, .array(.basic(0)):  // `ay` always comes back as .bytes
            return .bytes((0..<g.next(40)).map { _ in UInt8(g.next(256)) })
        case .variant:
            let inner = self.shape(&g, depth: 4)
            return .variant(value(of: inner, &g))
        case .array(let element):
            return .array(elementSignature: signature(element), (0..<g.next(4)).map { _ in value(of: element, &g) })
        case .dict(let key, let valueShape):
            var seen = Set<DBusValue>()
            var entries: [DBusDictEntry] = []
            for _ in 0..<g.next(4) {
                let k = basic(key, &g)
                if seen.insert(k).inserted { entries.append(DBusDictEntry(key: k, value: value(of: valueShape, &g))) }
            }
            return .dictionary(keySignature: Self.basicSignatures[key], valueSignature: signature(valueShape), entries)
        case .structure(let fields):
            return .structure(fields.map { value(of: $0, &g) })
        }
    }

    func testRandomTreesRoundTrip() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(address: bus.address)
        let client = try await DBusConnection.connect(address: bus.address)
        defer {
            server.close()
            client.close()
        }
        try await server.requestName("org.example.Echo")
        let exported = try await server.export("/echo") { $0.arguments }
        defer { exported.unexport() }

        var g = Generator(state: 0x5EED)
        for round in 0..<200 {
            let arguments = (0..<(1 + g.next(3))).map { _ -> DBusValue in
                let s = shape(&g, depth: 0)
                return value(of: s, &g)
            }
            let reply = try await client.call(
                destination: "org.example.Echo", path: "/echo", interface: "org.example.Echo", member: "Echo",
                arguments: arguments, timeout: .seconds(5))
            XCTAssertEqual(reply, arguments, "round \(round): \(arguments.map(\.signature))")
        }
    }
}
