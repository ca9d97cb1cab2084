import FanoutProtocol
import Foundation
import NIOCore

/// EFP frames as the JSON text messages WebSocket viewers exchange (`proto-docs/fanout.md`, "WebSocket").
///
/// Client → server: `{"type":"hello","client_id","token","rooms":[{"room","last_seq"}]}` (rooms may also be plain
/// strings), `{"type":"ping","nonce"}`, `{"type":"goodbye"}`. Server → client: `welcome`, `window` (the aggregator's
/// record plus `"replayed"`), `pong`, `error` and `goodbye`, each with a `"type"`.
enum WebSocketJSON {
    /// Reads one client message.
    ///
    /// - Throws: `FanoutProtocolError.invalidJSON` for anything that is not a known message.
    static func frame(from text: ByteBuffer) throws(FanoutProtocolError) -> FanoutFrame {
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.readableBytesView))
        guard let object = parsed as? [String: Any] else {
            throw .invalidJSON("a message must be a JSON object")
        }
        switch object["type"] as? String {
        case "hello": return .hello(try hello(from: object))
        case "ping": return .ping(integer(object["nonce"]) ?? 0)
        case "pong": return .pong(integer(object["nonce"]) ?? 0)
        case "goodbye": return .goodbye(.init(reason: object["reason"] as? String ?? ""))
        default: throw .invalidJSON("unknown message type")
        }
    }

    private static func hello(from object: [String: Any]) throws(FanoutProtocolError) -> FanoutFrame.Hello {
        guard let clientID = object["client_id"] as? String, let token = object["token"] as? String else {
            throw .invalidJSON("hello needs client_id and token strings")
        }
        var rooms: [FanoutFrame.RoomPosition] = []
        for entry in object["rooms"] as? [Any] ?? [] {
            if let room = entry as? String {
                rooms.append(.init(room: room))
            } else if let entry = entry as? [String: Any], let room = entry["room"] as? String {
                let lastSeq: Int64? = integer(entry["last_seq"])
                rooms.append(.init(room: room, lastSeq: lastSeq ?? FanoutFrame.RoomPosition.noneSeen))
            } else {
                throw .invalidJSON("rooms must be strings or {\"room\", \"last_seq\"} objects")
            }
        }
        if let room = object["room"] as? String { rooms.append(.init(room: room)) }
        let version: UInt16 = integer(object["protocol_version"]) ?? FanoutFrame.currentProtocolVersion
        return .init(protocolVersion: version, role: .viewer, clientID: clientID, token: token, rooms: rooms)
    }

    /// The JSON text for a server frame.
    static func text(for frame: FanoutFrame) -> Data {
        let object: [String: Any]
        switch frame {
        case .welcome(let welcome):
            object = [
                "type": "welcome", "protocol_version": welcome.protocolVersion, "server_id": welcome.serverID,
                "heartbeat_interval_ms": welcome.heartbeatIntervalMs, "recovery": recoveryName(welcome.recovery),
                "replay_count": welcome.replayCount,
            ]
        case .window(let window):
            var record = window.jsonObject
            record["type"] = "window"
            record["replayed"] = window.replayed
            object = record
        case .ping(let nonce): object = ["type": "ping", "nonce": nonce]
        case .pong(let nonce): object = ["type": "pong", "nonce": nonce]
        case .error(let error): object = ["type": "error", "code": error.code.rawValue, "reason": error.reason]
        case .goodbye(let goodbye): object = ["type": "goodbye", "code": goodbye.code.rawValue, "reason": goodbye.reason]
        case .hello: preconditionFailure("a server never sends HELLO to a viewer")
        }
        // Strings, integers, booleans and dictionaries of them only: serialisation cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    static func recoveryName(_ recovery: FanoutFrame.Welcome.Recovery) -> String {
        switch recovery {
        case .notRequested: "not_requested"
        case .complete: "complete"
        case .incomplete: "incomplete"
        }
    }

    private static func integer<Value: FixedWidthInteger>(_ value: Any?) -> Value? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number as? Value
    }
}
