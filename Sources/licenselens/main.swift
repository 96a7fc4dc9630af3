print("licenselens")
