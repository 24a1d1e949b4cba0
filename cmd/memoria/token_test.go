package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenCommands(t *testing.T) {
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	code, secret, errOut := cli(t, nil, "token", "create", "--db", db, "--name", "anna", "--role", "editor")
	secret = strings.TrimSpace(secret)
	if code != 0 || !strings.HasPrefix(secret, "mem_") || strings.Contains(errOut, secret) {
		t.Fatalf("create: exit %d, stdout %q, stderr %q; want 0 and the token alone on stdout", code, secret, errOut)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"list", []string{"token", "list", "--db", db}, 0, "anna  editor", ""},
		{"same name again", []string{"token", "create", "--db", db, "--name", "anna"}, 4, "", "exists"},
		{"unknown role", []string{"token", "create", "--db", db, "--name", "boris", "--role", "owner"}, 3, "", `role "owner"`},
		{"no name", []string{"token", "create", "--db", db}, 2, "", "needs --name"},
		{"no subcommand", []string{"token", "--db", db}, 2, "", "create, list or revoke"},
		{"unknown subcommand", []string{"token", "delete", "--db", db}, 2, "", `no "delete"`},
		{"memory store", []string{"token", "create", "--db", "memory:", "--name", "x"}, 2, "", "gone when memoria exits"},
		{"revoke nobody", []string{"token", "revoke", "--db", db, "nobody"}, 3, "", "no token has that name"},
		{"revoke", []string{"token", "revoke", "--db", db, "anna"}, 0, "", `token "anna" revoked`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, nil, tt.args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errOut, tt.wantCode, tt.wantOut, tt.wantErr)
			}
		})
	}
	_, out, _ := cli(t, nil, "token", "list", "--db", db, "--json")
	var rows []struct {
		Name    string  `json:"name"`
		Revoked *string `json:"revoked"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0].Name != "anna" || rows[0].Revoked == nil {
		t.Errorf("list --json = %s (%v); want anna, revoked", out, err)
	}
	if strings.Contains(out, secret[4:12]) {
		t.Errorf("the list shows part of the secret")
	}
}
