import BridgeJSON
import Testing

@Suite struct JSONTests {
    @Test func parsesEveryKindAndKeepsOrderAndNumbers() throws {
        let json = try JSON(parsing: """
            {"b": 1, "a": [true, false, null], "big": 9007199254740993, "f": -1.5e3,
             "s": "q\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00", "o": {}}
            """)
        #expect(json.members?.map(\.key) == ["b", "a", "big", "f", "s", "o"])
        #expect(json["b"] == .number("1"))
        #expect(json["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(json["big"]?.int64Value == 9_007_199_254_740_993)
        #expect(json["f"]?.doubleValue == -1500)
        #expect(json["s"]?.stringValue == "q\"\\/\u{8}\u{c}\n\r\té😀")
        #expect(json["o"] == .object([]))
        #expect(json["missing"] == nil)
    }

    @Test func membersRecordTheirLine() throws {
        let json = try JSON(parsing: "{\n  \"a\": 1,\n\n  \"b\": {\n    \"c\": 2\n  }\n}")
        #expect(json.members?.map(\.line) == [2, 4])
        #expect(json["b"]?.members?.first?.line == 5)
    }

    @Test(arguments: [
        ("", "line 1, column 1: unexpected end of input, expected a value"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after the key \"a\""),
        ("[1,]", "line 1, column 4: unexpected character ']', expected a value"),
        ("{\"a\":1,}", "line 1, column 8: expected a string key"),
        ("\n\n  tru", "line 3, column 3: invalid literal, expected 'true'"),
        ("01", "line 1, column 2: invalid number: leading zero"),
        ("1.", "line 1, column 3: invalid number: digits expected after '.'"),
        ("\"a\nb\"", "line 1, column 3: control character in a string (escape it)"),
        ("\"\\x\"", "line 1, column 4: invalid escape '\\x'"),
        ("\"\\ud800\"", "line 1, column 8: unpaired surrogate in \\u escape"),
        ("[1] 2", "line 1, column 5: unexpected text after the JSON value"),
        ("// no comments", "line 1, column 1: unexpected character '/', expected a value"),
    ] as [(String, String)])
    func errorsSayWhereAndWhat(text: String, message: String) {
        do {
            _ = try JSON(parsing: text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func depthIsBounded() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError.self) { try JSON(parsing: deep) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(throws: Never.self) { try JSON(parsing: fine) }
    }

    @Test func serializationRoundTripsAndEscapes() throws {
        let value = JSON.object([
            JSON.Member("text", .string("a\"b\\c\n\u{1}é")), JSON.Member("n", .integer(-42)), JSON.Member("d", .double(0.25)),
            JSON.Member("whole", .double(3)), JSON.Member("list", .array([.null, .bool(true), .array([]), .object([])])),
        ])
        let compact = value.serialized()
        #expect(compact == #"{"text":"a\"b\\c\n\u0001é","n":-42,"d":0.25,"whole":3,"list":[null,true,[],{}]}"#)
        #expect(try JSON(parsing: compact) == value)
        let pretty = value.serialized(pretty: true)
        #expect(pretty.hasPrefix("{\n  \"text\": "))
        #expect(try JSON(parsing: pretty) == value)
        #expect(JSON.double(.nan) == .null)
    }
}
