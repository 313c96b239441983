import NIOConcurrencyHelpers
import UntrustedJSON

/// Where the reader delivers what the server sends: replies to the request that awaits them (by
/// id), and notifications queued for whoever waits next. Every waiter is resumed exactly once —
/// by its message, its deadline, or the connection's end — because each path first removes it.
final class OVSDBInbox: Sendable {
    struct Notification: Sendable {
        var method: String
        var params: [JSON]
    }

    private struct State {
        var replies: [Int: (method: String, continuation: CheckedContinuation<JSON, Error>)] = [:]
        var notifications: [Notification] = []
        var notificationWaiter: (token: Int, continuation: CheckedContinuation<Notification, Error>)?
        var nextToken = 0
        var ended: OVSDBError?
    }

    private let state = NIOLockedValueBox(State())

    /// Registers a waiter for the reply to `id`; fails at once when the connection already ended.
    func awaitReply(id: Int, method: String, continuation: CheckedContinuation<JSON, Error>) {
        let ended: OVSDBError? = state.withLockedValue { state in
            if state.ended == nil { state.replies[id] = (method, continuation) }
            return state.ended
        }
        if ended != nil { continuation.resume(throwing: OVSDBError.closed(waitingFor: "the reply to '\(method)'")) }
    }

    func deliverReply(id: Int, _ result: Result<JSON, OVSDBError>) {
        guard let waiter = state.withLockedValue({ $0.replies.removeValue(forKey: id) }) else { return }
        waiter.continuation.resume(with: result.mapError { $0 as Error })
    }

    /// Fails the reply to `id` with the error `make` builds from the request's method, if it still waits.
    func failReply(id: Int, _ make: (String) -> OVSDBError) {
        guard let waiter = state.withLockedValue({ $0.replies.removeValue(forKey: id) }) else { return }
        waiter.continuation.resume(throwing: make(waiter.method))
    }

    /// Returns a token for `failNotificationWait`; resumes at once when a notification is queued.
    func awaitNotification(continuation: CheckedContinuation<Notification, Error>) -> Int {
        let (token, ready, ended): (Int, Notification?, OVSDBError?) = state.withLockedValue { state in
            state.nextToken += 1
            if !state.notifications.isEmpty { return (state.nextToken, state.notifications.removeFirst(), nil) }
            if let ended = state.ended { return (state.nextToken, nil, ended) }
            state.notificationWaiter = (state.nextToken, continuation)
            return (state.nextToken, nil, nil)
        }
        if let ready { continuation.resume(returning: ready) }
        if ended != nil { continuation.resume(throwing: OVSDBError.closed(waitingFor: "an update")) }
        return token
    }

    func deliverNotification(_ notification: Notification) {
        let waiter: CheckedContinuation<Notification, Error>? = state.withLockedValue { state in
            guard let waiter = state.notificationWaiter else {
                state.notifications.append(notification)
                return nil
            }
            state.notificationWaiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: notification)
    }

    func failNotificationWait(token: Int, _ error: OVSDBError) {
        let waiter: CheckedContinuation<Notification, Error>? = state.withLockedValue { state in
            guard let waiter = state.notificationWaiter, waiter.token == token else { return nil }
            state.notificationWaiter = nil
            return waiter.continuation
        }
        waiter?.resume(throwing: error)
    }

    /// The connection is over: every waiter fails, the first cause is kept for later waiters.
    func end(_ error: OVSDBError?) {
        let (replies, waiter): ([(method: String, continuation: CheckedContinuation<JSON, Error>)], CheckedContinuation<Notification, Error>?) =
            state.withLockedValue { state in
                if state.ended == nil { state.ended = error ?? .closed(waitingFor: "a reply") }
                let replies = Array(state.replies.values)
                state.replies = [:]
                let waiter = state.notificationWaiter?.continuation
                state.notificationWaiter = nil
                return (replies, waiter)
            }
        for reply in replies {
            reply.continuation.resume(throwing: error ?? OVSDBError.closed(waitingFor: "the reply to '\(reply.method)'"))
        }
        waiter?.resume(throwing: error ?? OVSDBError.closed(waitingFor: "an update"))
    }
}
