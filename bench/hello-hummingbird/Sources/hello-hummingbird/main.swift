import Hummingbird

/// `hello-hummingbird [port]`: POST /emoji reads the body as the gateway does and answers the gateway's JSON.
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8080
let answer = ByteBuffer(string: #"{"message":"Emoji sent successfully"}"#)

let router = Router()
router.get("/") { _, _ in
    Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"service":"EmoStream API","status":"healthy"}"#))
    )
}
router.post("/emoji") { request, _ in
    _ = try await request.body.collect(upTo: 64 * 1024)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: answer))
}

let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
