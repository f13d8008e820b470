package backa_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// storeKind opens a fresh, empty store of one kind.
type storeKind struct {
	name string
	open func(testing.TB) adapters.Store
}

// stores are the stores every use case is tested on. SQLite joins the list
// with one line once adapters/sqlstore has OpenSQLite.
var stores = []storeKind{
	{"memstore", func(testing.TB) adapters.Store { return memstore.New() }},
	{"sqlite", openSQLite},
}

// openSQLite opens an SQLite database in memory, closed when the test ends.
func openSQLite(t testing.TB) adapters.Store {
	t.Helper()
	s, err := sqlstore.OpenSQLite(context.Background(), sqlstore.MemoryPath)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// forEachStore runs f as a subtest on each store.
func forEachStore(t *testing.T, f func(t *testing.T, open func(testing.TB) adapters.Store)) {
	for _, sk := range stores {
		t.Run(sk.name, func(t *testing.T) {
			f(t, sk.open)
		})
	}
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// idSource returns deterministic UUIDv7s: the clock's time and a counter.
type idSource struct {
	mu sync.Mutex
	c  *clock
	n  uint64
}

func (s *idSource) NewID() (uuid.UUID, error) {
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	var u uuid.UUID
	ms := uint64(s.c.Now().UnixMilli())
	binary.BigEndian.PutUint64(u[0:8], ms<<16)
	binary.BigEndian.PutUint64(u[8:16], n)
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u, nil
}

// t0 is when the tests' clock starts: Monday 23 November 2026, 09:00 in
// Sweden.
var t0 = time.Date(2026, time.November, 23, 8, 0, 0, 0, time.UTC)

// env is a municipality with units of every agency, a professional in
// each, and a service over a store.
type env struct {
	t     testing.TB
	ctx   context.Context
	store adapters.Store
	svc   *backa.Service
	clock *clock
	fx    *adaptertest.Fixtures

	units map[roles.Agency]roles.Unit
	orgs  map[roles.Agency]roles.Organisation
	prof  map[string]roles.Professional
}

// The professionals of the env, by name: name -> agency.
var staff = []struct {
	name   string
	agency roles.Agency
	given  string
	family string
}{
	{"mentor", roles.Skola, "Maja", "Mentorsson"},
	{"teacher", roles.Skola, "Tore", "Lärarsson"},
	{"preschool", roles.Forskola, "Frida", "Förskolesson"},
	{"kurator", roles.ElevhalsaPsykosocial, "Kurt", "Kuratorsson"},
	{"schoolnurse", roles.ElevhalsaMedicinsk, "Sara", "Skolsköterska"},
	{"socsek", roles.Socialtjanst, "Signe", "Socialsekreterare"},
	{"socsek2", roles.Socialtjanst, "Stig", "Handläggare"},
	{"nurse", roles.HalsoSjukvard, "Bodil", "Bvcsson"},
	{"doctor", roles.HalsoSjukvard, "Doris", "Doktorsson"},
	{"police", roles.Polis, "Per", "Polissson"},
}

func newEnv(t testing.TB, open func(testing.TB) adapters.Store, opts *backa.Options) *env {
	t.Helper()
	c := &clock{t: t0}
	ids := &idSource{c: c}
	w := &env{
		t: t, ctx: context.Background(), store: open(t), clock: c, fx: adaptertest.NewFixtures(),
		units: map[roles.Agency]roles.Unit{}, orgs: map[roles.Agency]roles.Organisation{},
		prof: map[string]roles.Professional{},
	}
	var o backa.Options
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = c.Now
	}
	if o.NewID == nil {
		o.NewID = ids.NewID
	}
	svc, err := backa.NewService(w.store, &o)
	require.NoError(t, err)
	w.svc = svc

	kommun := roles.Organisation{ID: roles.MustNewID[roles.Organisation](), Kind: roles.Kommun, Name: "Åmåls kommun", Kommun: roles.Amal}
	region := roles.Organisation{ID: roles.MustNewID[roles.Organisation](), Kind: roles.Region, Name: "Västra Götalandsregionen", Organisationsnummer: "2321000131"}
	polis := roles.Organisation{ID: roles.MustNewID[roles.Organisation](), Kind: roles.Staten, Name: "Polismyndigheten", Organisationsnummer: "2021000076"}
	for _, a := range roles.Agencies() {
		org := kommun
		switch a {
		case roles.HalsoSjukvard:
			org = region
		case roles.Polis:
			org = polis
		}
		w.orgs[a] = org
		w.units[a] = roles.Unit{ID: roles.MustNewID[roles.Unit](), OrganisationID: org.ID, Name: "Enhet " + a.Label(), Agency: a, Kommun: roles.Amal}
	}
	err = w.store.InTx(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
		for _, org := range []roles.Organisation{kommun, region, polis} {
			if err := org.Validate(); err != nil {
				return err
			}
			if err := tx.Organisations().Create(ctx, &org); err != nil {
				return err
			}
		}
		for _, a := range roles.Agencies() {
			u := w.units[a]
			if err := tx.Units().Create(ctx, &u); err != nil {
				return err
			}
		}
		for _, s := range staff {
			u := w.units[s.agency]
			p := roles.Professional{
				ID: roles.MustNewID[roles.Professional](), GivenName: s.given, FamilyName: s.family,
				Agency: s.agency, UnitID: u.ID, OrganisationID: u.OrganisationID,
			}
			if err := tx.Professionals().Create(ctx, &p); err != nil {
				return err
			}
			w.prof[s.name] = p
		}
		return nil
	})
	require.NoError(t, err)
	return w
}

