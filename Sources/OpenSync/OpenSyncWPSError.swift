import OVSDB

/// Why an OpenSync WPS request was refused or did not finish, with the facts to explain it.
public enum OpenSyncWPSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database lacks a table or column OpenSync's WPS needs.
    case notOpenSync(missing: String)
    /// No `Wifi_VIF_Config` row matches; `known` lists what does exist (SSIDs or interface names).
    case noSuchVIF(OpenSyncTarget, known: [String])
    /// The key id names no key of that VIF; `available` are the key ids it has (names, not PSKs).
    case unknownKeyId(String, ifName: String, available: [String])
    /// The AP has not reported a `Wifi_VIF_State` row for a target VIF.
    case noState(ifName: String)
    /// A session runs on the VIF with another key id: starting one would restart it with ours.
    case sessionRunning(ifName: String, keyId: String)
    /// The AP's rows changed between reading and writing; nothing was written.
    case changedMeanwhile
    /// The AP never reported a running session before the deadline (the request was withdrawn).
    case neverStarted(ifNames: [String], acknowledged: Bool)
    /// The session was still running at the deadline; it was cancelled.
    case neverEnded(ifNames: [String], cancelled: Bool)
    /// The OVSDB layer failed.
    case ovsdb(OVSDBError)

    /// One line saying what happened and what to do, for the CLI's message (never a PSK).
    public var description: String {
        switch self {
        case .notOpenSync(let missing):
            return "the database is not OpenSync's: it has no \(missing)"
        case .noSuchVIF(let target, let known):
            return "no Wifi_VIF_Config row has \(target)" + (known.isEmpty ? " (the table is empty)" : "; known: \(known.joined(separator: ", "))")
        case .unknownKeyId(let keyId, let ifName, let available):
            return "key id '\(keyId)' is not a key of \(ifName)"
                + (available.isEmpty ? " (it has no keys)" : "; its key ids: \(available.joined(separator: ", "))")
        case .noState(let ifName):
            return "the AP reports no Wifi_VIF_State row for \(ifName): is OpenSync's Wi-Fi manager running?"
        case .sessionRunning(let ifName, let keyId):
            return "a WPS session with key id '\(keyId)' is running on \(ifName); wait for it to end or cancel it first"
        case .changedMeanwhile:
            return "the AP's VIF rows changed while the request was being written; nothing was changed, run it again"
        case .neverStarted(let ifNames, let acknowledged):
            return "the AP never reported a running WPS session on \(ifNames.joined(separator: ", "))"
                + (acknowledged ? " although it took the request" : ": is OpenSync's Wi-Fi manager running, does the VIF support WPS?")
                + "; the request was withdrawn"
        case .neverEnded(let ifNames, let cancelled):
            return "the WPS session on \(ifNames.joined(separator: ", ")) was still running at the deadline"
                + (cancelled ? "; it was cancelled" : " and could not be cancelled: cancel it again")
        case .ovsdb(let error):
            return error.description
        }
    }
}
