package main

import "os/user"

// commandAuthor is who the audit records say made a change from the
// command line: the user who runs it.
func commandAuthor(e env) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return e.getenv("USER")
}
