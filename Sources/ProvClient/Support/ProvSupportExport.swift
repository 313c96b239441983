/// `printableDeviceText`, `printableDeviceBytes` and `Duration.seconds` live in ProvSupport;
/// re-exported so `import ProvClient` keeps offering them to programs and to the other targets.
@_exported import ProvSupport
