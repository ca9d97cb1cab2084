print("emostream-aggregator")
