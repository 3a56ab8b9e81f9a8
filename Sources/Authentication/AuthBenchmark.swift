import Foundation

/// Measures full auth-chain verification (JSON parsing, two personal_sign recoveries, checks) on the calling
/// thread, with a recorded three-link chain and a clock fixed at its timestamp.
/// - Parameter iterations: how many verifications to time (after one untimed warm-up that builds the G table).
/// - Returns: verifications per second of wall-clock time, the iterations run, the elapsed wall-clock seconds,
///   the CPU seconds this thread used meanwhile (on a busy machine `iterations / cpuSeconds` is the better
///   per-core figure), and how many verifications failed (always 0 unless the verifier is broken).
public func benchmarkAuthChainVerification(iterations: Int = 2000)
    -> (verificationsPerSecond: Double, iterations: Int, seconds: Double, cpuSeconds: Double, failures: Int)
{
    let credential = Array(BenchmarkChain.credential.utf8)
    let verifier = AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: BenchmarkChain.timestamp))
    var failures = 0
    func verifyOnce() {
        do {
            let chain = try AuthChain(json: credential)
            _ = try verifier.verifySynchronously(chain)
        } catch {
            failures += 1
        }
    }
    verifyOnce()
    failures = 0
    let count = max(1, iterations)
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    for _ in 0..<count { verifyOnce() }
    let cpuSeconds = threadCPUSeconds() - cpuStart
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (seconds > 0 ? Double(count) / seconds : 0, count, seconds, cpuSeconds, failures)
}

/// CPU time consumed by the calling thread, in seconds.
private func threadCPUSeconds() -> Double {
    var now = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0 else { return 0 }
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// A chain made by eth-account (Tests/Support/auth_make_chains.py, seed "socialbridge-fixture", case good_v27_28).
enum BenchmarkChain {
    static let timestamp: Int64 = 1_767_225_600_000
    static let owner = "0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8"
    static let credential = #"""
    {"x-identity-auth-chain-0": "{\"type\":\"SIGNER\",\"payload\":\"0xc00D4b0CE5689033E97E77c2a02b7dbb7354FAc8\",\"signature\":\"\"}", "x-identity-auth-chain-1": "{\"type\":\"ECDSA_EPHEMERAL\",\"payload\":\"Decentraland Login\\nEphemeral address: 0x7B69917C2c74112B90bc7FDc12C44Aa5Dbee96f8\\nExpiration: 2026-01-01T01:00:00.000Z\",\"signature\":\"0xdfb82e73aaae8e82b517fd8d81e946d5ce35d99ebff6a5c0108c162b5699836e25656340dac4babf6822673a5a7b501100784db0156ecbd5af797bb79905983b1c\"}", "x-identity-auth-chain-2": "{\"type\":\"ECDSA_SIGNED_ENTITY\",\"payload\":\"get:/:1767225600000:{}\",\"signature\":\"0xbab39487da77a612f1b9b809b863979f62f40610deee58382be53d1393d0736f7f30f58d9fcf3f0b82a886b3357eda518c80d8ed50a94152a778c0887e8828fb1c\"}", "x-identity-timestamp": "1767225600000", "x-identity-metadata": "{}"}
    """#
}
