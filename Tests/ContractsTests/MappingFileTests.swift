import CensusCore
import Contracts
import DataFiles
import XCTest

/// Mapping files: a profile for any other layout, with errors that name file and line.
final class MappingFileTests: XCTestCase {
    func testExampleMappingReadsItsLayout() throws {
        let profile = try ContractProfile.load(file: Fixture.path("custom-layout.mapping.yaml"))
        XCTAssertEqual(profile.dateOrder, .mdy)
        let result = try ContractImport.read(file: Fixture.path("custom-layout.csv"), profile: profile)
        XCTAssertEqual(result.profile, "custom-layout.mapping")
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.lines, [
            ContractLine(line: 2, name: "LAB-TC-01", deviceClass: .workstation, classText: "Thin Client", serial: "TC8H2J4K",
                         macs: [mac("00:e0:c5:01:02:03")], ip: ip("198.18.40.11"), plan: "Bronze", monthlyPrice: money("9.99"),
                         purchaseDate: day("2024-03-15"), warrantyEnd: day("2027-03-14"), currency: "$"),
            ContractLine(line: 3, name: "LAB-VM-DB", deviceClass: .server, classText: "Cloud VM", isVirtual: true,
                         ip: ip("198.18.40.20"), plan: "Silver", monthlyPrice: money("60.00"), purchaseDate: day("2023-11-01"), currency: "USD"),
            ContractLine(line: 4, name: "LAB-DOOR-1", deviceClass: .iot, classText: "Door Controller", serial: "PX1234567",
                         macs: [mac("00:1e:c0:aa:bb:cc")], ip: ip("198.18.40.30"), plan: "Bronze", monthlyPrice: money("4.00"),
                         purchaseDate: day("2022-12-31"), currency: "$"),
            ContractLine(line: 5, name: "LAB-SW-01", deviceClass: .switch, classText: "Switch", serial: "JAE9876ZYXW",
                         macs: [mac("70:1f:53:aa:00:01"), mac("70:1f:53:aa:00:02")], ip: ip("198.18.40.2"), plan: "Silver",
                         monthlyPrice: money("1020.00"), purchaseDate: day("2023-07-04"), warrantyEnd: day("2028-07-03"), currency: "$"),
        ])
    }

    func testListedFieldUsesOnlyItsColumnsOthersKeepTheBase() throws {
        let profile = try ContractProfile.parse("columns:\n  name: Asset Name\n", file: "m.yaml")
        let result = try ContractImport.read(text: "Name,Asset Name,Serial Number\nwrong,RIGHT,SN1\n", file: "t.csv", profile: profile)
        XCTAssertEqual(result.lines.first?.name, "RIGHT")
        XCTAssertEqual(result.lines.first?.serial, "SN1")
    }

    func testBaseNoneReadsOnlyTheListedColumns() throws {
        let profile = try ContractProfile.parse("base: none\ncolumns:\n  serial: S/N\n", file: "m.yaml")
        let result = try ContractImport.read(text: "Name,S/N\nH1,SN1\n", file: "t.csv", profile: profile)
        XCTAssertEqual(result.lines, [ContractLine(line: 2, serial: "SN1")])
    }

    func testPresetAsBase() throws {
        let profile = try ContractProfile.parse("base: halopsa\ndates: iso\n", file: "m.yaml")
        XCTAssertEqual(profile.columns[.name]?.first, "hostname")
        XCTAssertEqual(profile.dateOrder, .iso)
    }

    private func mappingError(_ text: String) -> DataFileError? {
        do {
            _ = try ContractProfile.parse(text, file: "map.yaml")
            return nil
        } catch {
            return error
        }
    }

    func testMistakesNameFileAndLine() {
        XCTAssertEqual(mappingError("columns:\n  name: Asset\n  serail: S/N\n")?.line, 3)
        XCTAssertTrue(mappingError("columns:\n  name: Asset\n  serail: S/N\n")!.description.hasPrefix("map.yaml:3"))
        XCTAssertTrue(mappingError("columns:\n  name: Asset\n  serail: S/N\n")!.message.contains("unknown key 'serail'"))

        let badClass = mappingError("columns:\n  name: Asset\nclasses:\n  Thin Client: thin-client\n")
        XCTAssertEqual(badClass?.line, 4)
        XCTAssertTrue(badClass?.message.hasPrefix("unknown class 'thin-client' (expected one of: router, switch") == true)

        let badDates = mappingError("dates: ymd\n")
        XCTAssertEqual(badDates?.line, 1)
        XCTAssertEqual(badDates?.message, "dates must be dmy, mdy or iso, not 'ymd'")

        XCTAssertEqual(mappingError("base: kaseya\n")?.message, "unknown base 'kaseya' (expected one of: generic, connectwise, autotask, halopsa, none)")
        XCTAssertEqual(mappingError("base: none\ncolumns:\n  client: Customer\n")?.message,
                       "no column for name, serial, mac or ip (or quantity with class): nothing would identify a device")
        XCTAssertEqual(mappingError("classes:\n  Cloud VM: { class: server, virtal: true }\n")?.line, 2)
        XCTAssertNotNil(mappingError("columns: [name]\n"))
    }

    func testMissingMappingFile() {
        XCTAssertThrowsError(try ContractProfile.load(file: "/nonexistent/map.yaml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/map.yaml: cannot read"), "\(error)")
        }
    }
}
