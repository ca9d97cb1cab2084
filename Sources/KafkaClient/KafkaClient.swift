// KafkaClient module.
