@testable import Gateway
import Testing

@Suite("Token bucket rate limit")
struct TokenBucketLimiterTests {
    @Test func allowsTheBurstThenLimitsWithARetryAfter() {
        var limiter = TokenBucketLimiter(ratePerSecond: 2, burst: 3)
        for _ in 0..<3 { #expect(limiter.admit("alice", now: 0) == .allowed) }
        #expect(limiter.admit("alice", now: 0) == .limited(retryAfterSeconds: 1))
        // Other keys have their own bucket.
        #expect(limiter.admit("bob", now: 0) == .allowed)
    }

    @Test func refillsAtTheRate() {
        var limiter = TokenBucketLimiter(ratePerSecond: 2, burst: 2)
        #expect(limiter.admit("alice", cost: 2, now: 10) == .allowed)
        #expect(limiter.admit("alice", now: 10.1) != .allowed)
        #expect(limiter.admit("alice", now: 10.5) == .allowed)
        #expect(limiter.admit("alice", now: 10.5) != .allowed)
        // Never more than the burst, however long the key was idle.
        #expect(limiter.admit("alice", cost: 2, now: 1_000) == .allowed)
        #expect(limiter.admit("alice", now: 1_000) != .allowed)
    }

    @Test func retryAfterCoversTheMissingTokens() {
        var limiter = TokenBucketLimiter(ratePerSecond: 0.5, burst: 2)
        #expect(limiter.admit("alice", cost: 2, now: 0) == .allowed)
        #expect(limiter.admit("alice", cost: 2, now: 0) == .limited(retryAfterSeconds: 4))
    }

    @Test func aBatchIsAdmittedForAllKeysOrNone() {
        var limiter = TokenBucketLimiter(ratePerSecond: 1, burst: 2)
        #expect(limiter.admit("bob", cost: 2, now: 0) == .allowed)
        #expect(limiter.admit(["alice": 1, "bob": 1], now: 0) != .allowed)
        // Alice was not charged for the refused batch.
        #expect(limiter.admit("alice", cost: 2, now: 0) == .allowed)
    }

    @Test func forgetsFullBucketsBeyondTheKeyLimit() {
        var limiter = TokenBucketLimiter(ratePerSecond: 1, burst: 1, maxTrackedKeys: 10)
        for index in 0..<10 { _ = limiter.admit("user\(index)", now: 0) }
        #expect(limiter.trackedKeys == 10)
        _ = limiter.admit("late", now: 100)
        #expect(limiter.trackedKeys == 1)
    }
}
