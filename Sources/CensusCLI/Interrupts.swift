import Foundation
import Synchronization

/// Turns the first Ctrl-C, SIGTERM or SIGHUP into a clean stop: what was found is stored and
/// printed, and the command exits 130. A second signal does not cut that short (exit 130 always
/// means the results were kept): it only says so; a third quits at once, exit 1, without them.
/// Traps nest: the latest one gets the signal. With no trap set, nothing is in progress and a
/// signal exits 130 at once.
final class InterruptTrap: @unchecked Sendable {
    private struct Handler {
        let id: Int
        let onStop: @Sendable () -> Void
        var signals = 0
    }

    private enum Action { case exit, stop(@Sendable () -> Void), wait, quit }

    /// The signals that stop a command cleanly: Ctrl-C, `kill`, and a closed terminal or session.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// One set of signal sources for the whole process: libdispatch does not reliably deliver
    /// a signal to a source made after an earlier one for it was cancelled.
    private static let handlers = Mutex<(next: Int, stack: [Handler])>((0, []))
    nonisolated(unsafe) private static let sources: [DispatchSourceSignal] = {
        let queue = DispatchQueue(label: "census.signals")
        return signals.map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                let action = handlers.withLock { state -> Action in
                    guard let top = state.stack.indices.last else { return .exit }
                    state.stack[top].signals += 1
                    switch state.stack[top].signals {
                    case 1: return .stop(state.stack[top].onStop)
                    case 2: return .wait
                    default: return .quit
                    }
                }
                switch action {
                case .exit:
                    exit(CensusFailure.interrupted)
                case .stop(let onStop):
                    Terminal.error("\ncensus: stopping; keeping what was found")
                    onStop()
                case .wait:
                    Terminal.error("census: still finishing (the requests in flight, then storing what was found); interrupt once more to quit without it")
                case .quit:
                    Terminal.error("census: quit before what was found was stored; an unfinished scan is closed the next time the database is opened")
                    exit(1)
                }
            }
            source.resume()
            return source
        }
    }()

    private let id: Int

    init(onStop: @escaping @Sendable () -> Void) {
        _ = Self.sources
        id = Self.handlers.withLock { state in
            state.next += 1
            state.stack.append(Handler(id: state.next, onStop: onStop))
            return state.next
        }
    }

    func release() {
        Self.handlers.withLock { state in state.stack.removeAll { $0.id == id } }
    }
}

/// Runs `body` as a task that the first Ctrl-C (SIGTERM, SIGHUP) cancels: engines stop cleanly
/// and return what they found, and `body` keeps it (stores it, or writes a recovery file)
/// before this returns. A second signal waits for that; a third quits at once.
func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let work = Task { try await body() }
    let trap = InterruptTrap(onStop: { work.cancel() })
    defer { trap.release() }
    return try await work.value
}
