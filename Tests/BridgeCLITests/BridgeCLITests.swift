// BridgeCLITests
