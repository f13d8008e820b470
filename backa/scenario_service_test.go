package backa_test

// The real target of the scenarios: backa.Service over an adapter (memstore,
// SQLite through adapters/sqlstore, and PostgreSQL when BACKA_POSTGRES_DSN is
// set). Facts go through the Service's use cases, as a vendor's system would
// record them; the few facts the Service has no use case for are written to
// the store directly (see scServicePlayer.record). Questions (request,
// authority) are answered by roles.Decide over the records the Service
// stored, read back from the store; overviews are read through the Service.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// scPostgresDSN names the environment variable with a PostgreSQL database the
// tests may create schemas in.
const scPostgresDSN = "BACKA_POSTGRES_DSN"

// scServiceKinds are the adapters the Service player runs on.
func scServiceKinds() []scPlayerKind {
	open := func(openStore func(t *testing.T) adapters.Store) func(t *testing.T, w *scWorld) scPlayer {
		return func(t *testing.T, w *scWorld) scPlayer { return scNewServicePlayer(t, w, openStore(t)) }
	}
	return []scPlayerKind{
		{name: "memstore", family: scFamilyService, new: open(func(*testing.T) adapters.Store { return memstore.New() })},
		{name: "sqlite", family: scFamilyService, new: open(scOpenSQLite)},
		{name: "postgres", family: scFamilyService, new: open(scOpenPostgres), skip: scPostgresSkip()},
	}
}

