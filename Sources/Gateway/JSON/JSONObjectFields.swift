/// Typed access to the fields of a JSON object body, each failure phrased as the API's 400 message.
struct JSONObjectFields: Sendable {
    private let fields: [String: JSONValue]
    /// Prefixed to messages, e.g. `emojis[3]: ` for the items of a batch.
    private let context: String

    /// - Throws: `APIError` 400 when `value` is not an object or has a field outside `allowed`.
    init(_ value: JSONValue, allowed: Set<String>, context: String = "") throws {
        guard case .object(let fields) = value else {
            throw APIError.badRequest("\(context)Request body must be a JSON object, not \(value.typeName)")
        }
        if let unknown = fields.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw APIError.badRequest("\(context)Unknown field: \(unknown)")
        }
        self.fields = fields
        self.context = context
    }

    /// The string in `name`, nil when the field is absent or null.
    ///
    /// Length is counted in Unicode code points, as JSON Schema's `maxLength` in `proto-docs/openapi.yaml` counts
    /// it. Counting graphemes would also leave the field unbounded: one grapheme can carry any number of
    /// combining marks.
    ///
    /// - Throws: `APIError` 400 when the field holds another type or is longer than `maxLength` code points.
    func optionalString(_ name: String, maxLength: Int) throws -> String? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .string(let value)?:
            guard value.unicodeScalars.count <= maxLength else {
                throw APIError.badRequest("\(context)\(name) must be at most \(maxLength) characters")
            }
            return value
        case let other?:
            throw APIError.badRequest("\(context)\(name) must be a string, not \(other.typeName)")
        }
    }

    /// The non-empty string in `name`.
    ///
    /// - Throws: `APIError` 400 `<name> is required` when absent, null or empty, or a type/length error.
    func requiredString(_ name: String, maxLength: Int) throws -> String {
        guard let value = try optionalString(name, maxLength: maxLength), !value.isEmpty else {
            throw APIError.badRequest("\(context)\(name) is required")
        }
        return value
    }
}
