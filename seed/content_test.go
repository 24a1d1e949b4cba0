package seed_test

import (
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestSeedRecordsWhatTheEssaySays checks statements the essay makes that
// the graph once lacked, the ends of offices and bodies, and the
// disagreements kept side by side.
func TestSeedRecordsWhatTheEssaySays(t *testing.T) {
	ds := readSeed(t)
	relation := func(subject history.ID, typ history.RelationType, object history.ID) *history.Relation {
		for i, r := range ds.Relations {
			if r.Subject == subject && r.Type == typ && r.Object == object {
				return &ds.Relations[i]
			}
		}
		return nil
	}
	for _, r := range []struct {
		subject history.ID
		typ     history.RelationType
		object  history.ID
	}{
		{"place/perm-36", history.RelPartOf, "group/gulag"},
		{"person/henk-sneevliet", history.RelOpposed, "person/joseph-stalin"},
		{"person/henk-sneevliet", history.RelComparedTo, "group/trotskyist-prisoners"},
		{"group/mvd", history.RelSucceeded, "group/nkvd"},
	} {
		if relation(r.subject, r.typ, r.object) == nil {
			t.Errorf("the seed lacks %s %s %s", r.subject, r.typ, r.object)
		}
	}
	if r := relation("person/lavrentiy-beria", history.RelLed, "group/nkvd"); r == nil || r.End.When().EDTF != "1945-12-29" {
		t.Errorf("Beria's leadership of the NKVD does not end at the end of 1945: %+v", r)
	}
	for _, id := range []history.ID{"group/nkvd", "group/ogpu", "group/gulag", "place/ussr"} {
		i := slices.IndexFunc(ds.Entities, func(e history.Entity) bool { return e.ID == id })
		if i < 0 || ds.Entities[i].Ended == nil || len(ds.Entities[i].Ended.Citations) == 0 {
			t.Errorf("%s does not say, with a citation, when it ended", id)
		}
	}
	for _, id := range []history.ID{"event/yezhov-trial", "event/yezhov-execution"} {
		i := slices.IndexFunc(ds.Events, func(e history.Event) bool { return e.ID == id })
		if i < 0 || !slices.ContainsFunc(ds.Events[i].Participants, func(p history.Participation) bool {
			return p.Entity == "person/joseph-stalin" && p.Role == history.RoleOrdered
		}) {
			t.Errorf("%s does not say that Stalin ordered it", id)
		}
	}
	disputes := history.Disputes(ds.Claims)
	for _, pair := range [][2]history.ID{
		{"claim/kamenev-zinoviev-break-date-essay", "claim/kamenev-zinoviev-break-date-deutscher"},
		{"claim/famine-places-essay", "claim/famine-places-davies-wheatcroft"},
	} {
		if !slices.Contains(disputes[pair[0]], pair[1]) {
			t.Errorf("%s and %s do not disagree", pair[0], pair[1])
		}
	}
}

// TestSeedStatesEachCausalLinkOnce checks that no cause is stated both as
// the cause of one event and as the consequence of the other.
func TestSeedStatesEachCausalLinkOnce(t *testing.T) {
	ds := readSeed(t)
	causes := map[[2]history.ID]bool{}
	for _, e := range ds.Events {
		for _, l := range e.Causes {
			causes[[2]history.ID{l.Target, e.ID}] = true
		}
	}
	for _, e := range ds.Events {
		for _, l := range e.Consequences {
			if causes[[2]history.ID{e.ID, l.Target}] {
				t.Errorf("%s caused %s is stated twice: as a consequence and as a cause", e.ID, l.Target)
			}
		}
	}
}
