import ProvClient
import DBus
import Foundation

/// A `NoInputNoOutput` pairing agent (BlueZ `org.bluez.Agent1`), registered only while pairing
/// with a device that forces link encryption.
///
/// ESP devices pair "just works" (IO capability NoInputNoOutput, docs/protocol.md §4.2), so the agent
/// authorizes and confirms, and refuses anything that would need a PIN or passkey typed in.
final class BLEPairingAgent: Sendable {
    private let bus: DBusConnection
    private let exported: DBusExportedObject
    let path: String

    private init(bus: DBusConnection, exported: DBusExportedObject, path: String) {
        self.bus = bus
        self.exported = exported
        self.path = path
    }

    /// Exports the agent and registers it with `AgentManager1`.
    static func register(bus: DBusConnection, log: (@Sendable (String) -> Void)?) async throws -> BLEPairingAgent {
        let path = "/org/espprov/agent_\(UUID().uuidString.prefix(8).lowercased())"
        let exported = try await bus.export(path) { call in
            log?("pairing agent: \(call.member)")
            switch call.member {
            case "Release", "Cancel", "DisplayPasskey", "DisplayPinCode",
                 "RequestConfirmation", "RequestAuthorization", "AuthorizeService":
                return []
            case "RequestPinCode", "RequestPasskey":
                throw DBusFailure.error(name: BlueZ.ErrorName.rejected, message: "esp-prov cannot enter a PIN or passkey")
            default:
                throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: call.member)
            }
        }
        do {
            _ = try await bus.call(
                destination: BlueZ.service, path: BlueZ.agentManagerPath, interface: BlueZ.agentManagerInterface,
                member: "RegisterAgent", arguments: [.objectPath(path), .string("NoInputNoOutput")], timeout: .seconds(10))
        } catch DBusFailure.error(let name, _) where name == BlueZ.ErrorName.alreadyExists {
            // Registered before by this connection: fine.
        } catch {
            exported.unexport()
            throw error
        }
        return BLEPairingAgent(bus: bus, exported: exported, path: path)
    }

    /// Unregisters and unexports; failures are irrelevant (bluetoothd drops agents of closed
    /// connections by itself).
    func unregister() async {
        _ = try? await bus.call(
            destination: BlueZ.service, path: BlueZ.agentManagerPath, interface: BlueZ.agentManagerInterface,
            member: "UnregisterAgent", arguments: [.objectPath(path)], timeout: .seconds(5))
        exported.unexport()
    }
}
