mode    = null
release = null
