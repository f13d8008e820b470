package adaptertest

import (
	"testing"

	"github.com/backabarnet/backabarnet/roles"
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
		{"Consent", f.Consent(w.child.ID, w.guardian.ID, w.teacher), []string{"Revision"}},
		{"Disclosure", f.Disclosure(w.child.ID, w.guardian.ID, w.teacher, w.nurse, roles.MustNewID[roles.Consent]()),
			[]string{"Revision", "Basis.LegalBasis", "NotInformedReason"}},
		{"MaturityAssessment", f.MaturityAssessment(w.child.ID, w.socialWorker), []string{"Revision"}},
		{"HarmException", f.HarmException(w.child.ID, w.guardian.ID, w.socialWorker), []string{"Revision"}},
		{"AuditEntry", f.AuditEntry(w.child.ID, w.teacher), []string{"Seq"}},
		{"Event", f.Event(w.child.ID), []string{"Seq", "AckedAt"}},
	} {
		if u := unset(tc.v, tc.skip...); len(u) > 0 {
			t.Errorf("fixture %s leaves fields unset: %v", tc.name, u)
		}
	}
}

// TestFixturesAreValid checks the fixtures against the records' own rules.
func TestFixturesAreValid(t *testing.T) {
	f := NewFixtures()
	w := f.newWorld()
	consent := f.Consent(w.child.ID, w.guardian.ID, w.teacher)
	inForce := consent
	inForce.Withdrawal, inForce.Status = nil, roles.ConsentAktiv
	p := f.Plan(w.planPeople(), 3)
	p.Revision = 1 // as the store sets it
	as := f.Assessment(w.child.ID, w.teacher, 0)
	cn := f.Concern(w.child.ID, w.nurse, w.barnkontakt, 0)
	d := f.Disclosure(w.child.ID, w.guardian.ID, w.teacher, w.nurse, consent.ID)
	m := f.MaturityAssessment(w.child.ID, w.socialWorker)
	h := f.HarmException(w.child.ID, w.guardian.ID, w.socialWorker)
	for name, v := range map[string]interface{ Validate() error }{
		"child": &w.child, "guardian": &w.guardian, "custody": &w.custody, "organisation": &w.org,
		"unit": &w.preschool, "professional": &w.teacher, "barnkontakt": &w.barnkontakt,
		"stodsamordnare": &w.stodsamordnare, "consent": &consent, "consent in force": &inForce,
		"plan": &p, "assessment": &as, "concern": &cn, "disclosure": &d, "maturity assessment": &m,
		"harm exception": &h,
	} {
		if err := v.Validate(); err != nil {
			t.Errorf("fixture %s: %v", name, err)
		}
	}
	seen := map[string]bool{}
	for range 2000 {
		p := f.ChildPersonnummer().Reveal()
		if seen[p] {
			t.Fatalf("ChildPersonnummer repeated a number after %d", len(seen))
		}
		seen[p] = true
	}
}
