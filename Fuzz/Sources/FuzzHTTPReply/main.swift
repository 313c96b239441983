@_spi(Fuzzing) import ProvHTTP

/// What a device (or whatever answers at its address) sends back over HTTP: any bytes must give a
/// reply within the limits, an error, or "not complete yet", never a crash; and how the bytes are
/// cut into reads (the first input byte picks the cut) must not change the outcome.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPReply(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let cut = input.first else { return 0 }
    let bytes = Array(input.dropFirst())
    let limit = 4096
    let whole = outcome(of: [bytes], limit: limit)
    let step = Int(cut) + 1
    let pieces = stride(from: 0, to: bytes.count, by: step).map { Array(bytes[$0..<min($0 + step, bytes.count)]) }
    precondition(outcome(of: pieces, limit: limit) == whole, "the outcome depends on how the reply was split")
    if case .reply(let reply)? = whole {
        precondition(reply.body.count <= limit, "body beyond the limit")
        precondition((200...999).contains(reply.status), "status out of range")
    }
    return 0
}

/// A body read to the end of the connection is too large as soon as it passes the limit, so the size
/// it reports depends on the reads; the verdict does not.
private enum Outcome: Equatable {
    case reply(HTTPReply)
    case tooLarge
    case malformed(String)
}

/// The reply (or error) after feeding `pieces` and then closing the connection; nil if incomplete.
private func outcome(of pieces: [[UInt8]], limit: Int) -> Outcome? {
    var parser = HTTPReplyParser(maxBodyBytes: limit)
    for piece in pieces {
        do {
            if let reply = try parser.feed(piece) { return .reply(reply) }
        } catch {
            switch error {
            case .tooLarge: return .tooLarge
            case .malformed(let what): return .malformed(what)
            }
        }
    }
    return parser.finish().map(Outcome.reply)
}
