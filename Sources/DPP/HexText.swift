private let hexDigits = Array("0123456789abcdef")

extension Sequence where Element == UInt8 {
    /// Lower-case hex, the form every DPP text field takes: pkhash, the URI's `M:` MAC, and the
    /// daemons' `ssid=`/`pass=` arguments; `separator` gives the `aa:bb:…` form of a MAC for people.
    func dppHex(separator: String = "") -> String {
        map { String([hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0f)]]) }.joined(separator: separator)
    }
}
