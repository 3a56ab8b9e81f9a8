// SocialProtocolTests
