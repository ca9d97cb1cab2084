/// The value of one series (`name` or `name{labels}`) in Prometheus text, nil when absent.
public func sample(_ series: String, in text: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1))
    }
    return nil
}
