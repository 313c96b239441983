import ProvClient

/// Names of bluetoothd's D-Bus API (BlueZ `doc/org.bluez.*.rst`).
enum BlueZ {
    static let service = "org.bluez"
    static let root = "/"
    static let agentManagerPath = "/org/bluez"

    static let adapterInterface = "org.bluez.Adapter1"
    static let deviceInterface = "org.bluez.Device1"
    static let gattServiceInterface = "org.bluez.GattService1"
    static let gattCharacteristicInterface = "org.bluez.GattCharacteristic1"
    static let gattDescriptorInterface = "org.bluez.GattDescriptor1"
    static let agentManagerInterface = "org.bluez.AgentManager1"
    static let agentInterface = "org.bluez.Agent1"

    /// Characteristic User Description: carries the endpoint name (docs/protocol.md §4.2).
    static let userDescriptionUUID = "00002901-0000-1000-8000-00805f9b34fb"

    /// Largest characteristic value protocomm serves (NimBLE; Bluedroid uses 481 or 257).
    static let maximumValueLength = 512

    /// BlueZ's D-Bus error names (named so, not `Error`, which would shadow `Swift.Error` in here).
    enum ErrorName {
        static let failed = "org.bluez.Error.Failed"
        static let notReady = "org.bluez.Error.NotReady"
        static let inProgress = "org.bluez.Error.InProgress"
        static let alreadyConnected = "org.bluez.Error.AlreadyConnected"
        static let alreadyExists = "org.bluez.Error.AlreadyExists"
        static let notConnected = "org.bluez.Error.NotConnected"
        static let notPermitted = "org.bluez.Error.NotPermitted"
        static let notAuthorized = "org.bluez.Error.NotAuthorized"
        static let notPaired = "org.bluez.Error.NotPaired"
        static let authenticationRequired = "org.bluez.Error.AuthenticationRequired"
        static let invalidArguments = "org.bluez.Error.InvalidArguments"
        static let doesNotExist = "org.bluez.Error.DoesNotExist"
        static let rejected = "org.bluez.Error.Rejected"
    }
}
