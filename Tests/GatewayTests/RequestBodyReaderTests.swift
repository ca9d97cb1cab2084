@testable import Gateway
import Testing

@Suite("Request content type")
struct RequestBodyReaderTests {
    @Test(arguments: [
        "application/json", "application/json; charset=utf-8", "Application/JSON", " application/json ;q=1",
        "\tapplication/json",
    ])
    func jsonMediaTypesAreAccepted(_ contentType: String) {
        #expect(RequestBodyReader.isJSON(contentType))
    }

    @Test(arguments: [
        nil, "", "text/plain", "application/jsonx", "application/json-seq", "xapplication/json", "application/js",
        "application/x-www-form-urlencoded", "application\u{0F}json",
    ] as [String?])
    func otherMediaTypesAreRefused(_ contentType: String?) {
        #expect(!RequestBodyReader.isJSON(contentType))
    }
}
