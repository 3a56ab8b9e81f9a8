/// Every failure of the store, with a message meant for an operator.
///
/// `code` says what kind of failure it is (tests and callers switch on it); `message` says what happened,
/// naming the file or the SQLite message, never bound values (user addresses stay out of logs).
public struct SocialStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Kinds of failure.
    public enum Code: String, Sendable, Equatable {
        /// The database file does not exist and the store was asked not to create it.
        case fileNotFound
        /// SQLite could not open the file (permissions, a directory, a missing parent directory…).
        case cannotOpen
        /// The file exists but is not an SQLite database.
        case notADatabase
        /// The file is an SQLite database whose content is damaged (truncated, overwritten pages).
        case corrupt
        /// The file is an SQLite database of another program (tables but no SocialBridge schema record).
        case foreignDatabase
        /// The database was written by a newer SocialBridge whose schema this build does not know.
        case schemaTooNew
        /// The database needs schema migrations but was opened read-only.
        case schemaOutdated
        /// Another connection held the database lock longer than the busy timeout.
        case busy
        /// A stored value is not what the schema promises (a malformed address, a NULL where a value belongs).
        case invalidStoredValue
        /// The caller passed arguments the store cannot act on (a block of oneself…).
        case invalidArgument
        /// A batch planned against a pair state that changed before it was applied; nothing was written
        /// (plan again).
        case staleBatch
        /// Any other SQLite failure.
        case sqlite
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, for people.
    public var message: String
    /// SQLite's extended result code, when SQLite reported the failure.
    public var resultCode: Int32?

    /// A store error.
    public init(_ code: Code, _ message: String, resultCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.resultCode = resultCode
    }

    public var description: String { message }
}
