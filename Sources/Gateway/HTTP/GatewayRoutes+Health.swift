import Hummingbird

extension GatewayRoutes {
    /// `GET /health`: 200 when the broker answers and the registry is loaded, else 503; both with details.
    func healthAnswer() -> Response {
        let alive = liveness.alive(now: WallClock.nowMilliseconds())
        let loads = registry.loads()
        let subscribers = alive.sorted { $0.key < $1.key }.map { id, heartbeat in
            HealthAnswer.Subscriber(
                clusterID: id.cluster, subscriberID: id.subscriber, host: heartbeat.host, port: heartbeat.port,
                connectedClients: heartbeat.clients, assignedClients: loads[id] ?? 0
            )
        }
        let answer = HealthAnswer(
            brokerReachable: health.isReachable, registryLoaded: registry.isLoaded, subscribers: subscribers
        )
        return JSONResponse.make(answer, status: answer.isHealthy ? .ok : .serviceUnavailable)
    }
}
