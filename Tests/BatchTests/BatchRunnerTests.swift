import Foundation
import ProvClient
import ProvBatch
@testable import esp_prov
import ProvTransports
import TestSupport
import XCTest

/// Scheduling without radios: fake transports that fail on cue, hang, or wait for company, so the
/// concurrency limit, the retry policy and the deadline are checked without timing assumptions.
final class BatchRunnerTests: XCTestCase {
    private func devices(_ count: Int, transport: TransportKind = .http) -> [BatchDevice] {
        (0..<count).map {
            BatchDevice(index: $0, location: "devices[\($0)]", name: "dev\($0)", transport: transport,
                        service: transport == .ble ? "PROV_\($0)" : "10.0.0.\($0):80", security: .sec0, ssid: "HomeNet",
                        passphrase: "secret123")
        }
    }

    func testNeverMoreThanJobsDevicesAtOnceAndExactlyThatManyWhenThereIsWork() async {
        let meter = Meter()
        let factory = BatchTransportFactory(softap: { _ in
            FakeTransport { _ in
                await meter.enter()
                await meter.waitForPeak(3, timeout: .seconds(10))
                await meter.leave()
                throw ProvError.authentication("scripted")
            }
        })
        let records = await BatchRunner(options: BatchOptions(jobs: 3, retries: 0), transports: factory).run(devices(16))
        XCTAssertEqual(records.count, 16)
        XCTAssertEqual(records.map(\.index), Array(0..<16), "records come back in manifest order")
        let peak = await meter.peak
        XCTAssertEqual(peak, 3, "the gate releases only once 3 run together; more would break the limit")
    }

    func testOnlyTransientErrorsAreRetried() async {
        let scripted: [String: ProvError] = [
            "transport": .transport("link down"), "closed": .closedWithoutResponse(endpoint: "prov-session"),
            "timeout": .timeout("slow"), "unknown": .outcomeUnknown("lost"), "auth": .authentication("wrong PoP?"),
            "wifi": .wifiAuthFailed(ssid: "HomeNet"), "missing": .wifiNetworkNotFound(ssid: "HomeNet"),
            "protocol": .protocolViolation("garbage"), "endpoint": .endpointNotFound("prov-ctrl"), "usage": .usage("no creds"),
        ]
        let opens = Counter()
        let factory = BatchTransportFactory(softap: { device in
            await opens.add(device.name)
            return FakeTransport { _ in throw scripted[device.name]! }
        })
        let list = scripted.keys.sorted().enumerated().map { index, name in
            BatchDevice(index: index, location: "", name: name, transport: .http, service: "h\(index):80", ssid: "s", passphrase: "")
        }
        let records = await BatchRunner(options: BatchOptions(jobs: 4, retries: 2, retryDelay: .zero), transports: factory).run(list)
        let transient: Set = ["transport", "closed", "timeout", "unknown"]
        for record in records {
            let expected = transient.contains(record.name) ? 3 : 1
            XCTAssertEqual(record.attempts, expected, record.name)
            let count = await opens.count(record.name)
            XCTAssertEqual(count, expected, record.name)
            XCTAssertEqual(record.outcome, .failed)
            XCTAssertEqual(record.failure, scripted[record.name]!, record.name)
        }
    }

    func testATransientFailureThenSuccessAgainstTheVirtualDevice() async throws {
        let device = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        defer { _ = device.stop() }
        let opens = Counter()
        let factory = BatchTransportFactory(softap: { target in
            await opens.add(target.name)
            if await opens.count(target.name) == 1 { return FakeTransport { _ in throw ProvError.transport("connection reset") } }
            return try await target.transportSpec(requestTimeout: .seconds(10)).open()
        })
        let target = BatchDevice(index: 0, location: "", name: "flaky", transport: .http, service: device.serviceName,
                                 ssid: "HomeNet", passphrase: "secret123")
        let records = await BatchRunner(options: BatchOptions(retries: 1, retryDelay: .milliseconds(10)), transports: factory).run([target])
        XCTAssertEqual(records.first?.outcome, .provisioned, "\(records)\n\(device.stop())")
        XCTAssertEqual(records.first?.attempts, 2)
        XCTAssertNil(records.first?.failure)
        XCTAssertEqual(records.first?.ipAddress, "192.168.1.42")
    }