func scOpenSQLite(t *testing.T) adapters.Store {
	s, err := sqlstore.OpenSQLite(context.Background(), sqlstore.MemoryPath)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// scPostgresSkip says why the PostgreSQL runs cannot happen here, or "".
// Under CI=true a missing database fails the runs instead (see scRunScenario).
func scPostgresSkip() string {
	if os.Getenv(scPostgresDSN) == "" {
		return scPostgresDSN + " is not set, so the scenarios do not run on PostgreSQL"
	}
	return ""
}

var (
	scPGAdminOnce sync.Once
	scPGAdmin     *sql.DB
	scPGAdminErr  error
)

// scOpenPostgres opens a store in a fresh schema of the PostgreSQL test
// database, dropped when the test ends.
func scOpenPostgres(t *testing.T) adapters.Store {
	dsn := os.Getenv(scPostgresDSN)
	ctx := context.Background()
	scPGAdminOnce.Do(func() { scPGAdmin, scPGAdminErr = sql.Open("pgx", dsn) })
	if scPGAdminErr != nil {
		t.Fatalf("opening %s: %v", scPostgresDSN, scPGAdminErr)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "backa_scenario_" + hex.EncodeToString(b[:])
	if _, err := scPGAdmin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating a schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := scPGAdmin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping the test schema: %v", err)
		}
	})
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("parsing %s: %v", scPostgresDSN, err)
	}
	cfg.RuntimeParams["search_path"] = schema
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(4)
	s, err := sqlstore.Open(ctx, db, sqlstore.PostgreSQL, nil)
	if err != nil {
		_ = db.Close()
		t.Fatalf("sqlstore.Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close(); _ = db.Close() })
	return s
}

// scServicePlayer plays a scenario through backa.Service on one store.
type scServicePlayer struct {
	w     *scWorld
	store adapters.Store
	svc   *backa.Service

	now time.Time // the Service's clock: the time of the step being played
	n   uint64    // IDs handed out

	enrolled map[roles.ID[roles.Child]]bool
	pending  map[roles.ID[roles.Child]][]scPendingCustody
	bk       map[roles.ID[roles.Child]]string // the Barnkontakt's name

	// The IDs the Service gave the records a scenario names.
	assignments map[string]scAssigned
	custodies   map[string]roles.ID[roles.Custody]
	maturity    map[string]roles.ID[roles.MaturityAssessment]
	harms       map[string]roles.ID[roles.HarmException]
}

// scPendingCustody is a custody recorded before its child is enrolled: the
// Service takes it with the enrolment.
type scPendingCustody struct {
	name     string
	guardian string
	since    time.Time
	until    time.Time
}

// scAssigned is an assignment the Service made, with its role.
type scAssigned struct {
	id   roles.ID[roles.Assignment]
	role roles.Role
}

var _ scPlayer = (*scServicePlayer)(nil)

// scNewServicePlayer returns a player over store, with the cast's
// organisations, units and professionals written to it (a vendor's directory;
// the Service has no use case for them).
func scNewServicePlayer(t *testing.T, w *scWorld, store adapters.Store) *scServicePlayer {
	p := &scServicePlayer{
		w: w, store: store,
		enrolled: map[roles.ID[roles.Child]]bool{}, pending: map[roles.ID[roles.Child]][]scPendingCustody{},
		bk: map[roles.ID[roles.Child]]string{}, assignments: map[string]scAssigned{},
		custodies: map[string]roles.ID[roles.Custody]{}, maturity: map[string]roles.ID[roles.MaturityAssessment]{},
		harms: map[string]roles.ID[roles.HarmException]{},
	}
	pol := w.policy
	svc, err := backa.NewService(store, &backa.Options{Policy: &pol, Now: func() time.Time { return p.now }, NewID: p.newID})
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	p.svc = svc
	err = store.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error {
		for _, o := range w.sc.all.Organisations {
			org := w.orgs[o.Name]
			if err := tx.Organisations().Create(ctx, &org); err != nil {
				return err
			}
		}
		for _, u := range w.sc.all.Units {
			unit := w.units[u.Name]
			if err := tx.Units().Create(ctx, &unit); err != nil {
				return err
			}
		}
		for _, pr := range w.sc.all.Professionals {
			prof := w.profs[pr.Name]
			if err := tx.Professionals().Create(ctx, &prof); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("writing the cast: %v", err)
	}
	return p
}

// newID is the Service's Options.NewID: a UUIDv7 with the step's time and bits
// derived from the scenario and a counter, so that every run writes the same IDs.
func (p *scServicePlayer) newID() (uuid.UUID, error) {
	p.n++
	h := sha256.Sum256(fmt.Appendf(nil, "%s/service/%d", p.w.sc.ID, p.n))
	var u uuid.UUID
	copy(u[:], h[:16])
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(p.now.UnixMilli()))
	copy(u[0:6], ms[2:8])
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u, nil
}

// at sets the Service's clock to the step's time.
func (p *scServicePlayer) at(st *scStep) { p.now = st.At.Time }

// by returns who acts for an assignment: the step's by, or else the child's
// Barnkontakt, or else the holder.
func (p *scServicePlayer) by(st *scStep) string {
	e := st.Assign
	switch {
	case e.By != "":
		return e.By
	case p.bk[p.w.child(e.Child).ID] != "":
		return p.bk[p.w.child(e.Child).ID]
	}
	return e.Holder
}

func (p *scServicePlayer) record(ctx context.Context, st *scStep) error {
	p.at(st)
	w := p.w
	switch {
	case st.Custody != nil:
		return p.custody(ctx, st)
	case st.Assign != nil:
		return p.assign(ctx, st)
	case st.End != nil:
		return p.end(ctx, st)
	case st.Consent != nil:
		c := w.consent(st)
		_, err := p.svc.RecordConsent(ctx, w.actor(st.Consent.RecordedBy), c)
		return err
	case st.GiveConsent != nil:
		// No use case adds a giver to a recorded consent: the consent is
		// updated in the store, as the disclosing agency's system would.
		cid := scID[roles.Consent](w, scKindConsent, st.GiveConsent.Consent)
		return p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			c, err := tx.Consents().Get(ctx, cid)
			if err != nil {
				return err
			}
			c.Givers = append(c.Givers, roles.ConsentGiver{Party: w.party(st.GiveConsent.By), GivenAt: st.At.Time})
			c.RecordedAt = st.At.Time
			if err := c.ValidateWith(&w.policy); err != nil {
				return err
			}
			return tx.Consents().Update(ctx, &c)
		})
	case st.Withdraw != nil:
		e := st.Withdraw
		return p.svc.WithdrawConsent(ctx, w.actor(e.RecordedBy), backa.WithdrawRequest{
			ConsentID: scID[roles.Consent](w, scKindConsent, e.Consent), By: w.party(e.By), At: st.At.Time,
		})
	case st.Disclosure != nil:
		e := st.Disclosure
		d := w.disclosure(st)
		if dec := w.profs[e.DecidedBy]; d.From != dec.Agency {
			return fmt.Errorf("the Service records a disclosure from the deciding professional's agency (%s), not %s", dec.Agency, d.From)
		}
		_, err := p.svc.RecordDisclosure(ctx, w.actor(e.DecidedBy), backa.DisclosureRequest{
			ChildID: d.ChildID, Outcome: d.Outcome, Categories: d.Categories, To: d.To, ToUnitID: d.ToUnitID,
			Recipient: d.Recipient, Purpose: d.Purpose, Basis: d.Basis, Reason: d.Reason, Views: d.Views,
			FamilyInformed: d.FamilyInformed, NotInformedReason: d.NotInformedReason,
		})
		return err
	case st.Maturity != nil:
		// No use case records a maturity assessment: written to the store.
		m := w.maturity(st)
		if err := m.Validate(); err != nil {
			return err
		}
		p.maturity[scRecordName(st.Maturity.Name, st)] = m.ID
		return p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			return tx.MaturityAssessments().Create(ctx, &m)
		})
	case st.HarmException != nil:
		// No use case records a significant-harm exception: written to the store.
		h := w.harm(st)
		if err := h.Validate(); err != nil {
			return err
		}
		p.harms[scRecordName(st.HarmException.Name, st)] = h.ID
		return p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			return tx.HarmExceptions().Create(ctx, &h)
		})
	case st.Registration != nil:
		// The population register's changes come in through the vendor's
		// import: written to the store.
		e := st.Registration
		return p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			c, err := tx.Children().Get(ctx, w.child(e.Child).ID)
			if err != nil {
				return err
			}
			if e.Kommun != "" {
				c.Kommun = e.Kommun
			}
			if e.Protection != "" {
				c.Protection = e.Protection
			}
			if err := c.Validate(); err != nil {
				return err
			}
			return tx.Children().Update(ctx, &c)
		})
	case st.Assessment != nil:
		a := w.assessment(st)
		_, err := p.svc.RecordAssessment(ctx, w.actor(st.Assessment.AssessedBy), a, roles.PurposeBehovsbedomning)
		return err
	case st.Concern != nil:
		e := st.Concern
		req := backa.ConcernRequest{ChildID: w.child(e.Child).ID, Noticed: e.Noticed, Areas: e.Areas, Seriousness: e.Seriousness}
		if r := e.Report; r != nil {
			req.Report = &backa.Report{Reason: r.Reason, FamilyInformed: r.FamilyInformed, NotInformedReason: r.NotInformedReason}
			if u, ok := w.units[r.ToUnit]; ok {
				req.Report.ToUnitID = u.ID
			}
			for _, v := range r.Views {
				req.Report.Views = append(req.Report.Views, roles.ExpressedView{By: w.party(v.By), View: v.Text})
			}
		}
		_, err := p.svc.RaiseConcern(ctx, w.actor(e.RaisedBy), req)
		return err
	}
	return fmt.Errorf("step kind %s is not a fact", st.kind())
}

