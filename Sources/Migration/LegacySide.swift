import Foundation
import SocialDomain

/// The legacy side as `migrate` and `diff` both see it: one code path, so a pair's derivation is the same
/// whichever command asks.
///
/// `prepare` is the preflight (whoami, layout, `--users`, `--blocks`: everything that can refuse before any
/// long read); `derive` runs the read phases of §8.8 (1)–(5) and the reconciliation of §4.4, restricted to
/// pairs with a listed member.
struct LegacySide: Sendable {
    /// The layout in force (mapping and server names).
    let layout: LegacyLayout
    /// `--users` as addresses, `nil` when unrestricted.
    let restriction: Set<Address>?
    /// The `--blocks` file, parsed, when one was given.
    let profileBlocks: ProfileBlocks?

    /// What the read phases and the reconciliation produced.
    struct Derived: Sendable {
        /// Everything the read phases learnt.
        var scan: LegacyScan
        /// One decision per pair with a candidate (and a listed member), in pair order.
        var decisions: [PairDecision]
    }

    /// The preflight: learns the server name, reads the restriction and the blocks file.
    /// - Throws: `MigrationError` (`.homeserver`, `.noServerName`, `.usersFile`, `.blocksFile`).
    static func prepare(homeserver: any LegacyHomeserver, options: MigrationOptions) async throws -> LegacySide {
        let adminID: String
        do { adminID = try await homeserver.whoami() } catch let error as HomeserverReadError { throw MigrationError.homeserver(error) }
        let layout = LegacyLayout(mapping: options.mapping, override: options.serverName, whoamiUserID: adminID)
        guard !layout.serverName.isEmpty else { throw MigrationError.noServerName(adminID) }
        let restriction = try options.restriction(layout: layout)
        var profileBlocks: ProfileBlocks?
        if let data = options.blocksFile {
            do { profileBlocks = try ProfileBlocks.parse(data, layout: layout) } catch { throw MigrationError.blocksFile(error) }
        }
        return LegacySide(layout: layout, restriction: restriction, profileBlocks: profileBlocks)
    }

    /// Whether `pair` is in scope (`--users`: a listed member).
    func includes(_ pair: AddressPair) -> Bool {
        restriction.map { $0.contains(pair.lo) || $0.contains(pair.hi) } ?? true
    }

    /// The profile blocks in scope (`--users`: made by a listed user), ordered by (blocker, blocked).
    var blocks: [ProfileBlocks.Block] {
        (profileBlocks?.blocks ?? []).filter { restriction?.contains($0.blocker) ?? true }
    }

    /// Reads the homeserver and reconciles every pair in scope.
    /// - Parameters:
    ///   - homeserver: the legacy reads.
    ///   - concurrency: reads in flight at once.
    ///   - meter: progress.
    ///   - report: counts, skipped rooms and timings of the read phases and `reconcile`; `pairsTotal`.
    /// - Throws: `MigrationError` when the reads must stop (refused token, unpageable lists).
    func derive(homeserver: any LegacyHomeserver, concurrency: Int, meter: ProgressMeter,
                report: inout MigrationReport) async throws -> Derived {
        let reader = LegacyReader(homeserver: homeserver, layout: layout, concurrency: concurrency, meter: meter)
        let scan = try await reader.scan(restriction: restriction, report: &report)
        let phase = Date()
        let candidates = scan.derivations.compactMap(\.candidate).filter { includes($0.pair) }
        let decisions = PairReconciler(layout: layout).reconcile(candidates)
        report.pairsTotal = decisions.count
        report.timings["reconcile"] = Date().timeIntervalSince(phase)
        return Derived(scan: scan, decisions: decisions)
    }
}
