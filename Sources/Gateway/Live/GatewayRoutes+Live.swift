import Hummingbird

extension GatewayRoutes {
    /// `GET /live` and `GET /live/<file>`: the browser page that watches the swarm.
    func addLiveRoutes(to router: Router<GatewayRequestContext>) {
        router.get(RouterPath(LivePage.path)) { request, _ in try livePage.pageResponse(to: request) }
        router.get(RouterPath(LivePage.path + "/{file}")) { request, context in
            try livePage.assetResponse(named: try context.parameters.require("file"), to: request)
        }
    }
}
