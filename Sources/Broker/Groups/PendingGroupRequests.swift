import NIOCore
import Synchronization

/// JoinGroup and SyncGroup requests the coordinator holds until their rebalance phase completes.
///
/// A request is parked *before* it reaches the coordinator, so its answer arrives the same way whether the
/// coordinator answers it at once or later, while handling another member's request or a deadline.
final class PendingGroupRequests: Sendable {
    struct Parked: Sendable {
        let request: IncomingRequest
        let promise: EventLoopPromise<Answer>
    }

    private struct State {
        var nextID: UInt64 = 1
        var parked: [GroupRequestID: Parked] = [:]
    }

    private let state = Mutex(State())

    /// Parks a request under a fresh id.
    func park(_ request: IncomingRequest, promise: EventLoopPromise<Answer>) -> GroupRequestID {
        state.withLock { state in
            let id = GroupRequestID(state.nextID)
            state.nextID += 1
            state.parked[id] = Parked(request: request, promise: promise)
            return id
        }
    }

    /// Removes and returns a parked request; nil if it was already answered.
    func take(_ id: GroupRequestID) -> Parked? {
        state.withLock { $0.parked.removeValue(forKey: id) }
    }

    /// Removes every parked request, so shutdown can answer them.
    func takeAll() -> [Parked] {
        state.withLock { state in
            defer { state.parked = [:] }
            return Array(state.parked.values)
        }
    }
}
