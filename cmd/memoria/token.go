package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/store"
)

const tokenUsage = `Manages the tokens that may write to the store:

  memoria token create --name NAME [--role editor|admin|reader]
      makes a token and prints it once: the store keeps only its SHA-256,
      so a lost token cannot be shown again (revoke it and make another)
  memoria token list [--json]
      lists the tokens: name, role, when made, when revoked
  memoria token revoke NAME
      revokes a token at once; its name stays in the audit records

A server reads the tokens when it starts. The store must last: bbolt:PATH.`

func runToken(ctx context.Context, e env, g globals, args []string) error {
	sub := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := newFlagSet(e, &g, "token", "create|list|revoke", tokenUsage)
	name := fs.String("name", "", "create: who or what will use the token (letters, digits, . _ - @)")
	role := fs.String("role", string(auth.RoleEditor), "create: what the token may do: editor (write records), admin (also load datasets), reader (read a server started with --read-token-required)")
	asJSON := fs.Bool("json", false, "list: print the tokens as JSON, for scripts")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if strings.HasPrefix(g.db, "memory:") {
		return fmt.Errorf("%w: token: the store %s is gone when memoria exits, and its tokens with it: name a file, as in --db bbolt:./memoria.db", errUsage, g.db)
	}
	switch sub {
	case "create":
		if fs.NArg() > 0 {
			return fmt.Errorf("%w: token create takes --name and --role, not %q", errUsage, fs.Args())
		}
		if *name == "" {
			return fmt.Errorf("%w: token create needs --name: who or what will use the token", errUsage)
		}
		return createToken(ctx, e, g, *name, auth.Role(*role))
	case "list":
		if fs.NArg() > 0 {
			return fmt.Errorf("%w: token list takes no arguments, got %q", errUsage, fs.Args())
		}
		return listTokens(ctx, e, g, *asJSON)
	case "revoke":
		if fs.NArg() != 1 {
			return fmt.Errorf("%w: token revoke takes the token's name, as memoria token list shows it", errUsage)
		}
		return revokeToken(ctx, e, g, fs.Arg(0))
	case "":
		return fmt.Errorf("%w: token needs create, list or revoke (memoria token --help)", errUsage)
	}
	return fmt.Errorf("%w: token has no %q: use create, list or revoke", errUsage, sub)
}

func createToken(ctx context.Context, e env, g globals, name string, role auth.Role) error {
	secret, t, err := auth.New(name, role, time.Now())
	if err != nil {
		return err
	}
	s, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.PutToken(ctx, t); err != nil {
		return err
	}
	// The secret alone on stdout, so that a script can capture it; the
	// advice goes to stderr.
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintf(e.stderr, "memoria: token %q (%s) created: it is shown this once; send it as Authorization: Bearer TOKEN\n", t.Name, t.Role)
	return nil
}

func listTokens(ctx context.Context, e env, g globals, asJSON bool) error {
	s, err := openStoreToRead(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	tokens, err := s.Tokens(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		type row struct {
			Name    string     `json:"name"`
			Role    auth.Role  `json:"role"`
			Created time.Time  `json:"created"`
			Revoked *time.Time `json:"revoked"`
		}
		rows := make([]row, 0, len(tokens))
		for _, t := range tokens {
			r := row{Name: t.Name, Role: t.Role, Created: t.Created}
			if !t.Active() {
				r.Revoked = &t.Revoked
			}
			rows = append(rows, r)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(tokens) == 0 {
		fmt.Fprintf(e.stderr, "memoria: the store %s has no tokens: memoria token create --name NAME makes one\n", store.Redact(g.db))
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tCREATED\tREVOKED")
	for _, t := range tokens {
		revoked := "-"
		if !t.Active() {
			revoked = t.Revoked.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.Name, t.Role, t.Created.UTC().Format(time.RFC3339), revoked)
	}
	return w.Flush()
}

func revokeToken(ctx context.Context, e env, g globals, name string) error {
	s, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.RevokeToken(ctx, name, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "memoria: token %q revoked (%s)\n", t.Name, t.Revoked.UTC().Format(time.RFC3339))
	return nil
}
