// Scan bundles (`census import FILE`): JSON from another machine.
import DeviceModel
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        let bundle = try ScanBundle.decode(Data(bytes: data, count: size), file: "fuzz.census")
        _ = try? bundle.encoded()
    } catch {
        _ = error.description
    }
    return 0
}
