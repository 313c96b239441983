/// A provisioning command line split once, word by word, against the options the command declares
/// (`RenderedHelp.provisionOptions`, generated from the `@Option`s): what `ProvisionCommand.parsedDirectly`,
/// `UsageErrorShortcut` and `DPPQRRedirect` read, so the three agree on every spelling (`--name value`,
/// `--name=value`, the dashed aliases). Each decides for itself what it leaves to the parser.
struct ProvisionToken: Equatable {
    /// The option's first name (`--sec_ver` for `--sec-ver`); nil for a word no option declares.
    let option: String?
    /// The name as typed (before any `=`), or the whole word when it is no declared option.
    let name: String
    /// The value: after `=`, or the next word; nil for a flag, or when nothing that can be a value
    /// follows (the end, or another option: the parser does not take `--x` as a value).
    let value: String?
    /// Whether the value came after `=` in the same word.
    let attached: Bool
    /// Whether the option takes a value (false for a flag and for undeclared words).
    let takesValue: Bool
    /// The words this token was read from, as typed.
    let words: [String]

    /// `arguments` as tokens, every word in exactly one.
    static func split(_ arguments: [String]) -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            var name = word
            var attached: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                attached = String(word[word.index(after: equals)...])
            }
            guard let declared = RenderedHelp.provisionOptions.first(where: { $0.names.contains(name) }) else {
                tokens.append(ProvisionToken(option: nil, name: word, value: nil, attached: false, takesValue: false, words: [word]))
                continue
            }
            let takesValue: Bool
            if case .none = declared.value { takesValue = false } else { takesValue = true }
            var value = attached
            var words = [word]
            if takesValue, attached == nil, index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" {
                value = arguments[index]
                words.append(arguments[index])
                index += 1
            }
            tokens.append(ProvisionToken(
                option: declared.names[0], name: name, value: value, attached: attached != nil, takesValue: takesValue, words: words))
        }
        return tokens
    }
}
