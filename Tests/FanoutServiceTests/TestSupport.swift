import EmoStreamCore
import FanoutProtocol
import Foundation
import Logging

/// The HMAC key the tests' subscribers share with the "gateway" that signs tokens here.
let testSecret = "fanout-test-secret"

/// A token the gateway would issue to `clientID` for subscriber (cluster, subscriber).
func token(
    for clientID: String, cluster: Int = 0, subscriber: Int = 0, secret: String = testSecret, validFor seconds: Int64 = 3_600
) -> String {
    let now = Int64(Date().timeIntervalSince1970)
    return ClientToken(clientID: clientID, clusterID: cluster, subscriberID: subscriber, expiresAt: now + seconds)
        .signed(secret: secret)
}

/// A window as the aggregator would write it; `padding` extra emoji make it large (for slow-client tests).
///
/// Window times follow seq (2 s apart) unless `start` is given, so histories age windows out as in production.
func makeWindow(
    room: String, seq: Int64, emoji: [String: UInt64] = ["❤️": 3785, "😂": 10], padding: Int = 0, start: Int64? = nil
) -> FanoutFrame.Window {
    var counts = emoji
    for index in 0..<padding { counts["pad-\(index)"] = 1 }
    let entries = counts.map { FanoutFrame.Window.Entry(emoji: $0.key, count: $0.value, scaled: UInt32(($0.value + 999) / 1_000)) }
        .sorted { $0.emoji.utf8.lexicographicallyPrecedes($1.emoji.utf8) }
    let start = start ?? 1_700_000_000_000 + seq * 2_000
    return FanoutFrame.Window(
        room: room, seq: seq, windowStart: start, windowEnd: start + 2_000,
        total: counts.values.reduce(0, +), entries: entries
    )
}
