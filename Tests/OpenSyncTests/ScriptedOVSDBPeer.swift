import Foundation
import UntrustedJSON

/// A hostile or broken OVSDB server on a unix socket: accepts one connection and plays `script`
/// with it (read the client's bytes, write anything). For what a real ovsdb-server never sends:
/// garbage, truncated or endless messages, silence, echo requests at will.
final class ScriptedOVSDBPeer: @unchecked Sendable {
    /// The accepted connection, as the script sees it.
    struct Link {
        let fd: Int32

        /// Reads until at least one complete `{...}` was received (or the client closed); bounded.
        func readMessage() -> String {
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 100) > 0 else { continue }
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { break }
                received.append(contentsOf: buffer[..<count])
                if let text = String(data: received, encoding: .utf8), text.filter({ $0 == "{" }).count == text.filter({ $0 == "}" }).count {
                    return text
                }
            }
            return String(decoding: received, as: UTF8.self)
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { return }
                sent += count
            }
        }

        /// The id of a JSON-RPC request text, for a reply that matches it.
        func id(of request: String) -> Int {
            let object = try? JSONSerialization.jsonObject(with: Data(request.utf8)) as? [String: Any]
            return object?["id"] as? Int ?? -1
        }
    }

    let path: String
    private let listener: Int32
    private let finished = DispatchSemaphore(value: 0)

    init(directory: URL, script: @escaping @Sendable (Link) -> Void) throws {
        let path = directory.appendingPathComponent("peer-\(UUID().uuidString.prefix(6)).sock").path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        self.path = path
        self.listener = listener
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        let finished = self.finished
        Thread.detachNewThread {
            let fd = accept(listener, nil, nil)
            if fd >= 0 {
                script(Link(fd: fd))
                close(fd)
            }
            finished.signal()
        }
    }

    /// Waits (bounded) for the script to finish, then removes the socket.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
        close(listener)
        unlink(path)
    }
}