// custody records a custody: with the enrolment when the child is not yet
// enrolled, else in the store (the population register's change, through the
// vendor's import; the Service has no use case for it).
func (p *scServicePlayer) custody(ctx context.Context, st *scStep) error {
	w := p.w
	c := w.custody(st)
	if err := c.Validate(); err != nil {
		return err
	}
	name := scRecordName(st.Custody.Name, st)
	if !p.enrolled[c.ChildID] {
		p.pending[c.ChildID] = append(p.pending[c.ChildID], scPendingCustody{name: name, guardian: st.Custody.Guardian, since: c.Period.Start, until: c.Period.End})
		return nil
	}
	g := w.guardians[st.Custody.Guardian]
	err := p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if _, err := tx.Guardians().Get(ctx, g.ID); errors.Is(err, adapters.ErrNotFound) {
			if err := tx.Guardians().Create(ctx, &g); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		return tx.Custodies().Create(ctx, &c)
	})
	if err == nil {
		p.custodies[name] = c.ID
	}
	return err
}

// assign gives a role through the use case for it: the first Barnkontakt by
// enrolling the child, a later one by a handover, the Stödsamordnare by
// appointment, team members and närstående through ChangeTeam. An Upptäckare
// is given by raising a concern; an Upptäckare named before the concern is
// written to the store.
func (p *scServicePlayer) assign(ctx context.Context, st *scStep) error {
	w := p.w
	e := st.Assign
	child := w.child(e.Child)
	name := scRecordName(e.Name, st)
	holder := w.profs[e.Holder]
	if e.Until != nil {
		return errors.New("the Service gives roles without an end: end them with an end step")
	}
	actor := w.actor(p.by(st))
	var id roles.ID[roles.Assignment]
	switch {
	case e.Role == roles.Barnkontakt && !p.enrolled[child.ID]:
		req := backa.EnrolRequest{Child: *child, Barnkontakt: holder.ID, Since: st.At.Time}
		for _, pc := range p.pending[child.ID] {
			req.Guardians = append(req.Guardians, backa.GuardianCustody{Guardian: w.guardians[pc.guardian], Since: pc.since})
		}
		en, err := p.svc.Enrol(ctx, w.actor(e.Holder), req)
		if err != nil {
			return err
		}
		p.enrolled[child.ID] = true
		if len(en.Guardians) != len(req.Guardians) || len(en.Custodies) != len(req.Guardians) {
			return fmt.Errorf("Enrol stored %d guardians and %d custodies, want %d", len(en.Guardians), len(en.Custodies), len(req.Guardians))
		}
		for i, pc := range p.pending[child.ID] {
			p.custodies[pc.name] = en.Custodies[i]
			// The Service gives a new guardian an ID of its own: the world
			// follows, so that the scenario's names keep naming them.
			p.w.renameGuardian(pc.guardian, en.Guardians[i])
		}
		id = en.Barnkontakt
		for i, pc := range p.pending[child.ID] {
			if pc.until.IsZero() {
				continue
			}
			cid := en.Custodies[i]
			err := p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
				c, err := tx.Custodies().Get(ctx, cid)
				if err != nil {
					return err
				}
				c.Period.End = pc.until
				return tx.Custodies().Update(ctx, &c)
			})
			if err != nil {
				return err
			}
		}
		delete(p.pending, child.ID)
	case !p.enrolled[child.ID]:
		return fmt.Errorf("child %s is not enrolled: the Service enrols a child with its first Barnkontakt", w.sc.child(e.Child))
	case e.Role == roles.Barnkontakt:
		rc, err := p.svc.AssignBarnkontakt(ctx, actor, backa.RoleRequest{ChildID: child.ID, Professional: holder.ID, From: st.At.Time})
		if err != nil {
			return err
		}
		id = rc.Assignment
	case e.Role == roles.Stodsamordnare:
		rc, err := p.svc.AppointStodsamordnare(ctx, actor, backa.RoleRequest{ChildID: child.ID, Professional: holder.ID, From: st.At.Time})
		if err != nil {
			return err
		}
		id = rc.Assignment
	case e.Role == roles.BarnetsTeam || e.Role == roles.Barnteam || e.Role == roles.Narstaende:
		m := backa.TeamMember{Professional: holder.ID, Role: e.Role}
		if e.Role == roles.Narstaende {
			rp := w.related[e.Holder]
			m = backa.TeamMember{Related: &rp}
		}
		tc, err := p.svc.ChangeTeam(ctx, actor, backa.TeamRequest{ChildID: child.ID, Add: []backa.TeamMember{m}, At: st.At.Time})
		if err != nil {
			return err
		}
		if len(tc.Added) != 1 {
			return fmt.Errorf("ChangeTeam added %d members, want 1", len(tc.Added))
		}
		id = tc.Added[0]
	default:
		a := w.assignment(st, w.party(p.by(st)))
		if err := a.Validate(); err != nil {
			return err
		}
		if err := p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Assignments().Create(ctx, &a) }); err != nil {
			return err
		}
		id = a.ID
	}
	p.assignments[name] = scAssigned{id: id, role: e.Role}
	if e.Role == roles.Barnkontakt {
		p.bk[child.ID] = e.Holder
	}
	return nil
}

