/// A provisioning endpoint found on the connected device, with the BlueZ object that carries it.
public struct BLEEndpoint: Sendable, Equatable {
    /// Endpoint name from the 0x2901 descriptor, lower-cased (`prov-session`).
    public var name: String
    /// Characteristic UUID.
    public var uuid: String
    /// BlueZ object path of the characteristic.
    public var characteristicPath: String
}
