// SocialDomainTests
