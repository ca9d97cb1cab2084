import Hummingbird
import Logging

/// Turns every failure into the API's `{"error": …}` shape and counts each answer by route and status.
///
/// It sits in front of the router, so unknown paths (404) and wrong methods (405) are answered in the same shape
/// as the API's own errors.
struct ErrorAndMetricsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let metrics: GatewayMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = JSONResponse.make(error)
        } catch let error as HTTPError {
            response = JSONResponse.make(["error": error.body ?? error.status.reasonPhrase], status: error.status)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(error)"])
            response = JSONResponse.make(["error": "Internal server error"], status: .internalServerError)
        }
        metrics.requestFinished(route: context.endpointPath ?? "unmatched", status: response.status.code)
        return response
    }
}
