// KafkaProtocol module.
