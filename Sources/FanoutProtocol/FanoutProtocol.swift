// FanoutProtocol module.
