// CurlHTTPTests
