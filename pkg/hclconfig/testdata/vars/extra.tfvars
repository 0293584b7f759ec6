release = "emr-6.0.0"
