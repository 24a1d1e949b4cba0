package pgtest

import (
	"os/user"
	"strconv"
	"syscall"
)

// sysProcAttr runs a server's program as owner (if not nil) and has the
// kernel stop it (an immediate shutdown) when the thread that started it
// ends: a crashed test leaves no server behind.
func sysProcAttr(owner *user.User) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGQUIT}
	if owner != nil {
		uid, _ := strconv.ParseUint(owner.Uid, 10, 32)
		gid, _ := strconv.ParseUint(owner.Gid, 10, 32)
		attr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	return attr
}
