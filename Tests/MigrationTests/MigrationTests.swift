// MigrationTests