// actor returns the professional with the name as an actor.
func (w *env) actor(name string) roles.Actor {
	p, ok := w.prof[name]
	if !ok {
		w.t.Fatalf("no professional %q", name)
	}
	return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
}

func (w *env) pid(name string) roles.ID[roles.Professional] { return w.prof[name].ID }

// family is an enrolled child with two guardians in joint custody.
type family struct {
	child     roles.Child
	g1, g2    roles.Guardian
	enrolment backa.Enrolment
}

// childRecord returns a child for enrolment with the personnummer pnr.
func childRecord(pnr string, protection roles.ProtectionLevel) roles.Child {
	return roles.Child{
		Personnummer: roles.MustParsePersonnummer(pnr),
		GivenName:    "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: protection,
		Contact: &roles.Contact{Address: "Storgatan 1", PostalCode: "662 30", City: "Åmål", Phone: "0532-111 11"},
	}
}

// enrol enrols a child (Skatteverket's 201701012393, 9 years old) with two
// guardians, the mentor as Barnkontakt and the given team.
func (w *env) enrol(protection roles.ProtectionLevel, team ...string) family {
	w.t.Helper()
	return w.enrolPnr("201701012393", protection, team...)
}

func (w *env) enrolPnr(pnr string, protection roles.ProtectionLevel, team ...string) family {
	w.t.Helper()
	f := family{child: childRecord(pnr, protection)}
	f.g1 = roles.Guardian{Personnummer: w.fx.AdultPersonnummer(), GivenName: "Gunnar", FamilyName: "Exempelsson", Protection: roles.Oskyddad,
		Contact: &roles.Contact{Phone: "070-111 11 11"}}
	f.g2 = roles.Guardian{Personnummer: w.fx.AdultPersonnummer(), GivenName: "Greta", FamilyName: "Exempelsson", Protection: roles.Oskyddad}
	req := backa.EnrolRequest{
		Child:       f.child,
		Guardians:   []backa.GuardianCustody{{Guardian: f.g1}, {Guardian: f.g2}},
		Barnkontakt: w.pid("mentor"),
	}
	for _, n := range team {
		req.Team = append(req.Team, w.pid(n))
	}
	e, err := w.svc.Enrol(w.ctx, w.actor("mentor"), req)
	require.NoError(w.t, err)
	f.enrolment = e
	f.child.ID = e.ChildID
	f.g1.ID, f.g2.ID = e.Guardians[0], e.Guardians[1]
	return f
}

// consent records a consent of the guardians: from may disclose cats to the
// agencies to, for purpose, for six months from now.
func (w *env) consent(f family, recorder string, from roles.Agency, to []roles.Agency, purpose roles.Purpose, cats ...roles.Category) roles.ID[roles.Consent] {
	w.t.Helper()
	now := w.clock.Now()
	id, err := w.svc.RecordConsent(w.ctx, w.actor(recorder), roles.Consent{
		ChildID: f.child.ID,
		Givers: []roles.ConsentGiver{
			{Party: roles.GuardianParty(f.g1.ID), GivenAt: now},
			{Party: roles.GuardianParty(f.g2.ID), GivenAt: now},
		},
		DisclosingAgency: from, ReceivingAgencies: to, Categories: cats, Purpose: purpose,
		ValidFrom: now, ValidUntil: now.AddDate(0, 6, 0), Form: roles.Skriftligt,
	})
	require.NoError(w.t, err)
	return id
}

// assessment returns an assessment of the child with one entry per area.
func newAssessment(child roles.ID[roles.Child], level behovskompass.LevelCode, areas ...behovskompass.Area) behovskompass.Assessment {
	a := behovskompass.Assessment{ChildID: child}
	for _, ar := range areas {
		a.Areas = append(a.Areas, behovskompass.AreaEntry{
			Area: ar, Strengths: "Tycker om att rita.", Concerns: "Trött på morgonen.", Level: level,
			Source: behovskompass.SourceObservation,
		})
	}
	return a
}

// snapshot is what the store holds, in counts and versions, to tell whether
// a use case wrote anything.
type snapshot struct {
	audit, events                               int64
	children, custodies, assignments, consents  int
	disclosures, assessments, concerns, planRev int
	revisions                                   int64 // of assignments, consents, concerns
}

