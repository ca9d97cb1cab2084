import Foundation
@testable import Gateway
import Testing

/// The body parser against Foundation's `JSONDecoder` for what is JSON, and against RFC 8259 for what is not.
@Suite("JSONParser")
struct JSONParserTests {
    @Test(arguments: [
        #"{"emoji_type": "😊", "timestamp": "2025-08-13T20:45:00Z"}"#,
        #"[{"emoji_type":"❤️","room":"stage"},{"emoji_type":"👍🏽"}]"#,
        #" { "a" : [ 1 , -2.5e3 , 0 , 0.125 , 1E+2 , -0 ] , "b" : { } , "c" : [ ] } "#,
        #"{"escapes": "\" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \u0000"}"#,
        #"{"nested": {"deeper": {"deepest": [true, false, null]}}}"#,
        #""just a string""#, "42", "true", "null", "\t\r\n[]\n",
        #"{"family": "👨‍👩‍👧", "flag": "🇯🇵", "keycap": "1️⃣"}"#,
        #"{"big": 1.7976931348623157e308, "small": 5e-324}"#,
    ])
    func parsesWhatFoundationParses(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a: 1}"#, "[1 2]", "01", "-", "1.", ".5", "1e", "+1",
        "nul", "tru", "True", "NaN", "Infinity", "1e999", #""unterminated"#, #""bad \x escape""#, #""\u12""#,
        #""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, "\"tab\there\"", "{} {}", "[] x", "// comment\n{}",
        #"{"a": 1} trailing"#,
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8InAString() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func nestingIsBoundedSoAHostileBodyCannotExhaustTheStack() throws {
        let deepest = JSONParser.maximumDepth
        let accepted = String(repeating: "[", count: deepest) + String(repeating: "]", count: deepest)
        #expect(throws: Never.self) { try JSONParser.parse(Array(accepted.utf8)) }
        let refused = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(refused.utf8)) }
        #expect(error.reason.contains("nesting"))
    }

    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        #expect(try JSONParser.parse(Array(#"{"a": 1, "a": "two"}"#.utf8)) == .object(["a": .string("two")]))
    }
}
