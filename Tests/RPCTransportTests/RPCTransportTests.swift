// RPCTransportTests
