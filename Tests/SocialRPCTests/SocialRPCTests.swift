// SocialRPCTests
