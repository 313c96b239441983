import Dispatch
import FakeBlueZ
import ProcessSignals
import Foundation
import ProvDevice

// `esp-prov-fake-bluez BUS_ADDRESS [DROP_AFTER]`: the BLE tests' fake bluetoothd as a process, serving one
// virtual device (PROV_1A2B3C with esp-prov-device's defaults: security 2 wifiprov/abcd1234,
// network HomeNet/secret123, 1 s connect delay) on the D-Bus daemon at BUS_ADDRESS. It exists so
// that `make bench` can time BLE runs of esp-prov and of esp_prov (bleak) against the same peer,
// without a radio. With DROP_AFTER, the link drops in the exchange after that many (BlueZ answering
// the pending write seconds later), for the bench's link-loss row. Prints "ready" once it owns
// org.bluez; on SIGTERM or SIGINT prints the device's
// request tally on standard error ("requests: …", like esp-prov-device) and exits.

let dropAfter = CommandLine.arguments.count == 3 ? Int(CommandLine.arguments[2]) : nil
guard CommandLine.arguments.count == 2 || dropAfter != nil else {
    FileHandle.standardError.write(Data("usage: esp-prov-fake-bluez BUS_ADDRESS [DROP_AFTER]\n".utf8))
    exit(2)
}
let device = VirtualDevice(configuration: DeviceConfiguration())
let fake: FakeBlueZ
// bleak (esp_prov) needs the Connected signal the real bluetoothd does not send (docs/protocol.md §4.2).
var options = FakeBlueZOptions(disconnectAfterExchanges: dropAfter)
options.signalsConnected = true
do {
    fake = try await FakeBlueZ.start(
        busAddress: CommandLine.arguments[1], options: options,
        peripherals: [FakePeripheral(name: "PROV_1A2B3C", address: "24:0A:C4:1A:2B:3C", backend: device)])
} catch {
    FileHandle.standardError.write(Data("esp-prov-fake-bluez: \(error)\n".utf8))
    exit(1)
}
print("ready")
fflush(nil)  // stdout among them; the global `stdout` is not concurrency-safe

let (stopped, stop) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
let signals = SignalWatch([SIGTERM, SIGINT]) { _ in stop.yield() }
for await _ in stopped { break }
signals.cancel()
await fake.stop()
FileHandle.standardError.write(Data("requests: \(await device.tally.summary)\n".utf8))
await device.shutdown()
