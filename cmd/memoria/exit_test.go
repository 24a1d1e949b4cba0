package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitStatuses runs the real command in a child process once for each
// exit status that the usage text documents, so that a script may rely on
// them: 0 done, 1 a fault, 2 a wrong command line, 3 wrong input, 4 a store
// in the way, 5 a damaged store.
func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	held := filepath.Join(dir, "held.db")
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	s, err := openStore(context.Background(), e, globals{db: "bbolt:" + held})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, []byte(strings.Repeat("not a bolt file ", 512)), 0o644); err != nil {
		t.Fatal(err)
	}
	invalid := writeDataset(t, map[string]string{"a.yaml": "people:\n  - id: person/a\n    name: A\n"})

	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"done", []string{"validate"}, 0, ""},
		{"help", []string{"validate", "--help"}, 0, ""},
		{"a fault: the address cannot be listened on", []string{"serve", "--addr", "no:such:address"}, 1, "too many colons"},
		{"a wrong command line", []string{"validate", "a", "b"}, 2, "at most one PATH"},
		{"wrong input: an invalid dataset", []string{"validate", invalid}, 3, "uncited"},
		{"wrong input: an id that names nothing", []string{"--db", "memory:", "export", "--format", "dot", "--id", "person/nobody"}, 3, "unknown id"},
		{"a store held by another process", []string{"--db", "bbolt:" + held, "stats"}, 4, "in use by"},
		{"a damaged store", []string{"--db", "bbolt:" + damaged, "stats"}, 5, "damaged.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tt.args...)
			cmd.Env = append(os.Environ(), "MEMORIA_RUN_MAIN=1", "MEMORIA_DB=bbolt:"+filepath.Join(t.TempDir(), "memoria.db"))
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.want || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.want, tt.stderr)
			}
		})
	}
}
