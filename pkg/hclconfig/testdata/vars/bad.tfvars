core_count = "many"