// end ends a record's period: a team membership through ChangeTeam, anything
// else in the store (the Service has no use case that ends a custody, a
// Barnkontakt or Stödsamordnare without a successor, a maturity assessment or
// a significant-harm exception).
func (p *scServicePlayer) end(ctx context.Context, st *scStep) error {
	w := p.w
	name := st.End.Record
	at := st.At.Time
	if a, ok := p.assignments[name]; ok && (a.role == roles.BarnetsTeam || a.role == roles.Barnteam || a.role == roles.Narstaende) {
		var child roles.ID[roles.Child]
		if err := p.store.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
			x, err := tx.Assignments().Get(ctx, a.id)
			child = x.ChildID
			return err
		}); err != nil {
			return err
		}
		actor := w.actor(p.bk[child])
		_, err := p.svc.ChangeTeam(ctx, actor, backa.TeamRequest{ChildID: child, End: []roles.ID[roles.Assignment]{a.id}, At: at})
		return err
	}
	return p.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if a, ok := p.assignments[name]; ok {
			x, err := tx.Assignments().Get(ctx, a.id)
			if err != nil {
				return err
			}
			x.Period.End = at
			return tx.Assignments().Update(ctx, &x)
		}
		if id, ok := p.custodies[name]; ok {
			x, err := tx.Custodies().Get(ctx, id)
			if err != nil {
				return err
			}
			x.Period.End = at
			return tx.Custodies().Update(ctx, &x)
		}
		if id, ok := p.maturity[name]; ok {
			x, err := tx.MaturityAssessments().Get(ctx, id)
			if err != nil {
				return err
			}
			x.Period.End = at
			return tx.MaturityAssessments().Update(ctx, &x)
		}
		if id, ok := p.harms[name]; ok {
			x, err := tx.HarmExceptions().Get(ctx, id)
			if err != nil {
				return err
			}
			x.Period.End = at
			return tx.HarmExceptions().Update(ctx, &x)
		}
		return fmt.Errorf("end: %s was never recorded", name)
	})
}

