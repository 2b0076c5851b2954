// Contract CSV exports (`census reconcile --contract FILE --profile P`): the first byte picks the
// profile, the rest is the file.
import Contracts
import Foundation

private let profiles: [ContractProfile] = ["generic", "connectwise", "autotask", "halopsa"].compactMap(ContractProfile.named)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let profile = profiles[Int(data[0]) % profiles.count]
    do {
        let contract = try ContractImport.read(text: text(data + 1, size - 1), file: "contract.csv", profile: profile)
        _ = contract
    } catch {
        _ = error.description
    }
    do {
        _ = try ContractImport.read(data: Data(bytes: data + 1, count: size - 1), file: "contract.csv", profile: profile)
    } catch {
        _ = error.description
    }
    return 0
}
