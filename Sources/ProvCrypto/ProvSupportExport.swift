/// Hex (`hexString`, `bytes(fromHex:)`) lives in ProvSupport; re-exported so every user of the
/// crypto (the fuzz package included) keeps reaching it through `import ProvCrypto`.
@_exported import ProvSupport
