import Aggregation

/// Records of two partitions with mostly rising timestamps and some stragglers, ending with a record far in the
/// future on each partition so every real window closes without relying on the wall clock.
struct InputLog {
    struct Record {
        var partition: Int32
        var offset: Int64
        var room: String
        var emoji: String
        var timestamp: Int64
    }

    var partitions: [Int32: [Record]]
    var count: Int { partitions.values.map(\.count).reduce(0, +) }

    static func random(using random: inout SplitMix64) -> InputLog {
        let rooms: [Int32: [String]] = [0: ["a", "b"], 1: ["c"]]
        var partitions: [Int32: [Record]] = [:]
        for (partition, names) in rooms {
            var time: Int64 = 1_000_000
            var records: [Record] = []
            for offset in Int64(0)..<300 {
                time += Int64.random(in: 0...40, using: &random)
                let straggle = Int.random(in: 0..<10, using: &random) == 0 ? Int64.random(in: 0...400, using: &random) : 0
                records.append(Record(
                    partition: partition, offset: offset, room: names.randomElement(using: &random)!,
                    emoji: ["❤️", "😂", "🎉"].randomElement(using: &random)!, timestamp: time - straggle
                ))
            }
            records.append(Record(partition: partition, offset: 300, room: "end", emoji: "⏹", timestamp: time + 60_000))
            partitions[partition] = records
        }
        return InputLog(partitions: partitions)
    }
}

/// One aggregator run over the log, partitions interleaved at random, windows acknowledged one tick late.
struct Run {
    var windows: [WindowKey: ClosedWindow] = [:]
    var commits: [Int32: Int64] = [:]
    var counted = 0

    static func through(
        _ log: InputLog, from starts: [Int32: Int64], using random: inout SplitMix64, tickEvery: Int, stopAfter: Int?
    ) -> Run {
        var configuration = WindowConfiguration()
        configuration.windowMilliseconds = 100
        configuration.allowedLatenessMilliseconds = 150
        var aggregator = WindowAggregator(configuration: configuration)
        var run = Run()
        var positions = log.partitions.mapValues { _ in 0 }
        for (partition, offset) in starts { positions[partition] = Int(offset) }
        var unacknowledged: [WindowKey] = []
        var processed = 0

        func tick() {
            for key in unacknowledged { aggregator.windowDelivered(key) }
            // A constant clock: no partition ever looks idle, so nothing depends on wall-clock time.
            let output = aggregator.tick(now: 0)
            unacknowledged = output.windows.map(\.key)
            for window in output.windows { run.windows[window.key] = window }
            run.commits.merge(output.commits) { max($0, $1) }
        }

        while let partition = positions.filter({ $0.value < log.partitions[$0.key]!.count }).keys.randomElement(using: &random) {
            if let stopAfter, processed == stopAfter { return run }
            let record = log.partitions[partition]![positions[partition]!]
            positions[partition]! += 1
            let outcome = aggregator.recordReceived(
                partition: record.partition, offset: record.offset, room: record.room, emoji: record.emoji,
                timestamp: record.timestamp
            )
            if outcome == .counted && record.room != "end" { run.counted += 1 }
            processed += 1
            if processed % tickEvery == 0 { tick() }
        }
        tick()
        tick()
        return run
    }
}

/// A small seeded generator, so every failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