// facts reads the child's records back from the store and indexes them.
func (p *scServicePlayer) facts(ctx context.Context, child roles.ID[roles.Child]) (*roles.Facts, error) {
	var f *roles.Facts
	err := p.store.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		c, err := tx.Children().Get(ctx, child)
		if err != nil {
			return err
		}
		var r roles.Records
		if r.Custodies, err = tx.Custodies().OfChild(ctx, child); err != nil {
			return err
		}
		for _, cu := range r.Custodies {
			g, err := tx.Guardians().Get(ctx, cu.GuardianID)
			if err != nil {
				return err
			}
			r.Guardians = append(r.Guardians, g)
		}
		if r.Assignments, err = tx.Assignments().OfChild(ctx, child); err != nil {
			return err
		}
		if r.Consents, err = tx.Consents().OfChild(ctx, child); err != nil {
			return err
		}
		if r.Disclosures, err = tx.Disclosures().OfChild(ctx, child); err != nil {
			return err
		}
		if r.MaturityAssessments, err = tx.MaturityAssessments().OfChild(ctx, child); err != nil {
			return err
		}
		if r.HarmExceptions, err = tx.HarmExceptions().OfChild(ctx, child); err != nil {
			return err
		}
		f, err = roles.NewFacts(&c, r)
		return err
	})
	return f, err
}

// decide answers a request with roles.Decide over the records the Service
// stored: backa has no use case that answers a bare question, so this checks
// that what the Service recorded, on this store, leads to the same decisions.
func (p *scServicePlayer) decide(ctx context.Context, st *scStep) (roles.Decision, error) {
	p.at(st)
	req := p.w.request(st)
	f, err := p.facts(ctx, req.Child)
	if err != nil {
		return roles.Decision{}, err
	}
	pol := p.svc.Policy()
	req.Facts, req.Policy = f, &pol
	return roles.Decide(req), nil
}

func (p *scServicePlayer) authority(ctx context.Context, st *scStep) (roles.Authority, error) {
	p.at(st)
	f, err := p.facts(ctx, p.w.child(st.Authority.Child).ID)
	if err != nil {
		return roles.Authority{}, err
	}
	pol := p.svc.Policy()
	return f.Authority(&pol, st.At.Time), nil
}

// overview reads the child's overview through the Service (a refusal shows
// nothing), and, for a professional, the child's basic record with contact
// data. Guardians and the child read their basic record in their own systems,
// not through backa, so they see no contact data here.
func (p *scServicePlayer) overview(ctx context.Context, st *scStep) (scOverviewSeen, error) {
	p.at(st)
	o := st.Overview
	w := p.w
	child := w.child(o.Child).ID
	actor := w.actor(o.Actor)
	ropts := backa.ReadOptions{Purpose: o.Purpose, ConfirmProtected: true}
	var seen scOverviewSeen
	ov, err := p.svc.Overview(ctx, actor, child, backa.OverviewOptions{ReadOptions: ropts})
	switch {
	case errors.Is(err, backa.ErrDenied):
	case err != nil:
		return seen, err
	default:
		for _, area := range ov.Helhetsbild.Areas {
			for _, e := range area.Latest {
				if !slices.Contains(seen.assessments, e.AssessmentID) {
					seen.assessments = append(seen.assessments, e.AssessmentID)
				}
				if !slices.Contains(seen.agencies, e.Agency) {
					seen.agencies = append(seen.agencies, e.Agency)
				}
			}
		}
	}
	if actor.Party.Kind == roles.PartyProfessional {
		cv, err := p.svc.Child(ctx, actor, child, backa.ChildOptions{ReadOptions: ropts, WithContact: true})
		switch {
		case errors.Is(err, backa.ErrDenied):
		case err != nil:
			return seen, err
		default:
			seen.contact = cv.Child.Contact != nil && !cv.ContactWithheld
		}
	}
	return seen, nil
}

