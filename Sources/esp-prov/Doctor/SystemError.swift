import Foundation
import Glibc

/// errno values as a user can look them up: `EAFNOSUPPORT (Address family not supported by
/// protocol)`, not a bare number.
enum SystemError {
    static func name(_ code: Int32) -> String {
        let symbol = symbols[code].map { "\($0) " } ?? ""
        return "\(symbol)(\(String(cString: strerror(code))))"
    }

    private static let symbols: [Int32: String] = [
        EAFNOSUPPORT: "EAFNOSUPPORT", EACCES: "EACCES", EPERM: "EPERM", ENOENT: "ENOENT",
        ECONNREFUSED: "ECONNREFUSED", ENETUNREACH: "ENETUNREACH", ENODEV: "ENODEV", ERFKILL: "ERFKILL",
        EHOSTUNREACH: "EHOSTUNREACH", ETIMEDOUT: "ETIMEDOUT", ENOTSOCK: "ENOTSOCK",
    ]
}
