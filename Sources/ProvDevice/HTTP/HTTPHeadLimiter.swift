import Foundation
import NIOCore

/// esp_http_server's limits on a request head (docs/protocol.md §4.1), which NIO's HTTP decoder does
/// not have. The server parses a request in one scratch buffer of `CONFIG_HTTPD_MAX_REQ_HDR_LEN` + 1
/// bytes (default 1025, one byte for a terminator), and the request target must fit `uri[513]`:
/// * a URI longer than `CONFIG_HTTPD_MAX_URI_LEN` (512) bytes → `414 URI Too Long`;
/// * header lines (first header byte through the blank line) that do not fit the buffer → `431`;
/// * header lines that fill it exactly, with a body to follow: no room is left to read the body and
///   the parser gives up with `500` (derived from httpd_parse.c's `read_block`/`parse_block`).
/// Each answer is followed by a close; the limits apply before routing, so an unknown URI too long is
/// 414, not 404. Leading empty lines before a request line are skipped, as http_parser skips them.
///
/// Sits in front of the HTTP decoder and passes bytes through untouched. It frames requests itself
/// (head, then `Content-Length` body bytes) so every pipelined request's head is measured; a request
/// whose framing is not that (no or a bad `Content-Length`) closes the connection anyway (§4.1). At a
/// broken limit nothing more reaches the decoder and the connection handler gets `HTTPHeadLimitExceeded`,
/// so the error is answered after the requests before it, in order.
final class HTTPHeadLimiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// `CONFIG_HTTPD_MAX_URI_LEN`.
    static let maxURILength = 512
    /// `CONFIG_HTTPD_MAX_REQ_HDR_LEN` + 1: the scratch buffer the header lines are parsed in.
    static let headerBufferSize = 1024 + 1

    private enum Phase {
        case requestLine(spaces: Int, uriLength: Int, started: Bool)
        case headers(bytes: Int, contentLength: Int)
        case body(remaining: Int)
        case stopped
    }

    private var phase = Phase.requestLine(spaces: 0, uriLength: 0, started: false)
    /// The header line being read, without its line end.
    private var line: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let bytes = buffer.readableBytesView
        var index = bytes.startIndex
        var exceeded: HTTPHeadLimitExceeded?
        scan: while index < bytes.endIndex {
            switch phase {
            case .stopped:
                break scan
            case .body(let remaining):
                let taken = min(remaining, bytes.endIndex - index)
                index += taken
                phase = remaining == taken ? .requestLine(spaces: 0, uriLength: 0, started: false) : .body(remaining: remaining - taken)
            case .requestLine, .headers:
                exceeded = advance(bytes[index])
                if exceeded != nil { break scan }
                index += 1
            }
        }
        let passed = index - bytes.startIndex
        if passed > 0, let slice = buffer.getSlice(at: buffer.readerIndex, length: passed) {
            context.fireChannelRead(wrapInboundOut(slice))
        }
        if let exceeded {
            phase = .stopped
            context.fireUserInboundEventTriggered(exceeded)
        }
    }

    /// Takes one head byte; returns the broken limit, if this byte breaks one.
    private func advance(_ byte: UInt8) -> HTTPHeadLimitExceeded? {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        switch phase {
        case .requestLine(var spaces, var uriLength, let started):
            guard started || (byte != cr && byte != lf) else { return nil }
            if byte == lf {
                phase = .headers(bytes: 0, contentLength: 0)
                line = []
                return nil
            }
            if byte == UInt8(ascii: " ") {
                spaces += 1
            } else if spaces == 1, byte != cr {
                uriLength += 1
                if uriLength > Self.maxURILength { return .uriTooLong }
            }
            phase = .requestLine(spaces: spaces, uriLength: uriLength, started: true)
            return nil
        case .headers(var count, var contentLength):
            count += 1
            if byte == lf {
                if line.last == cr { line.removeLast() }
                if line.isEmpty {
                    // The blank line: the head is complete.
                    if count == Self.headerBufferSize, contentLength > 0 { return .noRoomForBody }
                    phase = contentLength > 0
                        ? .body(remaining: contentLength)
                        : .requestLine(spaces: 0, uriLength: 0, started: false)
                    return nil
                }
                contentLength = Self.contentLength(inHeaderLine: line) ?? contentLength
                line = []
            } else {
                line.append(byte)
            }
            if count >= Self.headerBufferSize { return .headerFieldsTooLarge }
            phase = .headers(bytes: count, contentLength: contentLength)
            return nil
        case .body, .stopped:
            return nil
        }
    }

    /// The value of a `Content-Length` line (name matched case-insensitively), nil for other lines; an
    /// unreadable value counts as no body.
    private static func contentLength(inHeaderLine line: [UInt8]) -> Int? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
              String(decoding: line[..<colon], as: UTF8.self).lowercased() == "content-length"
        else { return nil }
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return max(Int(value) ?? 0, 0)
    }
}

/// A request head that esp_http_server refuses before routing, and the error response it sends
/// (`httpd_resp_send_err`) before closing the socket.
enum HTTPHeadLimitExceeded: Equatable {
    case uriTooLong
    case headerFieldsTooLarge
    case noRoomForBody

    var response: [UInt8] {
        switch self {
        case .uriTooLong: return HTTPResponse.uriTooLong
        case .headerFieldsTooLarge: return HTTPResponse.headerFieldsTooLarge
        case .noRoomForBody: return HTTPResponse.internalServerError
        }
    }
}
