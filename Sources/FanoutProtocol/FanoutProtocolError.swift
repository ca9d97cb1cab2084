/// An EFP frame that cannot be decoded, or a value that cannot be represented on the wire.
///
/// Decoders throw this instead of trapping, whatever the input: a peer that sends garbage is answered with an
/// ERROR frame (see `errorCode`) and disconnected, never allowed to crash the process.
public struct FanoutProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case truncated
        case frameTooLarge(length: Int, limit: Int)
        case emptyFrame
        case unknownFrameType(UInt8)
        case invalidString
        case trailingBytes
        case unsupportedVersion(UInt16)
        case invalidValue(field: String)
        case invalidJSON(reason: String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// A field ended before all its bytes arrived inside the frame.
    public static let truncated = FanoutProtocolError(.truncated)

    /// A frame announced more bytes than the receiver's maximum.
    public static func frameTooLarge(length: Int, limit: Int) -> FanoutProtocolError {
        FanoutProtocolError(.frameTooLarge(length: length, limit: limit))
    }

    /// A frame announced length 0, so it has no type byte.
    public static let emptyFrame = FanoutProtocolError(.emptyFrame)

    /// The type byte names no frame of this protocol version.
    public static func unknownFrameType(_ type: UInt8) -> FanoutProtocolError {
        FanoutProtocolError(.unknownFrameType(type))
    }

    /// A string is not valid UTF-8.
    public static let invalidString = FanoutProtocolError(.invalidString)

    /// A frame's payload was fully decoded but bytes were left over.
    public static let trailingBytes = FanoutProtocolError(.trailingBytes)

    /// A HELLO or WELCOME carries a protocol version this codec does not speak; the rest was not parsed.
    public static func unsupportedVersion(_ version: UInt16) -> FanoutProtocolError {
        FanoutProtocolError(.unsupportedVersion(version))
    }

    /// A field holds a value outside its defined set (an unknown role or recovery byte, a negative count).
    public static func invalidValue(field: String) -> FanoutProtocolError {
        FanoutProtocolError(.invalidValue(field: field))
    }

    /// A JSON window record or WebSocket message does not have the documented shape.
    public static func invalidJSON(_ reason: String) -> FanoutProtocolError {
        FanoutProtocolError(.invalidJSON(reason: reason))
    }

    /// The EFP error code a server sends in its ERROR frame before closing a peer that caused this error.
    public var errorCode: FanoutErrorCode {
        switch code {
        case .frameTooLarge: .frameTooLarge
        case .unsupportedVersion: .unsupportedVersion
        default: .malformedFrame
        }
    }

    public var description: String {
        switch code {
        case .truncated: "EFP field truncated"
        case .frameTooLarge(let length, let limit): "EFP frame of \(length) bytes exceeds the limit of \(limit) bytes"
        case .emptyFrame: "EFP frame of length 0"
        case .unknownFrameType(let type): "unknown EFP frame type \(type)"
        case .invalidString: "EFP string is not valid UTF-8"
        case .trailingBytes: "unexpected bytes after the end of the EFP frame"
        case .unsupportedVersion(let version): "EFP protocol version \(version) is not supported"
        case .invalidValue(let field): "invalid value in EFP field \(field)"
        case .invalidJSON(let reason): "invalid EFP JSON: \(reason)"
        }
    }
}
