import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock (flock) on a folder, held while a database in it is created and migrated,
/// so processes opening one new database at once take turns. Where the folder cannot be
/// locked (a file system without flock), or the lock is not free in time, the work runs anyway.
enum FolderLock {
    static func holding<T>(_ folder: String, for timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        let deadline = Date().addingTimeInterval(timeout)
        var locked = false
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { locked = true; break }
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else { break }
            usleep(5_000)
        }
        defer { if locked { flock(fd, LOCK_UN) } }
        return try body()
    }
}
