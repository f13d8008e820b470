package plan_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// opReader hands out the bytes of a fuzz input as small numbers; past the end
// it gives zeros.
type opReader struct {
	b []byte
	n int
}

func (r *opReader) more() bool { return r.n < len(r.b) }

func (r *opReader) next() int {
	if r.n >= len(r.b) {
		return 0
	}
	r.n++
	return int(r.b[r.n-1])
}

func (r *opReader) pick(n int) int { return r.next() % n }

// offset returns a signed number of days.
func (r *opReader) offset() int { return int(int8(byte(r.next()))) }

var (
	fuzzAgencies = append(roles.Agencies(), "", "fritids")
	fuzzStatuses = append(plan.ItemStatuses(), "", "klar")
	fuzzPlanSt   = append(plan.Statuses(), "", "klar")
	fuzzOrgs     = []roles.ID[roles.Organisation]{{}, tKommun, tRegion}
	fuzzParties  = []roles.Party{{}, tSocsekP, tNurseP, tChildP, tGuardianP, roles.ChildParty(testID[roles.Child](0x11, 9)), {Kind: "robot", ID: tSocsek.UUID()}}
	fuzzTexts    = []string{"", "Insats", "Trygghet i förskolan", "\xff"}
)

// fuzzOp applies one operation chosen by r to the draft. Errors are part of
// the game: they only end the change.
func fuzzOp(r *opReader, d *plan.Draft, now time.Time) error {
	today := roles.DateOf(now)
	someDate := func() roles.Date {
		if r.pick(8) == 0 {
			return roles.Date{}
		}
		return today.AddDays(r.offset())
	}
	goalAt := func() roles.ID[plan.Goal] { return testID[plan.Goal](0x20, r.pick(6)) }
	itemAt := func() roles.ID[plan.Item] { return testID[plan.Item](0x21, r.pick(8)) }
	area := func() behovskompass.Area {
		if r.pick(10) == 0 {
			return "lycka"
		}
		return behovskompass.Areas()[r.pick(8)]
	}
	switch r.pick(18) {
	case 0:
		return d.SetStatus(fuzzPlanSt[r.pick(len(fuzzPlanSt))], "")
	case 1:
		areas := []behovskompass.Area{area()}
		if r.pick(2) == 0 {
			areas = append(areas, area())
		}
		_, err := d.AddGoal(plan.Goal{ID: goalAt(), Areas: areas, Outcome: fuzzTexts[r.pick(3)], Indicator: fuzzTexts[r.pick(3)]})
		return err
	case 2:
		g, ok := d.Goal(goalAt())
		if !ok {
			return nil
		}
		switch r.pick(3) {
		case 0:
			g.Areas = g.Areas[:r.pick(len(g.Areas)+1)]
		case 1:
			g.Areas = append(g.Areas, area())
		default:
			g.Outcome = fuzzTexts[r.pick(len(fuzzTexts))]
		}
		return d.UpdateGoal(g)
	case 3:
		return d.RemoveGoal(goalAt())
	case 4:
		_, err := d.AddItem(plan.Item{ID: itemAt(), Description: fuzzTexts[r.pick(3)], GoalID: goalAt(), Area: area(),
			Agency: fuzzAgencies[r.pick(len(fuzzAgencies))], PrincipalID: fuzzOrgs[r.pick(3)], Start: someDate(), Due: someDate()})
		return err
	case 5:
		it, ok := d.Item(itemAt())
		if !ok {
			return nil
		}
		switch r.pick(5) {
		case 0:
			it.Agency = fuzzAgencies[r.pick(len(fuzzAgencies))]
		case 1:
			it.Due = someDate()
		case 2:
			it.Area = area()
		case 3:
			it.GoalID = goalAt()
		default:
			it.PrincipalID = fuzzOrgs[r.pick(3)]
		}
		return d.UpdateItem(it)
	case 6:
		return d.RemoveItem(itemAt())
	case 7:
		return d.SetItemStatus(itemAt(), fuzzStatuses[r.pick(len(fuzzStatuses))], fuzzTexts[r.pick(3)])
	case 8:
		return d.AddOutcome(itemAt(), fuzzTexts[r.pick(len(fuzzTexts))])
	case 9:
		date := today.AddDays(-r.pick(40))
		if r.pick(8) == 0 {
			date = today.AddDays(1)
		}
		var parts []roles.Party
		for range r.pick(3) {
			parts = append(parts, fuzzParties[r.pick(len(fuzzParties))])
		}
		_, err := d.RecordFollowUp(plan.FollowUp{ID: testID[plan.FollowUp](0x25, r.pick(4)), Date: date, Participants: parts,
			NextReview: date.AddDays(r.offset()), Decisions: fuzzTexts[r.pick(len(fuzzTexts))]})
		return err
	case 10:
		return d.SetNextReview(someDate())
	case 11:
		rs := []plan.Responsible{{}, tStodsamord, tBarnkontak, {ProfessionalID: tTeacher}}
		return d.SetStodsamordnare(rs[r.pick(len(rs))])
	case 12:
		rs := []plan.Responsible{{}, tBarnkontak, {Agency: roles.Forskola}}
		return d.SetBarnkontakt(rs[r.pick(len(rs))])
	case 13:
		if r.pick(4) == 0 {
			return d.SetSIP(nil)
		}
		s := &plan.SIP{LeadPrincipalID: fuzzOrgs[r.pick(3)], CalledOn: someDate(), HeldOn: someDate()}
		if r.pick(2) == 0 {
			s.MeetingBy = plan.MeetingDeadline(s.CalledOn, r.pick(30))
		}
		if r.pick(2) == 0 {
			s.Others = []plan.Contribution{{Agency: fuzzAgencies[r.pick(len(fuzzAgencies))], Party: fuzzParties[r.pick(len(fuzzParties))], Text: fuzzTexts[r.pick(3)]}}
		}
		return d.SetSIP(s)
	case 14:
		roleList := append(roles.Roles(), "")
		_, err := d.AddMember(plan.Member{ID: testID[plan.Member](0x22, r.pick(4)), Party: fuzzParties[r.pick(len(fuzzParties))],
			Role: roleList[r.pick(len(roleList))], Agency: fuzzAgencies[r.pick(len(fuzzAgencies))], Period: roles.Period{Start: now.Add(-time.Duration(r.pick(100)) * time.Hour)}})
		return err
	case 15:
		return d.EndMember(testID[plan.Member](0x22, r.pick(4)), now.Add(time.Duration(r.offset())*time.Hour))
	case 16:
		_, err := d.AddView(plan.View{ID: testID[plan.View](0x23, r.pick(4)), Holder: fuzzParties[r.pick(len(fuzzParties))],
			Text: fuzzTexts[r.pick(len(fuzzTexts))], GoalID: goalAt()})
		return err
	default:
		return d.SetReason(fuzzTexts[r.pick(len(fuzzTexts))])
	}
}

