package auth

import (
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Role is what a token may do. Each role may do what the ones before it
// may.
type Role string

const (
	// RoleReader may read a server started with --read-token-required.
	RoleReader Role = "reader"
	// RoleEditor may also create, correct and retract records.
	RoleEditor Role = "editor"
	// RoleAdmin may also load whole datasets and manage tokens.
	RoleAdmin Role = "admin"
)

// Roles lists the roles from the least to the most allowed.
func Roles() []Role { return []Role{RoleReader, RoleEditor, RoleAdmin} }

func (r Role) rank() int {
	for i, x := range Roles() {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Check refuses a role that is not one of Roles.
func (r Role) Check() error {
	if r.rank() == 0 {
		names := make([]string, 0, 3)
		for _, x := range Roles() {
			names = append(names, string(x))
		}
		return history.Errorf(history.CodeInvalid, "role %q is not one of %s", string(r), strings.Join(names, ", "))
	}
	return nil
}

// Allows says whether a token of role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && r.rank() > 0 }
