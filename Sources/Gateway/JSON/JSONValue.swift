/// Any JSON value, parsed without a schema (`JSONParser`) so the gateway can say exactly which field is wrong and why.
///
/// `Codable` structs would reject a bad body with a generic decoding error; the original API answers with one
/// clear sentence per problem (`client_id is required`), so bodies are read as `JSONValue` and checked by hand.
enum JSONValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON type name used in error messages (`emoji_type must be a string, not a number`).
    var typeName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }
}