// changePlan creates the plan (the first plan step) or changes it, through
// the Service, with the steps of the plan step in the README's order. The
// Barnkontakt and Stödsamordnare of the plan follow the role assignments in the
// Service, so those fields of a plan step are not steps here.
func (p *scServicePlayer) changePlan(ctx context.Context, st *scStep) (*plan.Plan, error) {
	p.at(st)
	e := st.Plan
	w := p.w
	child := w.child(e.Child).ID
	var ops []backa.PlanOp
	if e.Status == plan.Aktiv {
		ops = append(ops, backa.SetPlanStatus{To: plan.Aktiv})
	}
	if e.Reason != "" {
		ops = append(ops, backa.SetReason{Reason: e.Reason})
	}
	if !e.NextReview.IsZero() {
		ops = append(ops, backa.SetNextReview{Date: e.NextReview})
	}
	for _, m := range e.Members {
		if w.sc.names[m.Party] == scKindProfessional || w.sc.names[m.Party] == scKindRelated {
			return nil, errors.New("professionals and närstående join the team through an assign step")
		}
		ops = append(ops, backa.AddMember{Member: plan.Member{
			ID: scID[plan.Member](w, scKindPlanMember, scRecordName(m.Name, st)+"/"+m.Party), Party: w.party(m.Party), Role: m.Role,
			Period: roles.Period{Start: st.At.Time},
		}})
	}
	for i, v := range e.Views {
		name := v.Name
		if name == "" {
			name = fmt.Sprintf("%s/%d", scRecordName("", st), i)
		}
		ops = append(ops, backa.AddView{View: plan.View{ID: scID[plan.View](w, scKindPlanView, name), Holder: w.party(v.By), Text: v.Text}})
	}
	for _, g := range e.Goals {
		ops = append(ops, backa.AddGoal{Goal: plan.Goal{ID: scID[plan.Goal](w, scKindGoal, g.Name), Areas: g.Areas, Outcome: g.Outcome, Indicator: g.Indicator}})
	}
	for _, it := range e.Items {
		ops = append(ops, backa.AddItem{Item: scPlanItemOf(w, it)})
	}
	if e.SIP != nil {
		ops = append(ops, backa.SetSIP{SIP: scPlanSIPOf(w, e.SIP)})
	}
	for _, m := range e.ItemStatus {
		ops = append(ops, backa.SetItemStatus{ItemID: scID[plan.Item](w, scKindItem, m.Item), To: m.To, Note: m.Note})
	}
	if f := e.FollowUp; f != nil {
		ops = append(ops, backa.RecordFollowUp{FollowUp: scFollowUpOf(w, st, f)})
	}
	if e.Status != "" && e.Status != plan.Aktiv {
		ops = append(ops, backa.SetPlanStatus{To: e.Status})
	}
	exists := true
	if err := p.store.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Plans().ByChild(ctx, child)
		if errors.Is(err, adapters.ErrNotFound) {
			exists = false
			return nil
		}
		return err
	}); err != nil {
		return nil, err
	}
	req := backa.ChangePlanRequest{ChildID: child, Summary: e.Summary, Ops: ops}
	var err error
	if exists {
		_, err = p.svc.ChangePlan(ctx, w.actor(e.By), req)
	} else {
		_, err = p.svc.CreatePlan(ctx, w.actor(e.By), req)
	}
	if err != nil {
		return nil, err
	}
	var pl plan.Plan
	err = p.store.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		var err error
		pl, err = tx.Plans().ByChild(ctx, child)
		return err
	})
	return &pl, err
}

// finish checks what every scenario must leave behind: an audit trail whose
// hash chain holds.
func (p *scServicePlayer) finish(ctx context.Context) []string {
	if _, err := p.svc.VerifyAudit(ctx); err != nil {
		return []string{fmt.Sprintf("the audit trail does not verify: %v", err)}
	}
	return nil
}
