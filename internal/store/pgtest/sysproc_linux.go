package pgtest

import (
	"os/user"
	"strconv"
	"syscall"
)

// sysProcAttr runs a server's program as owner (if not nil) and has the
// kernel stop it if this process dies first: a crashed test leaves no
// server behind.
func sysProcAttr(owner *user.User) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGQUIT}
	if owner != nil {
		uid, _ := strconv.ParseUint(owner.Uid, 10, 32)
		gid, _ := strconv.ParseUint(owner.Gid, 10, 32)
		attr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	return attr
}
