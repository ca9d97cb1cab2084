print("emostream-cluster-publisher")
