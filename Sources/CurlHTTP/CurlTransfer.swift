import CCurl

/// Per-transfer state the libcurl callbacks write into (reached through an unretained pointer that
/// lives for the duration of `curl_easy_perform`).
final class CurlTransfer {
    let maxBodyBytes: Int
    let job: CurlJob
    var body: [UInt8] = []
    var headers = HTTPHeaders()
    var exceededLimit = false

    init(maxBodyBytes: Int, job: CurlJob) {
        self.maxBodyBytes = maxBodyBytes
        self.job = job
    }

    /// Appends body bytes; returns false once the cap is exceeded (libcurl then aborts the transfer).
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if body.count + bytes.count > maxBodyBytes {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Handles one raw header line. A status line starts a new header block, so only the final
    /// response's fields survive interim (1xx) responses.
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = String(decoding: bytes, as: UTF8.self)
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingSpaces()
        let value = line[line.index(after: colon)...].trimmingSpaces()
        if !name.isEmpty { headers.add(name, value) }
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> CurlTransfer? {
        guard let context else { return nil }
        return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    }

    static let writeCallback: sb_curl_data_callback = { data, size, count, context in
        let length = size * count
        guard let transfer = CurlTransfer.from(context) else { return 0 }
        guard length > 0, let data else { return length }
        let accepted = transfer.appendBody(UnsafeRawBufferPointer(start: data, count: length))
        return accepted ? length : 0
    }

    static let headerCallback: sb_curl_data_callback = { data, size, count, context in
        let length = size * count
        guard let transfer = CurlTransfer.from(context) else { return 0 }
        if length > 0, let data { transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) }
        return length
    }

    static let progressCallback: sb_curl_progress_callback = { context, _, _, _, _ in
        guard let transfer = CurlTransfer.from(context) else { return 1 }
        // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK: that is how cancellation lands.
        return transfer.job.isCancelled ? 1 : 0
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
