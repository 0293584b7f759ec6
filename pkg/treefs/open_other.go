//go:build !unix

package treefs

import "os"

// openFlags: resolve has already refused anything but a regular file.
const openFlags = os.O_RDONLY
