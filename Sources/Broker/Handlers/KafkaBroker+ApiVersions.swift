import KafkaProtocol

extension KafkaBroker {
    /// Lists every API and version range this broker implements.
    func apiVersions(_ request: IncomingRequest) -> Answer {
        let response = ApiVersionsResponse(errorCode: .none, apiKeys: SupportedVersions.apiVersions, throttleTimeMs: 0)
        return request.answer { response.encode(into: &$0, version: request.version) }
    }
}
