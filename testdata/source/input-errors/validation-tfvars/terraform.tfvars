mode = "SSE-C"
