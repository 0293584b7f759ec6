//go:build unix

package treefs

import "syscall"

// openFlags never block on a fifo and never follow a final symbolic link.
const openFlags = syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOFOLLOW
