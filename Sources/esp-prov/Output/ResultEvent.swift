/// The last line of every `--json` run: `ok`, `exit_code`, `error` and `message` (null on
/// success), plus the subcommand's own fields (`ProvisioningResult`, `DPPConfigureResult`, …).
struct ResultEvent: JSONEvent {
    static let name = "result"
    let ok: Bool
    let exitCode: Int32
    @Nullable var error: String?
    @Nullable var message: String?
    let fields: any JSONFields

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ok, exitCode = "exit_code", error, message
    }

    init(_ failure: CommandFailure?, _ fields: any JSONFields) {
        ok = failure == nil
        exitCode = failure?.status.rawValue ?? 0
        error = failure?.status.name
        message = failure?.message
        self.fields = fields
    }

    func encode(to encoder: Encoder) throws {
        try fields.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(_error, forKey: .error)
        try container.encode(_message, forKey: .message)
    }

    /// A `result` with nothing to add: a failure, or a subcommand whose success says nothing more.
    struct Nothing: JSONFields {
        typealias CodingKeys = NoFieldKeys
        func encode(to encoder: Encoder) throws {}
    }
}
