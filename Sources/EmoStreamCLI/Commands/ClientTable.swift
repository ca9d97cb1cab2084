import Foundation

/// `GET /list_clients` as an aligned text table, one client per row, sorted by client id.
struct ClientTable {
    static let headers = ["CLIENT", "CLUSTER", "SUBSCRIBER", "HOST", "PORT"]

    let rows: [[String]]

    /// - Parameter clients: client id → assignment object, as the gateway answers.
    init(clients: [String: Any]) {
        rows = clients.keys.sorted().map { id in
            let assignment = clients[id] as? [String: Any] ?? [:]
            return [id] + ["cluster_id", "subscriber_id", "host", "port"].map { key in
                assignment[key].map { "\($0)" } ?? "-"
            }
        }
    }

    var rendered: String {
        guard !rows.isEmpty else { return "no clients registered" }
        let table = [Self.headers] + rows
        let widths = Self.headers.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
