import ProvClient
import Foundation

/// RFC 4180 CSV as spreadsheets export it: `,` separators, `"` quoting with `""` escapes, quoted
/// fields spanning lines, LF or CRLF. Unquoted cells are trimmed; blank lines and lines starting
/// with `#` are skipped. Each row keeps the line it starts on, for error messages.
struct CSVTable {
    struct Row: Equatable {
        let line: Int
        let cells: [String]
    }

    let rows: [Row]

    init(parsing text: String) throws {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var quoted = false, inQuotes = false, afterQuote = false
        var line = 1, rowLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endCell() {
            let value = String(cell)
            cells.append(quoted ? value : value.trimmingCharacters(in: .whitespaces))
            cell = String.UnicodeScalarView()
            quoted = false
            afterQuote = false
        }
        func endRow() {
            endCell()
            let isBlank = cells.allSatisfy(\.isEmpty)
            let isComment = cells.first?.hasPrefix("#") == true
            if !isBlank && !isComment { rows.append(Row(line: rowLine, cells: cells)) }
            cells = []
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endCell()
            case "\r" where index < scalars.count && scalars[index] == "\n":
                continue
            case "\n", "\r":
                endRow()
                line += 1
                rowLine = line
            case "\"" where String(cell).trimmingCharacters(in: .whitespaces).isEmpty && !afterQuote:
                cell = String.UnicodeScalarView()
                inQuotes = true
                quoted = true
            default:
                if afterQuote, !scalar.properties.isWhitespace {
                    throw ManifestProblem(location: "line \(line)", message: "unexpected text after a closing quote")
                }
                if !afterQuote { cell.append(scalar) }
            }
        }
        if inQuotes { throw ManifestProblem(location: "line \(rowLine)", message: "a quoted field is never closed") }
        if !cell.isEmpty || !cells.isEmpty || quoted { endRow() }
        self.rows = rows
    }
}
