// MatrixClient: see README.md for this module's concern.
