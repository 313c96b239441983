/// Lets one request at a time through an actor whose handling suspends: protocomm handles
/// requests strictly one after another, but actor reentrancy alone would interleave them at
/// every `await`. Owned by one actor and always called on it (`#isolation`).
final class RequestGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter(isolation: isolated (any Actor)? = #isolation) async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the gate to the next waiter, if any (ownership passes without reopening).
    func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
