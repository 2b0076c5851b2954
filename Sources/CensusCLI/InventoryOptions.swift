import ArgumentParser
import CensusConfig
import DeviceModel
import SQLiteStore

/// Which client's inventory, and where it is kept: shared by the commands that read or change
/// stored scans and devices. The database is --db, else the configuration's, else the default.
struct InventoryOptions: ParsableArguments {
    @Option(name: .long, help: "Client (default: \(ScanRecord.unassignedClient), where scans naming no client are filed).")
    var client: String?

    @OptionGroup var database: DatabaseOptions

    /// The client devices are filed under.
    var clientName: String { client ?? ScanRecord.unassignedClient }
}

/// Where the store is: --db, else `defaults.db` of the configuration file, else the default place.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database. Default: the configuration's defaults.db, else \(SQLiteStore.defaultPath).")
    var db: String?

    @OptionGroup var configOptions: ConfigOptions

    func path() throws -> String { try db ?? configOptions.load().defaults.database ?? SQLiteStore.defaultPath }

    func open() throws -> SQLiteStore { try openStore(path()) }
}
