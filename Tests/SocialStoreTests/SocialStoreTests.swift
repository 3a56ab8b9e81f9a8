// SocialStoreTests
