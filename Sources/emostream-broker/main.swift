print("emostream-broker")
