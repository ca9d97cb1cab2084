// Aggregation module.
