/// Splits one fuzzer input into several device replies: each is a 2-byte big-endian length
/// followed by that many bytes (a short last chunk takes what is left). A simple, mutation-friendly
/// framing, so one input can drive a multi-request exchange such as a Wi-Fi scan.
public func chunks(_ data: some Collection<UInt8>, limit: Int = 16) -> [[UInt8]] {
    var rest = Array(data)[...]
    var out: [[UInt8]] = []
    while rest.count >= 2, out.count < limit {
        let length = Int(rest[rest.startIndex]) << 8 | Int(rest[rest.startIndex + 1])
        rest = rest.dropFirst(2)
        out.append(Array(rest.prefix(length)))
        rest = rest.dropFirst(length)
    }
    return out
}

/// The framing `chunks` reads, for writing seeds.
public func framed(_ replies: [[UInt8]]) -> [UInt8] {
    replies.flatMap { [UInt8(($0.count >> 8) & 0xFF), UInt8($0.count & 0xFF)] + $0 }
}
