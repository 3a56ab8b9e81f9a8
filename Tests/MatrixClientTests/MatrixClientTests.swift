// MatrixClientTests
