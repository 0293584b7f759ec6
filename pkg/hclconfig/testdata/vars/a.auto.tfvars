auto = "a-auto"
