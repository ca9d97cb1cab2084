print("emostream-subscriber")
