import Foundation
import XCTest
@testable import esp_prov

/// The checked-in help screens (`RenderedHelp`, what `esp-prov --help` prints without reflecting
/// the commands) are what swift-argument-parser renders from the commands' definitions, and they
/// are used only at the width they were rendered at.
final class RenderedHelpTests: XCTestCase {
    private static let regenerate = "run `make rendered-help` to regenerate Sources/esp-prov/RenderedHelp.swift"

    override func setUp() {
        setenv("COLUMNS", String(RenderedHelpSource.columns), 1)
    }

    override func tearDown() {
        unsetenv("COLUMNS")
    }

    private var checkedInFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/esp-prov/RenderedHelp.swift")
    }

    func testCheckedInFileIsWhatTheCommandsRender() throws {
        let source = RenderedHelpSource.generate()
        if ProcessInfo.processInfo.environment["ESP_PROV_WRITE_RENDERED_HELP"] == "1" {
            try source.write(to: checkedInFile, atomically: true, encoding: .utf8)
            throw XCTSkip("wrote \(checkedInFile.path); rebuild and rerun this test")
        }
        XCTAssertEqual(try String(contentsOf: checkedInFile, encoding: .utf8), source, Self.regenerate)
    }

    func testEveryHelpScreenMatchesTheParsersRendering() throws {
        XCTAssertEqual(RenderedHelp.root, UsageHelp.renderedRootHelp, Self.regenerate)
        for arguments in [["--help"], ["-h"], ["help"], ["provision", "--help"]] {
            XCTAssertEqual(UsageHelp.text(for: arguments), UsageHelp.renderedRootHelp, "\(arguments)")
        }
        let screens = RenderedHelpSource.subcommandScreens()
        XCTAssertTrue(screens.contains { $0.invocations.contains(["qr", "--help"]) }, "\(screens.map(\.invocations))")
        XCTAssertTrue(screens.contains { $0.invocations.contains(["dpp", "configure", "-h"]) }, "\(screens.map(\.invocations))")
        for screen in screens {
            for invocation in screen.invocations {
                XCTAssertEqual(UsageHelp.text(for: invocation), screen.text, "\(invocation): \(Self.regenerate)")
            }
        }
        XCTAssertNil(UsageHelp.text(for: ["qr", "--ssid", "x"]))
    }

    /// At another width the parser renders the screens, wrapped to that width, as it always did.
    func testAnotherWidthIsLeftToTheParser() throws {
        setenv("COLUMNS", "132", 1)
        XCTAssertNil(UsageHelp.text(for: ["qr", "--help"]))
        XCTAssertEqual(UsageHelp.text(for: ["--help"]), UsageHelp.renderedRootHelp)
        let wide = try XCTUnwrap(UsageHelp.text(for: ["--help"]))
        XCTAssertTrue(wide.split(separator: "\n").contains { $0.count > RenderedHelp.columns }, wide)
        XCTAssertNotEqual(wide, RenderedHelp.root)
    }
}
