import Foundation
import Synchronization

/// Turns the first Ctrl-C (or SIGTERM) into a clean stop; a second one exits at once.
/// Traps nest: the latest one gets the signal. With no trap set, a signal exits at once.
final class InterruptTrap: @unchecked Sendable {
    private struct Handler {
        let id: Int
        let onStop: @Sendable () -> Void
        let isStopped: @Sendable () -> Bool
    }

    /// One set of signal sources for the whole process: libdispatch does not reliably deliver
    /// a signal to a source made after an earlier one for it was cancelled.
    private static let handlers = Mutex<(next: Int, stack: [Handler])>((0, []))
    nonisolated(unsafe) private static let sources: [DispatchSourceSignal] = {
        let queue = DispatchQueue(label: "census.signals")
        return [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                guard let handler = handlers.withLock({ $0.stack.last }) else { exit(CensusFailure.interrupted) }
                if handler.isStopped() { exit(CensusFailure.interrupted) }
                Terminal.error("\ncensus: stopping; keeping what was found (press Ctrl-C again to quit at once)")
                handler.onStop()
            }
            source.resume()
            return source
        }
    }()

    private let id: Int

    init(onStop: @escaping @Sendable () -> Void, isStopped: @escaping @Sendable () -> Bool) {
        _ = Self.sources
        id = Self.handlers.withLock { state in
            state.next += 1
            state.stack.append(Handler(id: state.next, onStop: onStop, isStopped: isStopped))
            return state.next
        }
    }

    func release() {
        Self.handlers.withLock { state in state.stack.removeAll { $0.id == id } }
    }
}

/// Runs `body` as a task that the first Ctrl-C (or SIGTERM) cancels: engines stop cleanly and
/// return what they found. A second signal exits at once.
func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let stopped = Atomic<Bool>(false)
    let work = Task { try await body() }
    let trap = InterruptTrap(onStop: { stopped.store(true, ordering: .relaxed); work.cancel() },
                             isStopped: { stopped.load(ordering: .relaxed) })
    defer { trap.release() }
    return try await work.value
}