    func testADeviceThatHangsIsCutOffAtItsDeadlineAndClosed() async {
        let transports = TransportLog()
        let factory = BatchTransportFactory(softap: { _ in
            let transport = FakeTransport { _ in try await Task.sleep(for: .seconds(3600)); return [] }
            await transports.add(transport)
            return transport
        })
        let started = ContinuousClock.now
        let records = await BatchRunner(
            options: BatchOptions(jobs: 2, retries: 3, retryDelay: .milliseconds(50), deviceTimeout: .milliseconds(300)),
            transports: factory
        ).run(devices(2))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(30))
        for record in records {
            XCTAssertEqual(record.failure.map { ExitStatus(for: $0) }, .timeout)
            XCTAssertEqual(record.attempts, 1, "a deadline that has passed leaves no time for a retry")
        }
        let allClosed = await transports.allClosed()
        XCTAssertTrue(allClosed, "every transport is closed, timeouts included")
    }

    func testBLEWithoutATransportFailsEachDeviceClearly() async {
        let records = await BatchRunner(options: BatchOptions(), transports: BatchTransportFactory()).run(devices(2, transport: .ble))
        for record in records {
            XCTAssertEqual(record.failure.map { ExitStatus(for: $0) }, .unsupported)
            XCTAssertEqual(record.attempts, 1)
            XCTAssertTrue(record.failure?.description.contains("BLE") == true, "\(String(describing: record.failure))")
        }
    }

    func testBLEOpensTakeTurnsWhileExchangesOverlap() async {
        let opening = Meter(), exchanging = Meter()
        let factory = BatchTransportFactory(ble: { _ in
            await opening.enter()
            try await Task.sleep(for: .milliseconds(20))
            await opening.leave()
            return FakeTransport { _ in
                await exchanging.enter()
                await exchanging.waitForPeak(4, timeout: .seconds(10))
                await exchanging.leave()
                throw ProvError.authentication("scripted")
            }
        })
        _ = await BatchRunner(options: BatchOptions(jobs: 4, retries: 0), transports: factory).run(devices(8, transport: .ble))
        let opens = await opening.peak, exchanges = await exchanging.peak
        XCTAssertEqual(opens, 1, "discovery and connection are serialised on the adapter")
        XCTAssertEqual(exchanges, 4, "the rest runs concurrently")
    }

    func testAdapterLockSkipsACancelledWaiter() async throws {
        let lock = AdapterLock()
        let order = Counter()
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let holder = Task { try await lock.withLock { for await _ in released { break }; await order.add("holder") } }
        try await Task.sleep(for: .milliseconds(50))
        let cancelled = Task { try await lock.withLock { await order.add("cancelled") } }
        let waiter = Task { try await lock.withLock { await order.add("waiter") } }
        try await Task.sleep(for: .milliseconds(50))
        cancelled.cancel()
        let cancelledResult = await cancelled.result
        XCTAssertThrowsError(try cancelledResult.get()) { XCTAssertTrue($0 is CancellationError) }
        release.yield()
        try await holder.value
        try await waiter.value
        let names = await order.names
        XCTAssertEqual(names, ["holder", "waiter"])
    }

    func testRecordJSONLine() throws {
        let device = devices(1)[0]
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let record = BatchReportLine(BatchRecord(device: device, error: .wifiAuthFailed(ssid: "HomeNet"), attempts: 1,
                                                 ipAddress: nil, started: start, finished: start.addingTimeInterval(1.25)))
        XCTAssertEqual(record.jsonLine, """
            {"attempts":1,"error":"wifi_auth","exit_code":5,"finished_at":"2023-11-14T22:13:21.250Z","index":0,\
            "message":"wrong Wi-Fi password for 'HomeNet' (the access point rejected it)","name":"dev0","outcome":"failed",\
            "seconds":1.25,"service":"10.0.0.0:80","started_at":"2023-11-14T22:13:20.000Z","transport":"softap"}
            """)
        XCTAssertEqual(try JSONDecoder().decode(BatchReportLine.self, from: Data(record.jsonLine.utf8)), record)
    }
}

// MARK: Fakes

/// A transport whose every exchange runs `script`; it records being closed.
actor FakeTransport: ProvTransport {
    nonisolated let kind = TransportKind.http
    nonisolated var knownEndpoints: [String]? { get async { nil } }
    private let script: @Sendable (String) async throws -> [UInt8]
    private(set) var closed = false
    private var running: Task<[UInt8], Error>?

    init(_ script: @escaping @Sendable (String) async throws -> [UInt8]) {
        self.script = script
    }

    func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        let task = Task { [script] in try await script(endpoint) }
        running = task
        return try await task.value
    }

    /// Like a real link going down: whatever is waiting on the device fails.
    func close() async {
        closed = true
        running?.cancel()
    }
}

/// Counts how many are inside a section at once, and lets them wait for a given peak.
actor Meter {
    private(set) var current = 0
    private(set) var peak = 0

    func enter() {
        current += 1
        peak = max(peak, current)
    }

    func leave() { current -= 1 }

    /// Waits (bounded) until `target` were inside together at some point.
    nonisolated func waitForPeak(_ target: Int, timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while await peak < target, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

actor Counter {
    private(set) var names: [String] = []

    func add(_ name: String) { names.append(name) }

    func count(_ name: String) -> Int { names.filter { $0 == name }.count }
}

actor TransportLog {
    private var transports: [FakeTransport] = []

    func add(_ transport: FakeTransport) { transports.append(transport) }

    func allClosed() async -> Bool {
        for transport in transports where await !transport.closed { return false }
        return !transports.isEmpty
    }
}