// tamper changes a copy of p outside the API, as a careless caller or a
// damaged store might.
func tamper(r *opReader, p *plan.Plan) *plan.Plan {
	c := p.Clone()
	pickItem := func() *plan.Item {
		if len(c.Items) == 0 {
			return nil
		}
		return &c.Items[r.pick(len(c.Items))]
	}
	switch r.pick(12) {
	case 0:
		c.Status = fuzzPlanSt[r.pick(len(fuzzPlanSt))]
	case 1:
		if it := pickItem(); it != nil {
			it.Status = fuzzStatuses[r.pick(len(fuzzStatuses))]
		}
	case 2:
		if it := pickItem(); it != nil {
			it.Agency = fuzzAgencies[r.pick(len(fuzzAgencies))]
		}
	case 3:
		if it := pickItem(); it != nil {
			it.Due = roles.Date{}
		}
	case 4:
		c.NextReview = roles.Date{}
	case 5:
		c.Stodsamordnare = plan.Responsible{}
	case 6:
		c.SIP = nil
	case 7:
		if it := pickItem(); it != nil && len(it.History) > 0 {
			it.History = it.History[:len(it.History)-1]
		}
	case 8:
		if len(c.StatusHistory) > 0 {
			c.StatusHistory = c.StatusHistory[1:]
		}
	case 9:
		if it := pickItem(); it != nil {
			it.GoalID = testID[plan.Goal](0x20, r.pick(6))
		}
	case 10:
		if len(c.Goals) > 0 {
			g := &c.Goals[r.pick(len(c.Goals))]
			g.Areas = g.Areas[:r.pick(len(g.Areas)+1)]
		}
	default:
		if it := pickItem(); it != nil {
			it.PrincipalID = roles.ID[roles.Organisation]{}
		}
	}
	return c
}

