import DataFiles
import Foundation

/// The path of a folder of the data that ships with Census (`Data/<name>`).
func bundledDataFolder(_ name: String) throws(DataFileError) -> String {
    guard let data = Bundle.module.url(forResource: "Data", withExtension: nil) else {
        throw DataFileError(file: "Data/\(name)", line: 0, message: "the built-in lifecycle data is missing from the installation")
    }
    return data.appendingPathComponent(name).path
}
