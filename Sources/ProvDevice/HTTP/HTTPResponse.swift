/// esp_http_server's response bytes (§4.1): status line, `Content-Type: text/html`, `Content-Length`,
/// optional `Set-Cookie`, blank line, body — nothing else.
enum HTTPResponse {
    static func ok(body: [UInt8], setCookie: String?) -> [UInt8] {
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.count)\r\n"
        if let setCookie { head += "Set-Cookie: \(setCookie)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// `httpd_resp_send_err` for an unknown URI; the server then closes the socket.
    static let notFound = error(status: "404 Not Found", message: "Nothing matches the given URI")
    /// `httpd_resp_send_err` for a registered URI with another method; the server then closes the socket.
    static let methodNotAllowed = error(status: "405 Method Not Allowed", message: "Request method for this URI is not handled by server")
    /// A request target longer than 512 bytes (`HTTPHeadLimiter`); the server then closes the socket.
    static let uriTooLong = error(status: "414 URI Too Long", message: "URI is too long")
    /// Header lines beyond the scratch buffer (`HTTPHeadLimiter`); the server then closes the socket.
    static let headerFieldsTooLarge = error(status: "431 Request Header Fields Too Large", message: "Header fields are too long")
    /// The parser's answer to a state it cannot go on from, e.g. a head that left no room for the body.
    static let internalServerError = error(status: "500 Internal Server Error", message: "Server has encountered an unexpected error")

    private static func error(status: String, message: String) -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: text/html\r\nContent-Length: \(message.utf8.count)\r\n\r\n\(message)".utf8)
    }
}
