import ArgumentParser
import CensusConfig
import DeviceModel
import Foundation
import Inventory
import SQLiteStore

/// Which client's inventory, and where it is kept: shared by the commands that read or change
/// stored scans and devices. The database is --db, else the configuration's, else the default.
struct InventoryOptions: ParsableArguments {
    @Option(name: .long, help: "Client (default: \(ScanRecord.unassignedClient), where scans naming no client are filed).")
    var client: String?

    @OptionGroup var database: DatabaseOptions

    /// The client devices are filed under.
    var clientName: String { client ?? ScanRecord.unassignedClient }

    /// The store, for a command that reads a client's inventory: the database must exist and
    /// hold scans of the client (and of `site`, when given), else a usage error names the ones it
    /// does hold. A mistyped name or path is never taken for a client with nothing to show.
    func openClient(site: String? = nil) async throws -> SQLiteStore {
        let store = try await database.openExisting()
        let scans = try store.scans(client: nil, site: nil)
        let path = try database.path()
        let clients = Set(scans.map(\.client)).sorted()
        guard clients.contains(where: { isSameClient($0, clientName) }) else {
            let known = clients.isEmpty ? "it holds no scans yet" : "clients: \(clients.joined(separator: ", "))"
            let nearly = clients.first { $0.lowercased() == clientName.lowercased().trimmingCharacters(in: .whitespaces) }
            throw CensusFailure("no scans of client '\(clientName)' in \(path)\(nearly.map { " (did you mean '\($0)'?)" } ?? ""); \(known)",
                                exitCode: CensusFailure.usage)
        }
        if let site {
            let sites = Set(scans.filter { isSameClient($0.client, clientName) }.compactMap(\.site)).sorted()
            guard sites.contains(where: { isSameSite($0, site) }) else {
                throw CensusFailure("client '\(clientName)' has no scans of site '\(site)' in \(path); sites: \(sites.isEmpty ? "none named" : sites.joined(separator: ", "))",
                                    exitCode: CensusFailure.usage)
            }
        }
        return store
    }
}

/// Where the store is: --db, else `defaults.db` of the configuration file, else the default place.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database. Default: the configuration's defaults.db, else \(SQLiteStore.defaultPath).")
    var db: String?

    @OptionGroup var configOptions: ConfigOptions

    /// The configuration is read (and checked) even when --db is given: a broken --config or
    /// $CENSUS_CONFIG is said, not passed over.
    func path() throws -> String {
        let configured = try configOptions.load().defaults.database
        return db ?? configured ?? SQLiteStore.defaultPath
    }

    func open() throws -> SQLiteStore { try openStore(path()) }

    /// The store of a command that only adds data beside the scans (lifecycle data): a new
    /// database is made, and said, so a mistyped --db is seen at once.
    func openSayingNew(for what: String) throws -> SQLiteStore {
        let path = try path()
        let isNew = !FileManager.default.fileExists(atPath: path)
        let store = try openStore(path)
        if isNew { Terminal.error("census: no database at \(path): a new one is made for \(what) (--db names another)") }
        return store
    }

    /// The store of a command that only reads (or changes what is there): a database that does
    /// not exist is an error (exit 65), never a new empty one.
    func openExisting() async throws -> SQLiteStore {
        let path = try path()
        guard FileManager.default.fileExists(atPath: path) else {
            throw CensusFailure("no database at \(path) (scan, discover or import create one; --db names another)",
                                exitCode: CensusFailure.dataError)
        }
        let store = try openStore(path)
        try await fileLeftScans(in: store)
        return store
    }

    /// Files the hosts of scans whose process was killed after storing them (`kill -9` mid-scan;
    /// opening closed those scans as partial): their devices would otherwise look gone to `diff`.
    private func fileLeftScans(in store: SQLiteStore) async throws {
        guard let unfiled = try? store.unfiledScans(), !unfiled.isEmpty else { return }
        for id in unfiled {
            do { try await DeviceFiler().fileStored(scanId: id, in: store) } catch {
                Terminal.error("census: warning: scan \(id)'s hosts could not be filed under devices: \(error)")
                continue
            }
            Terminal.error("census: scan \(id), stopped before its hosts were filed under devices, is filed now")
        }
    }
}
