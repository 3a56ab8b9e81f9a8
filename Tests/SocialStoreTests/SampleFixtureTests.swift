import Foundation
import Testing
@testable import SocialStore
import BridgeTestSupport

@Suite struct SampleFixtureTests {
    static var fixturePath: URL { TestEnvironment.repositoryRoot.appendingPathComponent("fixtures/sample.sqlite") }

    @Test func generatorExportsTheDocumentedJSON() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("sample.sqlite").path
        try SampleDatabase.write(to: path)
        do {
            let store = try SocialStore(path: path, options: .readOnly)
            #expect(try store.snapshot().json() == SampleDatabase.exportJSON)
        }
        if ProcessInfo.processInfo.environment["SOCIALBRIDGE_WRITE_FIXTURES"] == "1" {
            // A rollback-journal file is self-contained and opens read-only without creating -wal/-shm files.
            do {
                let database = try Database(path: path, readOnly: false, create: false, busyTimeoutMilliseconds: 1_000)
                #expect(try database.scalarText("PRAGMA journal_mode = DELETE") == "delete")
            }
            try? FileManager.default.removeItem(at: Self.fixturePath)
            try FileManager.default.createDirectory(at: Self.fixturePath.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: path, toPath: Self.fixturePath.path)
        }
    }

    @Test func committedFixtureMatchesTheGenerator() throws {
        // Read a copy so the test never leaves -wal/-shm files in the repository.
        let directory = try makeTemporaryDirectory()
        let copy = directory.appendingPathComponent("sample.sqlite")
        try FileManager.default.copyItem(at: Self.fixturePath, to: copy)
        let store = try SocialStore(path: copy.path, options: .readOnly)
        #expect(try store.snapshot().json() == SampleDatabase.exportJSON)
    }
}