// snap takes a snapshot of what is stored about the children.
func (w *env) snap(children ...roles.ID[roles.Child]) snapshot {
	w.t.Helper()
	var s snapshot
	err := w.store.View(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
		last, err := tx.Audit().Last(ctx)
		if err == nil {
			s.audit = last.Seq
		} else if !errors.Is(err, adapters.ErrNotFound) {
			return err
		}
		page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
		for {
			p, err := tx.Outbox().Pending(ctx, page)
			if err != nil {
				return err
			}
			s.events += int64(len(p.Items))
			if p.Next == "" {
				break
			}
			page.Cursor = p.Next
		}
		for _, c := range children {
			if _, err := tx.Children().Get(ctx, c); err == nil {
				s.children++
			}
			cs, _ := tx.Custodies().OfChild(ctx, c)
			s.custodies += len(cs)
			as, _ := tx.Assignments().OfChild(ctx, c)
			s.assignments += len(as)
			for _, a := range as {
				s.revisions += a.Revision
			}
			co, _ := tx.Consents().OfChild(ctx, c)
			s.consents += len(co)
			for _, x := range co {
				s.revisions += x.Revision
			}
			ds, _ := tx.Disclosures().OfChild(ctx, c)
			s.disclosures += len(ds)
			xs, _ := tx.Assessments().OfChild(ctx, c)
			s.assessments += len(xs)
			cn, _ := tx.Concerns().OfChild(ctx, c)
			s.concerns += len(cn)
			for _, x := range cn {
				s.revisions += x.Revision
			}
			if p, err := tx.Plans().ByChild(ctx, c); err == nil {
				s.planRev += int(p.Revision)
			}
		}
		return nil
	})
	require.NoError(w.t, err)
	return s
}

// auditSince returns the audit entries after seq, in order.
func (w *env) auditSince(seq int64) []adapters.AuditEntry {
	w.t.Helper()
	var out []adapters.AuditEntry
	err := w.store.View(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Audit().Scan(ctx, seq+1, adapters.PageRequest{Limit: adapters.MaxPageLimit})
		out = p.Items
		return err
	})
	require.NoError(w.t, err)
	return out
}

// eventsSince returns the pending events after the first n, in order.
func (w *env) eventsSince(n int64) []adapters.Event {
	w.t.Helper()
	p, err := w.svc.PendingEvents(w.ctx, adapters.PageRequest{Limit: adapters.MaxPageLimit})
	require.NoError(w.t, err)
	if int64(len(p.Items)) < n {
		w.t.Fatalf("fewer events than before")
	}
	return p.Items[n:]
}

// eventTypes returns the types of the events.
func eventTypes(es []adapters.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Type)
	}
	return out
}

// entrySummary describes an audit entry in the tests' terms.
func entrySummary(e adapters.AuditEntry) string {
	s := fmt.Sprintf("%s %s", e.Action, e.Category)
	if e.Allowed {
		s += " allowed " + e.BasisKind
	} else {
		s += " denied"
	}
	return s
}

func summaries(es []adapters.AuditEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, entrySummary(e))
	}
	return out
}

// activePlan creates and activates a plan for the child by socsek as
// Stödsamordnare with a goal and one item of each of the given agencies
// (the first item of each agency named for its professional when given).
func (w *env) activePlan(f family, author string, items map[roles.Agency]roles.ID[roles.Professional]) (backa.PlanChange, map[roles.Agency]roles.ID[plan.Item]) {
	w.t.Helper()
	goal := roles.MustNewID[plan.Goal]()
	ops := []backa.PlanOp{
		backa.SetReason{Reason: "Oro för trygghet i skolan."},
		backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: []behovskompass.Area{behovskompass.Trygghet}, Outcome: "Trygg i skolan", Indicator: "Går gärna till skolan"}},
		backa.SetNextReview{Date: roles.DateOf(w.clock.Now()).AddDays(60)},
	}
	ids := map[roles.Agency]roles.ID[plan.Item]{}
	for _, a := range roles.Agencies() {
		p, ok := items[a]
		if !ok {
			continue
		}
		id := roles.MustNewID[plan.Item]()
		ids[a] = id
		ops = append(ops, backa.AddItem{Item: plan.Item{
			ID: id, Description: "Insats " + a.Label(), GoalID: goal, Area: behovskompass.Trygghet,
			Agency: a, ProfessionalID: p, PrincipalID: w.orgs[a].ID,
			Start: roles.DateOf(w.clock.Now()), Due: roles.DateOf(w.clock.Now()).AddDays(30),
		}})
	}
	if len(items) > 1 && items[roles.Socialtjanst] != (roles.ID[roles.Professional]{}) && items[roles.HalsoSjukvard] != (roles.ID[roles.Professional]{}) {
		ops = append(ops, backa.SetSIP{SIP: &plan.SIP{LeadPrincipalID: w.orgs[roles.Socialtjanst].ID}})
	}
	_, err := w.svc.CreatePlan(w.ctx, w.actor(author), backa.ChangePlanRequest{ChildID: f.child.ID, Ops: ops})
	require.NoError(w.t, err)
	pc, err := w.svc.ActivatePlan(w.ctx, w.actor(author), backa.PlanStatusRequest{ChildID: f.child.ID})
	require.NoError(w.t, err)
	return pc, ids
}
