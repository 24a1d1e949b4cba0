package api

import (
	"context"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// Keeper makes, lists and revokes the tokens that may write, while the
// server runs: the server holds the store, so the command line cannot.
// Only an admin's token may use it.
type Keeper interface {
	CreateToken(ctx context.Context, name string, role auth.Role) (secret string, t auth.Token, err error)
	RevokeToken(ctx context.Context, name string) (auth.Token, error)
	Tokens(ctx context.Context) ([]auth.Token, error)
}

// tokenAdmin is the part of the schema over a Keeper: the Token type, the
// tokens query and the createToken and revokeToken mutations.
type tokenAdmin struct {
	keeper Keeper
	token  *graphql.Object
	role   *graphql.Enum
}

func newTokenAdmin(k Keeper) *tokenAdmin {
	roles := graphql.EnumValueConfigMap{}
	for _, r := range auth.Roles() {
		roles[string(r)] = &graphql.EnumValueConfig{Value: r}
	}
	role := graphql.NewEnum(graphql.EnumConfig{Name: "TokenRole", Description: "What a token may do: reader (read a server that asks for tokens), editor (also write records), admin (also load datasets and manage tokens).", Values: roles})
	token := graphql.NewObject(graphql.ObjectConfig{
		Name:        "Token",
		Description: "A token that may read or write, as the server keeps it: its name, role and dates; never its secret.",
		Fields: graphql.Fields{
			"name":    {Type: nonNull(graphql.String), Resolve: tokenField(func(t auth.Token) any { return t.Name })},
			"role":    {Type: nonNull(role), Resolve: tokenField(func(t auth.Token) any { return t.Role })},
			"created": {Type: nonNull(graphql.DateTime), Resolve: tokenField(func(t auth.Token) any { return t.Created })},
			"revoked": {Type: graphql.DateTime, Description: "When it was revoked; null while it may be used.", Resolve: tokenField(func(t auth.Token) any {
				if t.Active() {
					return nil
				}
				return t.Revoked
			})},
		},
	})
	return &tokenAdmin{keeper: k, token: token, role: role}
}

func tokenField(f func(auth.Token) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return f(p.Source.(auth.Token)), nil }
}

// admin refuses a request whose token is not an admin's.
func admin(ctx context.Context) error {
	t, ok := auth.FromContext(ctx)
	if !ok {
		return history.Errorf(history.CodeUnauthenticated, "managing tokens needs an admin's token")
	}
	if !t.Role.Allows(auth.RoleAdmin) {
		return history.Errorf(history.CodeForbidden, "token %q has the role %s; managing tokens needs admin", t.Name, t.Role)
	}
	return nil
}

// queryFields adds Query.tokens.
func (ta *tokenAdmin) queryFields(fields graphql.Fields) {
	fields["tokens"] = &graphql.Field{
		Type:        nonNull(graphql.NewList(nonNull(ta.token))),
		Description: "The tokens the server accepts or has revoked, by name; for admins.",
		Resolve: func(p graphql.ResolveParams) (any, error) {
			if err := admin(p.Context); err != nil {
				return nil, err
			}
			return ta.keeper.Tokens(p.Context)
		},
	}
}

// mutationFields adds createToken and revokeToken to the Mutation type.
func (ta *tokenAdmin) mutationFields(mutation *graphql.Object) {
	created := graphql.NewObject(graphql.ObjectConfig{
		Name:        "CreatedToken",
		Description: "A new token and its secret, shown this once: the server keeps only the secret's SHA-256.",
		Fields: graphql.Fields{
			"token":  {Type: nonNull(ta.token), Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(createdToken).t, nil }},
			"secret": {Type: nonNull(graphql.String), Description: "Send it as Authorization: Bearer SECRET.", Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(createdToken).secret, nil }},
		},
	})
	mutation.AddFieldConfig("createToken", &graphql.Field{
		Type:        created,
		Description: "Makes a token; for admins. It may be used at once.",
		Args: graphql.FieldConfigArgument{
			"name": {Type: nonNull(graphql.String), Description: "Who or what will use it: letters, digits and . _ - @, at most 64."},
			"role": {Type: nonNull(ta.role), Description: "What it may do."},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			if err := admin(p.Context); err != nil {
				return nil, err
			}
			secret, t, err := ta.keeper.CreateToken(p.Context, p.Args["name"].(string), p.Args["role"].(auth.Role))
			if err != nil {
				return nil, err
			}
			return createdToken{secret, t}, nil
		},
	})
	mutation.AddFieldConfig("revokeToken", &graphql.Field{
		Type:        ta.token,
		Description: "Revokes a token at once; for admins. Its name stays in the audit records it signed.",
		Args:        graphql.FieldConfigArgument{"name": {Type: nonNull(graphql.String)}},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			if err := admin(p.Context); err != nil {
				return nil, err
			}
			return ta.keeper.RevokeToken(p.Context, p.Args["name"].(string))
		},
	})
}

type createdToken struct {
	secret string
	t      auth.Token
}
