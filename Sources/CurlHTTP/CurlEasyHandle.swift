import CCurl

/// One libcurl easy handle, owned by one worker thread and reused for every request that thread
/// runs, so its connection cache keeps connections alive between requests.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private let configuration: HTTPClientConfiguration

    /// Returns nil when libcurl cannot allocate a handle.
    init?(configuration: HTTPClientConfiguration) {
        CurlGlobal.initializeOnce()
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.configuration = configuration
    }

    deinit { curl_easy_cleanup(handle) }

    /// Runs `job`'s request to completion on the calling thread.
    func perform(_ job: CurlJob) -> Result<HTTPResponse, HTTPClientError> {
        let request = job.request
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            return .failure(.invalidRequest("unsupported URL scheme"))
        }
        // Reset drops every option of the previous request but keeps the connection cache.
        curl_easy_reset(handle)
        let transfer = CurlTransfer(maxBodyBytes: configuration.maxBodyBytes, job: job)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            setCommonOptions(context: context)
            _ = sb_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            _ = sb_curl_easy_setopt_string(handle, CURLOPT_URL, request.url)
            let timeout = request.timeoutMilliseconds ?? configuration.totalTimeoutMilliseconds
            _ = sb_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, timeout))
            headerList = buildHeaderList(request)
            _ = sb_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
            setMethodAndBody(request)
            let result = curl_easy_perform(handle)
            // The error buffer and callbacks point into this scope: detach them before leaving it.
            _ = sb_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
            return result
        }
        let end = errorBuffer.firstIndex(of: 0) ?? errorBuffer.count
        let message = String(decoding: errorBuffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return outcome(code: code, message: message, transfer: transfer)
    }

    private func setCommonOptions(context: UnsafeMutableRawPointer) {
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = sb_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = sb_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = sb_curl_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeoutMilliseconds)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimitBytesPerSecond)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedTimeSeconds)
        _ = sb_curl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxBodyBytes))
        let version = configuration.preferHTTP2 ? Int(CURL_HTTP_VERSION_2TLS) : Int(CURL_HTTP_VERSION_1_1)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, version)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = sb_curl_easy_setopt_write_callback(handle, CurlTransfer.writeCallback)
        _ = sb_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = sb_curl_easy_setopt_header_callback(handle, CurlTransfer.headerCallback)
        _ = sb_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = sb_curl_easy_setopt_progress_callback(handle, CurlTransfer.progressCallback)
        _ = sb_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
        _ = sb_curl_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
    }

    private func buildHeaderList(_ request: HTTPRequest) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for field in request.headers.fields {
            // Header injection guard: a CR or LF in a name or value would split the header.
            let unsafe = { (text: String) in text.contains("\r") || text.contains("\n") }
            if unsafe(field.name) || unsafe(field.value) { continue }
            list = curl_slist_append(list, "\(field.name): \(field.value)")
        }
        // Without this libcurl sends `Expect: 100-continue` for larger bodies and waits a second.
        list = curl_slist_append(list, "Expect:")
        return list
    }

    private func setMethodAndBody(_ request: HTTPRequest) {
        switch request.method {
        case .get:
            _ = sb_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
            _ = sb_curl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, configuration.followRedirectsForGET ? 1 : 0)
        case .head:
            _ = sb_curl_easy_setopt_long(handle, CURLOPT_NOBODY, 1)
        case .post, .put, .delete:
            if request.method != .post {
                _ = sb_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
            if let body = request.body {
                _ = sb_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBufferPointer { buffer in
                    // COPYPOSTFIELDS copies, so the Swift array need not outlive this call.
                    let pointer = UnsafeMutableRawPointer(mutating: buffer.baseAddress)
                    _ = sb_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, body.isEmpty ? nil : pointer)
                }
                if body.isEmpty { _ = sb_curl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "") }
            } else if request.method == .post {
                _ = sb_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0)
                _ = sb_curl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            }
        }
    }

    private func outcome(code: CURLcode, message: String, transfer: CurlTransfer) -> Result<HTTPResponse, HTTPClientError> {
        let detail = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        if code == CURLE_OK {
            var status = 0
            _ = sb_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: transfer.headers, body: transfer.body))
        }
        if transfer.exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.bodyTooLarge(limit: configuration.maxBodyBytes))
        }
        if code == CURLE_ABORTED_BY_CALLBACK && transfer.job.isCancelled { return .failure(.cancelled) }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(.timeout(detail))
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .failure(.connectFailed(detail))
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return .failure(.invalidRequest(detail))
        default:
            return .failure(.transport(code: Int(code.rawValue), message: detail))
        }
    }
}

/// `curl_global_init` must run once per process before any other libcurl call.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func initializeOnce() { _ = initialized }
}
