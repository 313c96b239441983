/// How many requests the device has received, in total and per endpoint: what a benchmark or a
/// test reads to check a client's economy (e.g. exactly one `proto-ver` per run), and what
/// `DeviceFaults` counts to pick the request it breaks.
public struct RequestTally: Sendable, Equatable {
    /// Requests of every endpoint together.
    public private(set) var total = 0
    /// Requests per endpoint name.
    public private(set) var perEndpoint: [String: Int] = [:]

    /// Nothing counted yet.
    public init() {}

    /// Counts one request to `endpoint`; returns how many `endpoint` has had, this one included.
    mutating func record(_ endpoint: String) -> Int {
        total += 1
        perEndpoint[endpoint, default: 0] += 1
        return perEndpoint[endpoint]!
    }

    /// `endpoint=count` pairs in name order, e.g. `prov-config=3 prov-session=2 proto-ver=1`.
    public var summary: String {
        perEndpoint.keys.sorted().map { "\($0)=\(perEndpoint[$0]!)" }.joined(separator: " ")
    }
}
