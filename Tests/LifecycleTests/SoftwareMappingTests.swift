import CensusCore
@testable import Lifecycle
import XCTest

/// Identification → product and release cycle, with real version strings: the sysDescr of the
/// snmpsim-data and DataDog recordings, the identification catalog's own examples, and public ones.
final class SoftwareMappingTests: XCTestCase {
    var judge: LifecycleJudge!
    let asOf = day("2026-11-30")

    override func setUpWithError() throws {
        judge = LifecycleJudge(software: try SharedData.lifecycles(), hardware: HardwareCatalog())
    }

    func verdict(os: String?, version: String? = nil, family: String? = nil, sysDescr: String? = nil) -> SoftwareVerdict {
        judge.softwareVerdict(for: Identification(os: os, version: version, family: family), sysDescr: sysDescr, asOf: asOf)
    }

    func assertCycle(_ verdict: SoftwareVerdict, _ product: String, _ cycle: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(verdict.product, product, file: file, line: line)
        XCTAssertEqual(verdict.cycle, cycle, file: file, line: line)
        XCTAssertNotEqual(verdict.status, .unknown, verdict.reason ?? "", file: file, line: line)
        XCTAssertNotNil(verdict.eol, file: file, line: line)
        XCTAssertEqual(verdict.source, "endoflife.date snapshot 2026-11-30", file: file, line: line)
    }

    func testFortiOSAndPANOSTakeMajorMinor() {
        assertCycle(verdict(os: "FortiOS", version: "7.2.5"), "fortios", "7.2")
        assertCycle(verdict(os: "FortiOS", version: "7.2.6"), "fortios", "7.2")
        XCTAssertEqual(verdict(os: "FortiOS", version: "7.2.6").eol, .on(day("2026-09-30")))
        XCTAssertEqual(verdict(os: "FortiOS", version: "7.2.6").status, .pastEOL)
        // DataDog's FortiGate recording: fgSysVersion "v5.6.4,build1575b1575,180425 (GA)", tidied to 5.6.4.
        let old = verdict(os: "FortiOS", version: "5.6.4")
        XCTAssertEqual(old.status, .unknown)
        XCTAssertEqual(old.reason, "no cycle 5.6 in the fortios data (endoflife.date snapshot 2026-11-30)")
        assertCycle(verdict(os: "PAN-OS", version: "10.1.3"), "pan-os", "10.1")
        assertCycle(verdict(os: "PAN-OS", version: "8.0.1"), "pan-os", "8.0")
    }

