package catalog

import (
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// How a change's claims are applied: the claims by subject, and the
// disputes among them.

func (a *applier) claim(e history.Edit[history.Claim]) {
	record(a.claims, a.c.claims, e)
	a.changedClaims[e.ID] = true
	var subjects []history.ID
	if o := e.Old; o != nil {
		claimStatements(o, a.uncite)
		for _, s := range citedSources(o.Citations) {
			a.supportEdit(s).claims.Set(e.ID, false)
		}
		for _, t := range o.Contradicts {
			a.contradictedBy.Set(t, nilIfEmpty(slices.DeleteFunc(slices.Clone(a.contradictors(t)), func(x history.ID) bool { return x == e.ID })))
			a.relate(t, e.ID)
		}
		subjects = append(subjects, o.Subject)
	}
	if n := e.New; n != nil {
		claimStatements(n, a.cite)
		for _, s := range citedSources(n.Citations) {
			a.supportEdit(s).claims.Set(e.ID, true)
		}
		for _, t := range n.Contradicts {
			if l := a.contradictors(t); !slices.Contains(l, e.ID) {
				l = append(slices.Clone(l), e.ID)
				slices.Sort(l)
				a.contradictedBy.Set(t, l)
			}
			a.relate(t, e.ID)
		}
		subjects = append(subjects, n.Subject)
	}
	about := func(c *history.Claim, s history.ID) []*history.Claim {
		if c != nil && c.Subject == s {
			return []*history.Claim{c}
		}
		return nil
	}
	for _, s := range distinct(subjects) {
		a.claimsOf.Set(s, resorted(a.claimsAbout(s), compareClaims, about(e.Old, s), about(e.New, s)))
	}
	// The claims that asked the same question as the old or the new
	// version, or that it names, may gain or lose a dispute with it.
	for _, v := range []*history.Claim{e.Old, e.New} {
		if v == nil {
			continue
		}
		q := a.question(v)
		for _, o := range a.claimsAbout(v.Subject) {
			if a.question(o) == q {
				a.relate(o.ID, e.ID)
			}
		}
	}
}

// relate notes that claim x may have gained or lost a dispute with the
// replaced claim c.
func (a *applier) relate(x, c history.ID) {
	if x != c && !slices.Contains(a.related[x], c) {
		a.related[x] = append(a.related[x], c)
	}
}

// question is a claim's question, worked out once per change.
func (a *applier) question(c *history.Claim) string {
	q, ok := a.questions[c]
	if !ok {
		q = c.Question()
		a.questions[c] = q
	}
	return q
}

// relinkDisputes brings the disputes of every claim the change touched to
// what history.Disputes gives over the dataset the change left: worked
// out afresh for the claims it replaced, and for the others, the replaced
// claims they dispute or no longer dispute added or taken away.
func (a *applier) relinkDisputes() {
	for x, cs := range a.related {
		if a.changedClaims[x] {
			continue
		}
		l := current(a.disputes, a.c.disputes, x)
		for _, c := range cs {
			i, has := slices.BinarySearch(l, c)
			switch want := a.linked(x, c); {
			case want && !has:
				l = slices.Insert(slices.Clone(l), i, c)
			case !want && has:
				l = slices.Delete(slices.Clone(l), i, i+1)
			}
		}
		a.disputes.Set(x, nilIfEmpty(l))
	}
	for id := range a.changedClaims {
		a.disputes.Set(id, a.disputesOf(id))
	}
}

// linked reports whether claims x and y dispute each other: one names the
// other, or both are claims that disagree. A claim that is gone names
// nothing, but may still be named.
func (a *applier) linked(x, y history.ID) bool {
	cx, okx := a.currentClaim(x)
	cy, oky := a.currentClaim(y)
	switch {
	case okx && slices.Contains(cx.Contradicts, y), oky && slices.Contains(cy.Contradicts, x):
		return true
	case okx && oky:
		return a.question(cx) == a.question(cy) && history.Disagree(*cx, *cy)
	}
	return false
}

// disputesOf works out the disputes of a claim afresh, as
// history.Disputes would over the whole dataset: the claims about the same
// subject it disagrees with, the claims it names as contradicting it, and
// the claims that name it.
func (a *applier) disputesOf(id history.ID) []history.ID {
	var out []history.ID
	if c, ok := a.currentClaim(id); ok {
		q := a.question(c)
		for _, o := range a.claimsAbout(c.Subject) {
			if o.ID != id && a.question(o) == q && history.Disagree(*c, *o) {
				out = append(out, o.ID)
			}
		}
		for _, o := range c.Contradicts {
			if o != id {
				out = append(out, o)
			}
		}
	}
	for _, o := range a.c.disputes[id] {
		// A claim of the base that names id, unless changed since:
		// the changed ones are in contradictedBy.
		if b, ok := a.c.claims[o]; ok && isBaseNow(a.claims, o) && slices.Contains(b.Contradicts, id) {
			out = append(out, o)
		}
	}
	for _, o := range a.contradictors(id) {
		if o != id {
			out = append(out, o)
		}
	}
	slices.Sort(out)
	return nilIfEmpty(slices.Compact(out))
}
