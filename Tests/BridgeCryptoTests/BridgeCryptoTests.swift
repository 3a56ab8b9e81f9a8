// BridgeCryptoTests