// FuzzOperations applies random sequences of changes to a plan. Nothing may
// panic; every revision Change returns must pass Validate and the independent
// invariant checker; a failed change leaves the plan as it was; a revision
// never changes once made. Plans changed outside the API are accepted by
// Validate only if they keep the invariants.
func FuzzOperations(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{1, 2, 0, 1, 3, 1, 0, 2, 7, 1, 1, 2, 7, 1, 2})
	f.Add([]byte{2, 1, 24, 0, 0, 11, 0})
	f.Add([]byte{3, 1, 24, 0, 1, 7, 2, 1, 0, 1, 24, 0, 0, 13, 0})
	f.Add([]byte{2, 1, 1, 0, 3, 4, 3, 1, 3, 0, 5, 1, 1})
	// The plans a run starts from: the seed of a new plan, a draft, an active
	// plan and an active SIP.
	starts := []*plan.Plan{newFx(f).p, draftFixture(f).p, activeFixture(f).p, sipFixture(f).p}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &opReader{b: data}
		p := starts[r.pick(len(starts))]
		now := p.UpdatedAt
		if now.IsZero() {
			now = tStart
		}
		for steps := 0; r.more() && steps < 64; steps++ {
			if r.pick(8) == 0 {
				c := tamper(r, p)
				if c.Validate() == nil {
					if bad := invariants(c); len(bad) > 0 {
						t.Fatalf("Validate accepts a tampered plan that breaks invariants: %v", bad)
					}
					p = c
				}
				continue
			}
			now = now.Add(time.Duration(r.next()) * time.Hour)
			before, err := json.Marshal(p)
			if err != nil && p.Revision > 0 {
				t.Fatalf("a valid revision does not encode: %v", err)
			}
			n, err := p.Change(fuzzParties[1+r.pick(2)], now, "ändring", func(d *plan.Draft) error {
				for k := 1 + r.pick(4); k > 0; k-- {
					if err := fuzzOp(r, d, now); err != nil {
						return err
					}
				}
				return nil
			})
			after, _ := json.Marshal(p)
			if !bytes.Equal(before, after) {
				t.Fatal("a change modified the revision it started from")
			}
			if err != nil {
				if n != nil {
					t.Fatal("a failed change returned a plan")
				}
				continue
			}
			checkRevision(t, p, n)
			p = n
			_ = p.Warnings(roles.DateOf(now))
			_ = plan.Overdue(p, roles.DateOf(now))
			_ = plan.Schedule(p)
		}
	})
}

// checkRevision checks a revision n made from p.
func checkRevision(t *testing.T, p, n *plan.Plan) {
	t.Helper()
	if err := n.Validate(); err != nil {
		t.Fatalf("Change returned an invalid plan: %v", err)
	}
	if bad := invariants(n); len(bad) > 0 {
		t.Fatalf("Change returned a plan that breaks invariants: %v", bad)
	}
	if n.Revision != p.Revision+1 {
		t.Fatalf("revision %d after %d", n.Revision, p.Revision)
	}
	if !n.Diff(n).Empty() {
		t.Fatal("a revision differs from itself")
	}
	_ = p.Diff(n)
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var back plan.Plan
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !n.Diff(&back).Empty() {
		t.Fatalf("a JSON round trip changes the plan: %v", n.Diff(&back).Fields)
	}
}

// FuzzDecode decodes arbitrary JSON as a plan. Nothing may panic; a plan that
// decodes and passes Validate keeps the invariants and encodes to JSON that
// decodes to the same encoding.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"plan.json", "plan_empty_draft.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"status":"klar"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p plan.Plan
		if err := json.Unmarshal(data, &p); err != nil {
			return
		}
		_ = p.Warnings(roles.NewDate(2026, time.March, 1))
		_ = (&p).Diff(&p)
		_ = plan.Schedule(&p)
		if p.Validate() != nil {
			return
		}
		if bad := invariants(&p); len(bad) > 0 {
			t.Fatalf("Validate accepts a decoded plan that breaks invariants: %v", bad)
		}
		b1, err := json.Marshal(&p)
		if err != nil {
			t.Fatalf("a valid plan does not encode: %v", err)
		}
		var q plan.Plan
		if err := json.Unmarshal(b1, &q); err != nil {
			t.Fatalf("decode of an encoding: %v", err)
		}
		b2, err := json.Marshal(&q)
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("encoding is not stable: %v", err)
		}
	})
}
