import BridgeCLI
#if canImport(Glibc)
import Glibc
#endif

let code = await BridgeCLI.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(code)
