import UntrustedJSON

/// ProvClient's name for the shared untrusted-JSON value (proto-ver replies, QR payloads), kept so
/// its API and callers read as before; the type itself lives in UntrustedJSON, with OVSDB's.
public typealias JSONValue = UntrustedJSON.JSON
