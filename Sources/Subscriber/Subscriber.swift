// Subscriber module.
