import Foundation
@testable import esp_prov
import XCTest

/// README's "JSON output" table is what scripts are written against: every event the types can
/// write is documented with all its fields, and every event and field the table names is one the
/// types write. The batch report's example lines name exactly `BatchReportLine`'s keys.
final class JSONEventTableTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func readme() throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The table's rows: the events each names (`scan_started`, `scan_results`; `result` has one row
    /// per subcommand) and its fields cell.
    private func documentedRows() throws -> [(names: [String], cell: String)] {
        let text = try readme()
        let section = try XCTUnwrap(text.range(of: "### JSON output"), "README has no \"### JSON output\" section")
        let header = try XCTUnwrap(text.range(of: "| `event` | fields |", range: section.upperBound..<text.endIndex))
        var rows: [(names: [String], cell: String)] = []
        for line in text[header.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2) {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            XCTAssertGreaterThanOrEqual(cells.count, 4, "not a two-column row: \(line)")
            guard cells.count >= 4 else { continue }
            // The event names come before any qualifier: "`result` of `wps`", "`result` (`dpp`)".
            let namesCell = cells[1].components(separatedBy: " of ")[0].components(separatedBy: "(")[0]
            let names = Self.codeSpans(namesCell)
            XCTAssertFalse(names.isEmpty, "a row without an event name: \(line)")
            rows.append((names, cells[2...].joined(separator: "|")))
        }
        return rows
    }

    /// What the types write: event name to the union of its types' fields.
    private func typedEvents() -> [String: Set<String>] {
        var events: [String: Set<String>] = [:]
        for type in JSONEventCatalog.events { events[type.name, default: []].formUnion(type.fieldNames) }
        events[ResultEvent.name] = Set(ResultEvent.fieldNames + JSONEventCatalog.resultFields.flatMap { $0.fieldNames })
        return events
    }

    func testEveryEventIsDocumentedAndEveryDocumentedEventExists() throws {
        let documented = Set(try documentedRows().flatMap(\.names))
        let typed = Set(typedEvents().keys)
        XCTAssertEqual(typed.subtracting(documented).sorted(), [], "events the CLI writes that README's JSON table leaves out")
        XCTAssertEqual(documented.subtracting(typed).sorted(), [], "events README's JSON table names that no type writes")
    }

    func testEveryFieldIsDocumentedInItsEventsRow() throws {
        let rows = try documentedRows()
        for (name, fields) in typedEvents() {
            let named = Set(rows.filter { $0.names.contains(name) }.flatMap { Self.codeSpans($0.cell) })
            XCTAssertEqual(fields.subtracting(named).sorted(), [], "README's `\(name)` row leaves out these fields")
        }
    }

    /// Outside parentheses (which describe values and nested objects), a row names only fields of its
    /// events, or, followed by `:`, the subcommand the rest applies to (`dpp configure`:, `wps er`:).
    func testEveryDocumentedFieldExists() throws {
        let typed = typedEvents()
        for (names, row) in try documentedRows() {
            let fields = names.reduce(into: Set<String>()) { $0.formUnion(typed[$1] ?? []) }
            let name = names.joined(separator: "`, `")
            for (span, qualifier) in Self.topLevelCodeSpans(row) where span.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil {
                XCTAssertTrue(fields.contains(span) || qualifier, "README's `\(name)` row names `\(span)`, which its types never write")
            }
        }
    }

    /// JSONEncoder sorts keys in byte order; the writer before it (JSONSerialization) sorted them
    /// case-insensitively with numbers by value. For every object's keys the two orders must agree,
    /// or lines would change their byte order (lower-case snake_case keys without digits after `_` do).
    func testEveryObjectsKeysSortAsTheyDidBefore() throws {
        var objects = JSONEventCatalog.events.map { $0.fieldNames + ["event", "t"] }
        objects.append(Array(Set(ResultEvent.fieldNames + JSONEventCatalog.resultFields.flatMap { $0.fieldNames } + ["event", "t"])))
        for type in JSONEventCatalog.events.map({ $0 as any JSONFields.Type }) + JSONEventCatalog.resultFields {
            XCTAssertTrue(Set(type.fieldNames).isDisjoint(with: ["event", "t"]), "\(type) declares a field JSONLines writes itself")
        }
        objects += JSONEventCatalog.nested.map { $0.fieldNames }
        for keys in objects {
            let data = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) }), options: [.sortedKeys])
            let before = String(decoding: data, as: UTF8.self).split(separator: "\"").enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
            XCTAssertEqual(before, keys.sorted(), "these keys would be written in another order than before")
        }
    }

    /// Every `JSONEvent` and `JSONFields` type in `Output/` is in the catalog the tests above read.
    func testTheCatalogListsEveryTypeInOutput() throws {
        let directory = Self.root.appendingPathComponent("Sources/esp-prov/Output")
        var declared: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #"struct (\w+)(<[^>]*>)?: (JSONEvent|JSONFields)\b"#)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                declared.append(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        // Full names, once each: `Status` is listed per network, `Bootstrap` as an event and as `dpp uri`'s result.
        let listed = Set((JSONEventCatalog.events.map { $0 as Any.Type } + JSONEventCatalog.resultFields.map { $0 as Any.Type }
            + JSONEventCatalog.nested.map { $0 as Any.Type }).map { String(reflecting: $0).components(separatedBy: "<")[0] })
        let simple = listed.map { $0.components(separatedBy: ".").last ?? $0 }
        XCTAssertEqual(simple.sorted(), declared.filter { $0 != "ResultEvent" }.sorted(),
                       "Output/ types missing from JSONEventCatalog (or listed but gone)")
    }

    /// The batch report's example lines (README, "Batches") name exactly the keys a report line has.
    func testBatchReportExampleNamesExactlyItsKeys() throws {
        let text = try readme()
        let intro = try XCTUnwrap(text.range(of: "The report has one JSON object per device"))
        let block = try XCTUnwrap(text.range(of: "```json\n", range: intro.upperBound..<text.endIndex))
        let end = try XCTUnwrap(text.range(of: "```", range: block.upperBound..<text.endIndex))
        var keys = Set<String>()
        for line in text[block.upperBound..<end.lowerBound].split(separator: "\n") {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
            keys.formUnion(object.keys)
        }
        let typed = Set(BatchReportLine.CodingKeys.allCases.map(\.stringValue))
        XCTAssertEqual(keys, typed, "README's batch report example and BatchReportLine's keys differ")
    }

    /// `code spans` of a Markdown cell, in order.
    static func codeSpans(_ text: String) -> [String] {
        topLevelCodeSpans(text, all: true).map(\.span)
    }

    /// Code spans outside parentheses (or all of them), each with whether a `:` follows it.
    static func topLevelCodeSpans(_ text: String, all: Bool = false) -> [(span: String, qualifier: Bool)] {
        var spans: [(String, Bool)] = []
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "`" {
                let start = text.index(after: index)
                guard let close = text[start...].firstIndex(of: "`") else { break }
                let after = text.index(after: close)
                if all || depth == 0 { spans.append((String(text[start..<close]), after < text.endIndex && text[after] == ":")) }
                index = after
                continue
            }
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            index = text.index(after: index)
        }
        return spans
    }
}
