import ArgumentParser
import CensusStore

/// Which client's inventory, and where it is kept: shared by devices, diff, merge and split.
struct InventoryOptions: ParsableArguments {
    @Option(name: .long, help: "Client (default: scans filed under no client).")
    var client: String?

    @Option(name: .long, help: "SQLite database.")
    var db: String = CensusStore.defaultPath

    /// The client name devices are filed under.
    var clientName: String { client ?? DeviceTracking.defaultClient }
}
