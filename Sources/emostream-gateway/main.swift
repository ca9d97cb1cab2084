print("emostream-gateway")
