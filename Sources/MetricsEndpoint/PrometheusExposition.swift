/// The Prometheus text exposition format, as every EmoStream `/metrics` answers it.
public enum PrometheusExposition {
    /// Version 0.0.4 of the text format, which every Prometheus server scrapes.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
