print("emostream")
