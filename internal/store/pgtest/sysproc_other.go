//go:build !linux

package pgtest

import (
	"os/user"
	"syscall"
)

// sysProcAttr runs the server's programs as this process's user: running
// the tests as root is supported on Linux only.
func sysProcAttr(*user.User) *syscall.SysProcAttr { return nil }
