package adaptertest

import (
	"testing"
)

// TestFixturesAreFull checks that the full fixtures set every field, so that a
// store that loses a field fails a round trip. When a record type gains a
// field, this test names it until the fixture sets it.
func TestFixturesAreFull(t *testing.T) {
	f := NewFixtures()
	w := f.newWorld()
	for _, tc := range []struct {
		name string
		v    any
		skip []string
	}{
		{"Child", w.child, []string{"Revision"}},
		{"Guardian", w.guardian, []string{"Revision"}},
		{"Custody", w.custody, []string{"Revision"}},
		{"RelatedPerson", w.related, []string{"Revision"}},
		{"Organisation", w.org, []string{"Revision"}},
		{"Unit", w.preschool, []string{"Revision"}},
		{"Professional", w.teacher, []string{"Revision"}},
		{"Assignment", w.barnkontakt, []string{"Revision"}},
		{"Assessment", f.Assessment(w.child.ID, w.teacher, 0), []string{"Revision"}},
		{"Concern", f.Concern(w.child.ID, w.nurse, w.barnkontakt, 0), []string{"Revision"}},
		{"Plan", f.Plan(w.planPeople(), 0), []string{"Revision"}},
		{"AuditEntry", f.AuditEntry(w.child.ID, w.teacher), []string{"Seq"}},
		{"Event", f.Event(w.child.ID), []string{"Seq", "AckedAt"}},
	} {
		if u := unset(tc.v, tc.skip...); len(u) > 0 {
			t.Errorf("fixture %s leaves fields unset: %v", tc.name, u)
		}
	}
}
