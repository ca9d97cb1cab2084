import Hummingbird

extension GatewayRoutes {
    /// `POST /emoji`: one reaction.
    func postEmoji(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let receivedAt = WallClock.nowMilliseconds()
        let submission = try EmojiSubmission(json: try await bodyReader.json(from: request))
        try admit([submission], context: context)
        try await publisher.publish([submission], receivedAt: receivedAt)
        return JSONResponse.make(encoded: Self.emojiSent)
    }

    /// The original API's answer to `POST /emoji`, encoded once.
    private static let emojiSent = JSONResponse.encodeOnce(["message": "Emoji sent successfully"])

    /// `POST /emojis`: a JSON array of reactions, all validated before any is written.
    func postEmojis(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let receivedAt = WallClock.nowMilliseconds()
        guard case .array(let items) = try await bodyReader.json(from: request) else {
            throw APIError.badRequest("Request body must be a JSON array of emoji objects")
        }
        guard !items.isEmpty else { throw APIError.badRequest("The array must hold at least one emoji") }
        guard items.count <= configuration.maxBatchSize else {
            throw APIError.badRequest("The array may hold at most \(configuration.maxBatchSize) emoji")
        }
        let submissions = try items.enumerated().map { index, item in
            try EmojiSubmission(json: item, context: "emojis[\(index)]: ")
        }
        try admit(submissions, context: context)
        try await publisher.publish(submissions, receivedAt: receivedAt)
        return JSONResponse.make(BatchAnswer(message: "\(submissions.count) emojis sent successfully", count: submissions.count))
    }

    /// Charges each submission to its user's bucket (or the client address's).
    private func admit(_ submissions: [EmojiSubmission], context: GatewayRequestContext) throws(APIError) {
        var costs: [String: Int] = [:]
        for submission in submissions {
            costs[RateLimiter.key(userID: submission.userID, clientAddress: context.clientAddress), default: 0] += 1
        }
        if case .limited(let seconds) = limiter.admit(costs) {
            metrics.rateLimited()
            throw APIError.tooManyRequests(retryAfterSeconds: seconds)
        }
    }
}

/// The answer of `POST /emojis`.
struct BatchAnswer: Encodable, Sendable {
    var message: String
    var count: Int
}
