/// A buffer for the error text librdkafka writes on failure.
struct ErrorText {
    private var buffer = [CChar](repeating: 0, count: 512)

    mutating func fill<Result>(_ body: (UnsafeMutablePointer<CChar>, Int) -> Result) -> Result {
        buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
    }

    var text: String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
