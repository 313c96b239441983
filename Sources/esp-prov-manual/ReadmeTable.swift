import Foundation

/// A table of the README, found by the heading above it: the exit codes, environment variables
/// and files are documented once there, and the manual page is built from the same rows.
struct ReadmeTable {
    var rows: [[String]]

    /// The first table after the heading `title` (any level), without its header and rule rows.
    init?(readme: String, heading title: String) {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("#") && $0.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces) == title }) else {
            return nil
        }
        var rows: [[String]] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            if line.hasPrefix("|") {
                rows.append(Self.cells(line))
            } else if !rows.isEmpty {
                break
            }
        }
        guard rows.count > 2 else { return nil }
        self.rows = Array(rows.dropFirst(2))
    }

    /// Cells of `| a | b \| c |`: an escaped bar stays inside its cell.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var previous: Character = " "
        for character in line.dropFirst() {
            if character == "|" && previous != "\\" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        return cells
    }
}
