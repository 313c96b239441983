import ProvDevice

/// The strict virtual device is the fake's usual GATT backend: its actor methods already have
/// the shape protocomm's BLE transport needs.
extension VirtualDevice: FakeGATTBackend {}