    func testCiscoTrains() {
        assertCycle(verdict(os: "IOS-XE", version: "17.9.4a"), "cisco-ios-xe", "17.9")
        assertCycle(verdict(os: "IOS-XE", version: "17.3.4a"), "cisco-ios-xe", "17.3")
        assertCycle(verdict(os: "IOS-XE", version: "17.6.4"), "cisco-ios-xe", "17.6")
        XCTAssertEqual(verdict(os: "IOS-XE", version: "16.6.8").reason, "no cycle 16.6 in the cisco-ios-xe data (endoflife.date snapshot 2026-11-30)")
        XCTAssertEqual(verdict(os: "IOS-XE", version: "03.06.07.E").cycle, "3.6")
        XCTAssertEqual(verdict(os: "IOS-XE", version: "15.1(3)S2").reason, "version '15.1(3)S2' names no cisco-ios-xe release cycle")
        // snmpsim-data cisco-c3560: "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, ..."
        let ios = verdict(os: "IOS", version: "12.2(55)SE3")
        XCTAssertEqual(ios.product, "cisco-ios")
        XCTAssertEqual(ios.cycle, "12.2")
        XCTAssertEqual(ios.status, .unknown)
        XCTAssertEqual(ios.reason, "no lifecycle data for product cisco-ios (run census lifecycle update when online)")
        // snmpsim-data cisco-n5000: "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 6.0(2)N2(3), ..."
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "NX-OS", version: "6.0(2)N2(3)"))?.cycleNames, ["6.0-nxos", "6.0"])
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "NX-OS", version: "9.3(8)"))?.cycleNames, ["9.3-nxos", "9.3"])
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "NX-OS", version: "14.2(7f)"))?.cycleNames, ["14.2-aci"])
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "ASA", version: "9.8(4)10")), SoftwareRelease(product: "cisco-asa", version: "9.8(4)10", cycleNames: ["9.8"]))
    }

    func testJunosArubaAndSonicOSMapToProductsWithoutShippedData() {
        // snmpsim-data juniper-mx960: "... kernel JUNOS 12.3R6.6, Build date: ..." and "JUNOS 16.1R6.7".
        XCTAssertEqual(verdict(os: "Junos", version: "12.3R6.6").cycle, "12.3")
        XCTAssertEqual(verdict(os: "Junos", version: "16.1R6.7").cycle, "16.1")
        XCTAssertEqual(verdict(os: "Junos", version: "12.3X48-D60.2").cycle, "12.3X48")
        XCTAssertEqual(verdict(os: "Junos", version: "16.1R6.7").reason,
                       "no lifecycle data for product juniper-junos: endoflife.date publishes none (import it: census lifecycle import FILE --product juniper-junos)")
        // snmpsim-data aruba-7010: "ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)".
        XCTAssertEqual(verdict(os: "ArubaOS", version: "8.3.0.0").cycle, "8.3")
        XCTAssertEqual(verdict(os: "AOS-CX", version: "10.10.1019").cycle, "10.10")
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "AOS-CX", version: "10.07.0010"))?.cycleNames, ["10.07", "10.7"])
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "AOS-CX", version: "FL.10.07.0010"))?.cycleNames, ["10.07", "10.7"])
        XCTAssertEqual(verdict(os: "ArubaOS-Switch", version: "WC.16.11.0004").cycle, "16.11")
        XCTAssertEqual(verdict(os: "SonicOS", version: "7.0.1-5083").cycle, "7.0")
        XCTAssertEqual(verdict(os: "SonicOS", version: "6.2.5.3-35n").product, "sonicos")
        XCTAssertEqual(verdict(os: "QTS", version: "5.1.0").product, "qnap-qts")
        XCTAssertEqual(verdict(os: "DSM", version: "7.1.1").cycle, "7.1")
        XCTAssertEqual(verdict(os: "DSM", version: "7.1.1").reason, "no lifecycle data for product synology-dsm (run census lifecycle update when online)")
        for product in SoftwareMapping.unpublishedProducts { XCTAssertFalse(SoftwareMapping.endOfLifeDateProducts.contains(product)) }
    }

    /// The nine products endoflife.date does not publish (none is shipped either): each says plainly
    /// that there is no data and how to get some, and an import then judges.
    func testEveryUnpublishedProductSaysPlainlyThatItHasNoData() throws {
        let devices = [("Junos", "16.1R6.7", "juniper-junos"), ("ASA", "9.8(4)10", "cisco-asa"), ("ArubaOS", "8.3.0.0", "arubaos"),
                       ("AOS-CX", "10.10.1019", "aruba-aos-cx"), ("ArubaOS-Switch", "WC.16.11.0004", "arubaos-switch"),
                       ("SonicOS", "7.0.1-5083", "sonicos"), ("QTS", "5.1.0", "qnap-qts"), ("iDRAC9", "7.00.00.00", "dell-idrac"),
                       ("iLO 5", "2.78", "hpe-ilo")]
        XCTAssertEqual(Set(devices.map(\.2)), Set(SoftwareMapping.unpublishedProducts))
        for (os, version, product) in devices {
            let verdict = judge.softwareVerdict(for: Identification(os: os, version: version), asOf: asOf)
            XCTAssertEqual(verdict.product, product, os)
            XCTAssertEqual(verdict.status, .unknown, os)
            XCTAssertNil(verdict.source, os)
            XCTAssertEqual(verdict.reason, "no lifecycle data for product \(product): endoflife.date publishes none (import it: census lifecycle import FILE --product \(product))")
        }
        // A user's import (test data, not a vendor's) is then used.
        var software = try SharedData.lifecycles()
        software.use([SoftwareCycle(cycle: "9.8", eol: .on(day("2020-01-01")))], for: "cisco-asa", fetchedAt: day("2026-11-20"))
        let imported = LifecycleJudge(software: software, hardware: HardwareCatalog())
            .softwareVerdict(for: Identification(os: "ASA", version: "9.8(4)10"), asOf: asOf)
        XCTAssertEqual(imported.status, .pastEOL)
        XCTAssertEqual(imported.source, "imported 2026-11-20")
        XCTAssertNil(imported.reason)
    }

    func testESXiONTAPAndMacOS() {
        // Catalog examples: "VMware ESXi 7.0.3 build-20036589", "VMware ESXi 8.0.2 build-22380479".
        assertCycle(verdict(os: "VMware ESXi", version: "7.0.3"), "vmware-esxi", "7.0")
        assertCycle(verdict(os: "VMware ESXi", version: "8.0.2"), "vmware-esxi", "8.0")
        assertCycle(verdict(os: "VMware ESXi", version: "5.1.0"), "vmware-esxi", "5.1")
        XCTAssertEqual(verdict(os: "VMware ESX", version: "4.1.0").status, .unknown)
        // snmpsim-data netapp-fas3270 "NetApp Release 8.2.3 7-Mode" and DataDog "NetApp Release 9.3P7": older than the data.
        XCTAssertEqual(verdict(os: "ONTAP", version: "8.2.3").reason, "no cycle 8.2.3 or 8.2 in the netapp-ontap data (endoflife.date snapshot 2026-11-30)")
        XCTAssertEqual(verdict(os: "ONTAP", version: "9.3").status, .unknown)
        assertCycle(verdict(os: "ONTAP", version: "9.13.1"), "netapp-ontap", "9.13.1")
        assertCycle(verdict(os: "ONTAP", version: "9.13"), "netapp-ontap", "9.13.1")
        assertCycle(verdict(os: "macOS", version: "10.15"), "macos", "10.15")
        assertCycle(verdict(os: "macOS", version: "11"), "macos", "11")
        assertCycle(verdict(os: "macOS", version: "14.6.1"), "macos", "14")
        XCTAssertEqual(verdict(os: "macOS", version: "14").status, .supported)
    }

    func testWindowsByNameAndByBuild() {
        // snmpsim-data os/windows/XP and server-2003-5-2.
        let xp = verdict(os: "Windows", version: "XP",
                         sysDescr: "Hardware: x86 Family 6 Model 9 Stepping 5 AT/AT COMPATIBLE - Software: Windows 2000 Version 5.1 (Build 2600 Uniprocessor Free)")
        assertCycle(xp, "windows", "5-sp3")
        XCTAssertEqual(xp.status, .pastEOL)
        let server2003 = verdict(os: "Windows Server", version: "2003",
                                 sysDescr: "Hardware: x86 Family 6 Model 63 Stepping 2 AT/AT COMPATIBLE - Software: Windows Version 5.2 (Build 3790 Multiprocessor Free)")
        assertCycle(server2003, "windows-server", "2003-sp2")
        XCTAssertNotNil(server2003.note)
        assertCycle(verdict(os: "Windows Server", version: "2008 R2"), "windows-server", "2008-r2-sp1")
        assertCycle(verdict(os: "Windows Server", version: "2012 R2"), "windows-server", "2012-r2")
        assertCycle(verdict(os: "Windows Server", version: "6.3.9600"), "windows-server", "2012-r2")
        assertCycle(verdict(os: "Windows Server", version: "10.0.17763"), "windows-server", "2019")
        assertCycle(verdict(os: "Windows Server", version: "1709"), "windows-server", "1709-sac")
        assertCycle(verdict(os: "Windows Server", sysDescr: "Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 20348 Multiprocessor Free)"),
                    "windows-server", "2022")
        assertCycle(verdict(os: "Windows", version: "8.1"), "windows", "8.1")
        let win10 = verdict(os: "Windows", version: "10",
                            sysDescr: "Hardware: Intel64 Family 6 Model 158 Stepping 10 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 19045 Multiprocessor Free)")
        assertCycle(win10, "windows", "10-22h2")
        XCTAssertEqual(win10.version, "10 (build 19045)")
        let win11 = verdict(os: "Windows", version: "11",
                            sysDescr: "Hardware: Intel64 Family 6 Model 154 Stepping 3 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 22631 Multiprocessor Free)")
        assertCycle(win11, "windows", "11-23h2-w")
        XCTAssertEqual(win11.note, "Home/Pro servicing assumed: SNMP does not say the edition, and Enterprise editions are supported longer")
        XCTAssertEqual(verdict(os: "Windows", version: "10").reason, "version '10' names no windows release cycle")
    }

    func testLinuxDistributionsFromTheFamily() {
        // snmpsim-data os/linux/unknown-006 "Linux DummySystem 3.10.0-514.el7.x86_64 ..." → family RHEL/CentOS 7.
        let rhel = verdict(os: "Linux", version: "3.10.0-514.el7.x86_64", family: "RHEL/CentOS 7")
        assertCycle(rhel, "rhel", "7")
        XCTAssertEqual(rhel.version, "7")
        XCTAssertNotNil(rhel.note)
        assertCycle(verdict(os: "Linux", version: "2.6.32-573.el6.x86_64", family: "RHEL/CentOS 6"), "rhel", "6")
        // snmpsim-data tripplite-poweralert: "Ubuntu 16.04.4 LTS Linux 4.4.31 ..." → family Ubuntu 16.04.
        assertCycle(verdict(os: "Linux", family: "Ubuntu 16.04"), "ubuntu", "16.04")
        assertCycle(verdict(os: "Linux", version: "5.15.0-105-generic", family: "Ubuntu 22.04"), "ubuntu", "22.04")
        assertCycle(verdict(os: "Linux", family: "Debian 12"), "debian", "12")
        assertCycle(verdict(os: "Debian", version: "12.5"), "debian", "12")
        assertCycle(verdict(os: "Debian", version: "3.1"), "debian", "3.1")
        XCTAssertEqual(verdict(os: "Linux", family: "Ubuntu").reason, "ubuntu version not identified")
        // Catalog examples: "Linux pve1 6.8.12-4-pve ..." and "Linux pve 5.15.108-1-pve ...".
        assertCycle(verdict(os: "Linux", version: "6.8.12-4-pve", family: "Proxmox VE"), "proxmox-ve", "8")
        assertCycle(verdict(os: "Linux", version: "5.15.108-1-pve", family: "Proxmox VE"), "proxmox-ve", "7")
        XCTAssertEqual(verdict(os: "Linux", version: "6.2.16-3-pve", family: "Proxmox VE").status, .unknown, "6.2 shipped with PVE 7 and 8")
        XCTAssertNil(SoftwareMapping.release(for: Identification(os: "Linux", family: "Oracle Linux 7")))
    }

    func testBMCFirmwareAndUnmappedSystems() {
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "iDRAC9", version: "6.10.30.00")),
                       SoftwareRelease(product: "dell-idrac", version: "6.10.30.00", cycleNames: ["9"]))
        XCTAssertEqual(SoftwareMapping.release(for: Identification(os: "iLO 5", version: "2.72"))?.cycleNames, ["5"])
        XCTAssertEqual(verdict(os: "EdgeOS", version: "2.0.9").reason, "no lifecycle mapping for operating system 'EdgeOS'")
        XCTAssertEqual(verdict(os: nil).reason, "operating system not identified")
    }

    func testLeadingNumbers() {
        XCTAssertEqual(SoftwareMapping.leadingNumbers("17.9.4a"), [17, 9, 4])
        XCTAssertEqual(SoftwareMapping.leadingNumbers("12.2(55)SE3"), [12, 2])
        XCTAssertEqual(SoftwareMapping.leadingNumbers("WC.16.11.0004"), [16, 11, 4])
        XCTAssertEqual(SoftwareMapping.leadingNumbers("v5.6.4,build1575"), [5, 6, 4])
    }
}
