import NIOCore
import NIOHTTP1

/// Answers each HTTP/1 request on one connection with what `MetricsRequestRouter` decides.
///
/// It sits behind NIO's server pipeline (with pipelining assistance and error handling), so requests arrive one
/// at a time and a request that does not parse is answered 400 and closed before it reaches this handler.
/// Request bodies are read and dropped: no route takes one.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let router: MetricsRequestRouter
    private var request: HTTPRequestHead?

    init(router: MetricsRequestRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, with: router.answer(method: head.method, uri: head.uri), context: context)
        }
    }

    /// A reset or broken connection only ends that connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to request: HTTPRequestHead, with answer: MetricsRequestRouter.Answer, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: "\(answer.body.count)")
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        for (name, value) in answer.headers { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(version: request.version, status: answer.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer.body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            written.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
        }
    }
}
