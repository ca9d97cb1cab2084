import Dispatch
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import LogStorage

@Suite struct IdempotentAppendTests {
    private func withLog(_ body: (LogManager, PartitionLog) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        try body(manager, try #require(manager.log(topic: "t", partition: 0)))
    }

    @Test func consecutiveSequencesAreAccepted() throws {
        try withLog { _, log in
            let first = try log.append(IdempotentRecords.batch(producerId: 7, sequence: 0, count: 3))
            let second = try log.append(IdempotentRecords.batch(producerId: 7, sequence: 3, count: 2))
            #expect(first.baseOffset == 0 && first.lastOffset == 2 && !first.isDuplicate)
            #expect(second.baseOffset == 3 && second.lastOffset == 4 && !second.isDuplicate)
            #expect(log.logEndOffset == 5)
        }
    }

    @Test func aRetriedBatchGetsItsOriginalOffsetsAndIsNotWrittenAgain() throws {
        try withLog { _, log in
            _ = try log.append(IdempotentRecords.batch(producerId: 7, sequence: 0, count: 3))
            _ = try log.append(TestRecords.batch(count: 2))  // another, non-idempotent producer
            _ = try log.append(IdempotentRecords.batch(producerId: 7, sequence: 3, count: 1))
            let size = log.sizeInBytes

            let retry = try log.append(IdempotentRecords.batch(producerId: 7, sequence: 0, count: 3))
            #expect(retry.isDuplicate)
            #expect(retry.baseOffset == 0 && retry.lastOffset == 2)
            let retryOfLast = try log.append(IdempotentRecords.batch(producerId: 7, sequence: 3, count: 1))
            #expect(retryOfLast.isDuplicate && retryOfLast.baseOffset == 5 && retryOfLast.lastOffset == 5)

            #expect(log.sizeInBytes == size)
            #expect(log.logEndOffset == 6)
            #expect(try TestRecords.readAll(log).map(\.baseOffset) == [0, 3, 5])
            #expect(try log.append(IdempotentRecords.batch(producerId: 7, sequence: 4)).baseOffset == 6)
        }
    }

    @Test func onlyTheLastFiveBatchesAreRecognisedAsDuplicates() throws {
        try withLog { _, log in
            for sequence in 0..<6 {
                _ = try log.append(IdempotentRecords.batch(producerId: 1, sequence: Int32(sequence)))
            }
            for sequence in 1..<6 {
                let retry = try log.append(IdempotentRecords.batch(producerId: 1, sequence: Int32(sequence)))
                #expect(retry.isDuplicate && retry.baseOffset == Int64(sequence))
            }
            let tooOld = IdempotentRecords.errorCode { _ = try log.append(IdempotentRecords.batch(producerId: 1, sequence: 0)) }
            #expect(tooOld == 45)
            #expect(log.logEndOffset == 6)
        }
    }

    /// After sequences 0-2: a gap, overlaps that match no cached batch, and a negative sequence.
    @Test(arguments: [4, 2, 1, 0, -1] as [Int32])
    func aSequenceThatDoesNotFollowIsRejectedAndNothingIsWritten(sequence: Int32) throws {
        try withLog { _, log in
            _ = try log.append(IdempotentRecords.batch(producerId: 3, sequence: 0, count: 3))
            let code = IdempotentRecords.errorCode {
                _ = try log.append(IdempotentRecords.batch(producerId: 3, sequence: sequence, count: 2))
            }
            #expect(code == 45)
            #expect(log.logEndOffset == 3)
            #expect(try log.append(IdempotentRecords.batch(producerId: 3, sequence: 3)).baseOffset == 3)
        }
    }

    @Test func aNewEpochStartsAtZeroAndFencesTheOldOne() throws {
        try withLog { _, log in
            _ = try log.append(IdempotentRecords.batch(producerId: 5, epoch: 0, sequence: 0, count: 4))
            let notAtZero = IdempotentRecords.errorCode {
                _ = try log.append(IdempotentRecords.batch(producerId: 5, epoch: 1, sequence: 4))
            }
            #expect(notAtZero == 45)
            #expect(try log.append(IdempotentRecords.batch(producerId: 5, epoch: 1, sequence: 0)).baseOffset == 4)
            let fenced = IdempotentRecords.errorCode {
                _ = try log.append(IdempotentRecords.batch(producerId: 5, epoch: 0, sequence: 4))
            }
            #expect(fenced == 47)
            // The old epoch's batches are forgotten: a retry of one is no longer a duplicate.
            let oldRetry = IdempotentRecords.errorCode {
                _ = try log.append(IdempotentRecords.batch(producerId: 5, epoch: 0, sequence: 0, count: 4))
            }
            #expect(oldRetry == 47)
            #expect(try log.append(IdempotentRecords.batch(producerId: 5, epoch: 1, sequence: 1)).baseOffset == 5)
        }
    }

    @Test func anUnknownProducerMayStartAtAnySequence() throws {
        try withLog { _, log throws in
            #expect(try log.append(IdempotentRecords.batch(producerId: 9, sequence: 41, count: 2)).baseOffset == 0)
            #expect(try log.append(IdempotentRecords.batch(producerId: 9, sequence: 43)).baseOffset == 2)
            #expect(IdempotentRecords.errorCode { _ = try log.append(IdempotentRecords.batch(producerId: 9, sequence: 0)) } == 45)
        }
    }

    @Test func sequencesWrapFromInt32MaxToZero() throws {
        try withLog { _, log in
            _ = try log.append(IdempotentRecords.batch(producerId: 2, sequence: Int32.max - 1, count: 2))
            let wrapped = try log.append(IdempotentRecords.batch(producerId: 2, sequence: 0, count: 1))
            #expect(!wrapped.isDuplicate && wrapped.baseOffset == 2)
            #expect(try log.append(IdempotentRecords.batch(producerId: 2, sequence: Int32.max - 1, count: 2)).isDuplicate)
        }
    }

    @Test func batchesOfOneAppendAreCheckedInOrderAndAllOrNothing() throws {
        try withLog { _, log in
            let accepted = try log.append(IdempotentRecords.blob([
                IdempotentRecords.batch(producerId: 4, sequence: 0, count: 2),
                IdempotentRecords.batch(producerId: 4, sequence: 2, count: 1),
                IdempotentRecords.batch(producerId: 8, sequence: 0, count: 1),
            ]))
            #expect(accepted.baseOffset == 0 && accepted.lastOffset == 3)
            let gap = IdempotentRecords.errorCode {
                _ = try log.append(IdempotentRecords.blob([
                    IdempotentRecords.batch(producerId: 4, sequence: 3),
                    IdempotentRecords.batch(producerId: 4, sequence: 5),
                ]))
            }
            #expect(gap == 45)
            let twice = IdempotentRecords.errorCode {
                _ = try log.append(IdempotentRecords.blob([
                    IdempotentRecords.batch(producerId: 8, sequence: 1), IdempotentRecords.batch(producerId: 8, sequence: 1),
                ]))
            }
            #expect(twice == 45)
            #expect(log.logEndOffset == 4)
            #expect(try log.append(IdempotentRecords.batch(producerId: 4, sequence: 3)).baseOffset == 4)
        }
    }

    @Test func concurrentProducersWithRetriesEachLandExactlyOnce() throws {
        try withLog { _, log in
            let producers = 8
            let batchesEach = 150
            let duplicates = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: producers) { producer in
                for sequence in 0..<batchesEach {
                    // Every batch is sent twice, as a producer whose first answer was lost would.
                    for _ in 0..<2 {
                        let batch = IdempotentRecords.batch(producerId: Int64(producer), sequence: Int32(sequence * 2), count: 2)
                        if let result = try? log.append(batch), result.isDuplicate {
                            duplicates.withLock { $0 += 1 }
                        }
                    }
                }
            }
            #expect(duplicates.withLock { $0 } == producers * batchesEach)
            #expect(log.logEndOffset == Int64(producers * batchesEach * 2))
            let headers = try TestRecords.readAll(log)
            #expect(headers.count == producers * batchesEach)
            for producer in 0..<producers {
                let sequences = headers.filter { $0.producerId == Int64(producer) }.map(\.baseSequence)
                #expect(sequences == (0..<batchesEach).map { Int32($0 * 2) })
            }
        }
    }
}
