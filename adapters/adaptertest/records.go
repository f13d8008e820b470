package adaptertest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// recordID is what the suite needs of a record's ID type.
type recordID interface {
	comparable
	String() string
}

// recordKind describes one kind of mutable record to the generic Records cases.
type recordKind[T any, I recordID] struct {
	name   string // the repository: "Children"
	entity adapters.Entity
	repo   func(adapters.Tx) adapters.Records[T, I]
	id     func(*T) *I
	rev    func(*T) *int64
	// fresh writes in tx what a new record refers to and returns the record,
	// not yet stored, with every field set.
	fresh func(f *Fixtures, ctx context.Context, tx adapters.Tx) (T, error)
	// minimal clears every optional field of v.
	minimal func(v *T)
	// change changes v as an update would, setting some fields and clearing others.
	change func(v *T)
	// value marks a kind whose records are values a store may share (plans,
	// see adapters.Plans): it has no NoAliasing case but a case of its own.
	value bool
}

func (k recordKind[T, I]) cases() []testCase {
	p := "Records/" + k.name + "/"
	cases := []testCase{
		{p + "Create", k.testCreate},
		{p + "RoundTripMinimal", k.testMinimal},
		{p + "Duplicate", k.testDuplicate},
		{p + "NotFound", k.testNotFound},
		{p + "ZeroID", k.testZeroID},
		{p + "Update", k.testUpdate},
		{p + "StaleRevision", k.testStale},
		{p + "UpdateNotFound", k.testUpdateNotFound},
	}
	if !k.value {
		cases = append(cases, testCase{p + "NoAliasing", k.testNoAliasing})
	}
	return cases
}

// store creates a fresh record (and what it refers to) and returns it as
// passed to Create.
func (k recordKind[T, I]) store(e *env, adjust func(*T)) T {
	e.t.Helper()
	var v T
	e.tx("creating a "+string(k.entity), func(ctx context.Context, tx adapters.Tx) error {
		var err error
		if v, err = k.fresh(e.f, ctx, tx); err != nil {
			return err
		}
		if adjust != nil {
			adjust(&v)
		}
		return k.repo(tx).Create(ctx, &v)
	})
	return v
}

// get reads the record with id in a View.
func (k recordKind[T, I]) get(e *env, id I) (T, error) {
	var v T
	err := e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		var err error
		v, err = k.repo(tx).Get(ctx, id)
		return err
	})
	return v, err
}

func (k recordKind[T, I]) mustGet(e *env, what string, id I) T {
	e.t.Helper()
	v, err := k.get(e, id)
	noErr(e.t, what, err)
	return v
}

func (k recordKind[T, I]) testCreate(e *env) {
	v := k.store(e, func(v *T) { *k.rev(v) = 7 })
	if r := *k.rev(&v); r != 1 {
		e.t.Errorf("%s.Create: the value's Revision = %d after Create, want 1", k.name, r)
	}
	got := k.mustGet(e, k.name+".Get after Create", *k.id(&v))
	same(e, k.name+".Get after Create", got, v)
}

func (k recordKind[T, I]) testMinimal(e *env) {
	v := k.store(e, k.minimal)
	got := k.mustGet(e, k.name+".Get after Create", *k.id(&v))
	same(e, k.name+".Get after Create of a record with only the required fields", got, v)
}

func (k recordKind[T, I]) testDuplicate(e *env) {
	v := k.store(e, nil)
	dup := Expected(v)
	k.change(&dup)
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		return k.repo(tx).Create(ctx, &dup)
	})
	id := *k.id(&v)
	wantErr(e.t, k.name+".Create with an ID in use", err, adapters.ErrAlreadyExists, k.entity, id.String())
	got := k.mustGet(e, k.name+".Get after a failed Create", id)
	same(e, k.name+".Get after a Create with the same ID failed", got, v)
}

func (k recordKind[T, I]) testNotFound(e *env) {
	v := k.store(e, nil)
	var other T
	e.tx("making a second record", func(ctx context.Context, tx adapters.Tx) error {
		var err error
		other, err = k.fresh(e.f, ctx, tx)
		return err
	})
	id := *k.id(&other)
	_, err := k.get(e, id)
	wantErr(e.t, k.name+".Get of an ID never stored", err, adapters.ErrNotFound, k.entity, id.String())
	k.mustGet(e, k.name+".Get of the stored one", *k.id(&v))
}

func (k recordKind[T, I]) testZeroID(e *env) {
	var v T
	var zero I
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		var err error
		if v, err = k.fresh(e.f, ctx, tx); err != nil {
			return err
		}
		*k.id(&v) = zero
		return k.repo(tx).Create(ctx, &v)
	})
	wantErr(e.t, k.name+".Create with a zero ID", err, roles.ErrInvalid, "", "")
	err = e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		return k.repo(tx).Update(ctx, &v)
	})
	wantErr(e.t, k.name+".Update with a zero ID", err, roles.ErrInvalid, "", "")
}

func (k recordKind[T, I]) update(e *env, v *T) error {
	return e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		return k.repo(tx).Update(ctx, v)
	})
}

func (k recordKind[T, I]) testUpdate(e *env) {
	other := k.store(e, nil)
	v := k.store(e, nil)
	k.change(&v)
	noErr(e.t, k.name+".Update at revision 1", k.update(e, &v))
	if r := *k.rev(&v); r != 2 {
		e.t.Errorf("%s.Update: the value's Revision = %d after the first Update, want 2", k.name, r)
	}
	got := k.mustGet(e, k.name+".Get after Update", *k.id(&v))
	same(e, k.name+".Get after Update", got, v)

	k.minimal(&got)
	noErr(e.t, k.name+".Update at revision 2 of the value Get returned", k.update(e, &got))
	if r := *k.rev(&got); r != 3 {
		e.t.Errorf("%s.Update: the value's Revision = %d after the second Update, want 3", k.name, r)
	}
	again := k.mustGet(e, k.name+".Get after the second Update", *k.id(&v))
	same(e, k.name+".Get after an Update that cleared the optional fields", again, got)
	untouched := k.mustGet(e, k.name+".Get of another record", *k.id(&other))
	same(e, k.name+".Get of another record after Updates of one (an Update must change only its record)", untouched, other)
}

func (k recordKind[T, I]) testStale(e *env) {
	v := k.store(e, nil)
	stale := Expected(v)
	k.change(&v)
	noErr(e.t, k.name+".Update at revision 1", k.update(e, &v))
	want := Expected(v)
	id := *k.id(&v)
	for _, rev := range []int64{1, 0, 3, 99} {
		s := Expected(stale)
		*k.rev(&s) = rev
		k.minimal(&s)
		err := k.update(e, &s)
		wantErr(e.t, errorf("%s.Update with revision %d when the stored one is 2", k.name, rev), err, adapters.ErrConflict, k.entity, id.String())
		if *k.rev(&s) != rev {
			e.t.Errorf("%s.Update that failed changed the value's Revision from %d to %d", k.name, rev, *k.rev(&s))
		}
	}
	got := k.mustGet(e, k.name+".Get after stale Updates", id)
	same(e, k.name+".Get after stale Updates (they must change nothing)", got, want)
}

func (k recordKind[T, I]) testUpdateNotFound(e *env) {
	var v T
	e.tx("making a record", func(ctx context.Context, tx adapters.Tx) error {
		var err error
		v, err = k.fresh(e.f, ctx, tx)
		return err
	})
	*k.rev(&v) = 1
	err := k.update(e, &v)
	id := *k.id(&v)
	wantErr(e.t, k.name+".Update of a record never created", err, adapters.ErrNotFound, k.entity, id.String())
	if _, err := k.get(e, id); !errors.Is(err, adapters.ErrNotFound) {
		e.t.Errorf("%s.Get after an Update of a record never created: got %v, want an error matching ErrNotFound (Update must not create)", k.name, err)
	}
}

func (k recordKind[T, I]) testNoAliasing(e *env) {
	v := k.store(e, nil)
	want := Expected(v)
	id := *k.id(&v)
	scribble(reflect.ValueOf(&v).Elem())
	got := k.mustGet(e, k.name+".Get", id)
	same(e, k.name+".Get after the caller changed the value it passed to Create", got, want)

	scribble(reflect.ValueOf(&got).Elem())
	again := k.mustGet(e, k.name+".Get", id)
	same(e, k.name+".Get after the caller changed a value Get returned", again, want)

	upd := Expected(want)
	k.change(&upd)
	noErr(e.t, k.name+".Update", k.update(e, &upd))
	want = Expected(upd)
	scribble(reflect.ValueOf(&upd).Elem())
	got = k.mustGet(e, k.name+".Get", id)
	same(e, k.name+".Get after the caller changed the value it passed to Update", got, want)
}

// The kinds of mutable records.

var childRecords = recordKind[roles.Child, roles.ID[roles.Child]]{
	name: "Children", entity: adapters.EntityChild,
	repo: func(tx adapters.Tx) adapters.Records[roles.Child, roles.ID[roles.Child]] { return tx.Children() },
	id:   func(v *roles.Child) *roles.ID[roles.Child] { return &v.ID },
	rev:  func(v *roles.Child) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, _ context.Context, _ adapters.Tx) (roles.Child, error) {
		return f.Child(), nil
	},
	minimal: func(v *roles.Child) { v.Contact = nil; v.Protection = roles.Oskyddad },
	change: func(v *roles.Child) {
		v.GivenName = "Zoë"
		v.Protection = roles.SkyddadFolkbokforing
		v.Kommun = roles.Mellerud
		v.Contact = &roles.Contact{City: "Mellerud"}
	},
}

var guardianRecords = recordKind[roles.Guardian, roles.ID[roles.Guardian]]{
	name: "Guardians", entity: adapters.EntityGuardian,
	repo: func(tx adapters.Tx) adapters.Records[roles.Guardian, roles.ID[roles.Guardian]] { return tx.Guardians() },
	id:   func(v *roles.Guardian) *roles.ID[roles.Guardian] { return &v.ID },
	rev:  func(v *roles.Guardian) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, _ context.Context, _ adapters.Tx) (roles.Guardian, error) {
		return f.Guardian(), nil
	},
	minimal: func(v *roles.Guardian) { v.Contact = nil },
	change: func(v *roles.Guardian) {
		v.FamilyName = "Ekström"
		v.Protection = roles.LokalHotbild
		v.Contact.Phone = ""
	},
}

var custodyRecords = recordKind[roles.Custody, roles.ID[roles.Custody]]{
	name: "Custodies", entity: adapters.EntityCustody,
	repo: func(tx adapters.Tx) adapters.Records[roles.Custody, roles.ID[roles.Custody]] { return tx.Custodies() },
	id:   func(v *roles.Custody) *roles.ID[roles.Custody] { return &v.ID },
	rev:  func(v *roles.Custody) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.Custody, error) {
		c, g := f.Child(), f.Guardian()
		if err := tx.Children().Create(ctx, &c); err != nil {
			return roles.Custody{}, err
		}
		if err := tx.Guardians().Create(ctx, &g); err != nil {
			return roles.Custody{}, err
		}
		return f.Custody(c.ID, g.ID), nil
	},
	minimal: func(v *roles.Custody) {
		v.Period.End = time.Time{}
		v.RecordedBy = roles.Party{}
		v.RecordedAt = time.Time{}
	},
	change: func(v *roles.Custody) {
		v.Period.End = v.Period.Start.Add(100*Day + 1234567*time.Nanosecond)
	},
}

var relatedRecords = recordKind[roles.RelatedPerson, roles.ID[roles.RelatedPerson]]{
	name: "RelatedPersons", entity: adapters.EntityRelatedPerson,
	repo: func(tx adapters.Tx) adapters.Records[roles.RelatedPerson, roles.ID[roles.RelatedPerson]] {
		return tx.RelatedPersons()
	},
	id:  func(v *roles.RelatedPerson) *roles.ID[roles.RelatedPerson] { return &v.ID },
	rev: func(v *roles.RelatedPerson) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, _ context.Context, _ adapters.Tx) (roles.RelatedPerson, error) {
		return f.RelatedPerson(), nil
	},
	minimal: func(v *roles.RelatedPerson) { v.Relation = "" },
	change:  func(v *roles.RelatedPerson) { v.Relation = "morfar"; v.GivenName = "Åke" },
}

var organisationRecords = recordKind[roles.Organisation, roles.ID[roles.Organisation]]{
	name: "Organisations", entity: adapters.EntityOrganisation,
	repo: func(tx adapters.Tx) adapters.Records[roles.Organisation, roles.ID[roles.Organisation]] {
		return tx.Organisations()
	},
	id:  func(v *roles.Organisation) *roles.ID[roles.Organisation] { return &v.ID },
	rev: func(v *roles.Organisation) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, _ context.Context, _ adapters.Tx) (roles.Organisation, error) {
		return f.Organisation(), nil
	},
	minimal: func(v *roles.Organisation) { v.Organisationsnummer = "" },
	change: func(v *roles.Organisation) {
		v.Kind, v.Name, v.Kommun = roles.Region, "Västra Götalandsregionen", ""
	},
}

var unitRecords = recordKind[roles.Unit, roles.ID[roles.Unit]]{
	name: "Units", entity: adapters.EntityUnit,
	repo: func(tx adapters.Tx) adapters.Records[roles.Unit, roles.ID[roles.Unit]] { return tx.Units() },
	id:   func(v *roles.Unit) *roles.ID[roles.Unit] { return &v.ID },
	rev:  func(v *roles.Unit) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.Unit, error) {
		o := f.Organisation()
		if err := tx.Organisations().Create(ctx, &o); err != nil {
			return roles.Unit{}, err
		}
		return f.Unit(o, roles.Forskola), nil
	},
	minimal: func(v *roles.Unit) { v.Kommun = ""; v.HSAID = "" },
	change:  func(v *roles.Unit) { v.Name = "Nya förskolan Ängen"; v.Agency = roles.Skola },
}

var professionalRecords = recordKind[roles.Professional, roles.ID[roles.Professional]]{
	name: "Professionals", entity: adapters.EntityProfessional,
	repo: func(tx adapters.Tx) adapters.Records[roles.Professional, roles.ID[roles.Professional]] {
		return tx.Professionals()
	},
	id:  func(v *roles.Professional) *roles.ID[roles.Professional] { return &v.ID },
	rev: func(v *roles.Professional) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.Professional, error) {
		o := f.Organisation()
		u := f.Unit(o, roles.ElevhalsaMedicinsk)
		if err := tx.Organisations().Create(ctx, &o); err != nil {
			return roles.Professional{}, err
		}
		if err := tx.Units().Create(ctx, &u); err != nil {
			return roles.Professional{}, err
		}
		return f.Professional(u), nil
	},
	minimal: func(v *roles.Professional) { v.Title = ""; v.HSAID = "" },
	change:  func(v *roles.Professional) { v.Title = "Skolsköterska"; v.FamilyName = "Nyström" },
}

var assignmentRecords = recordKind[roles.Assignment, roles.ID[roles.Assignment]]{
	name: "Assignments", entity: adapters.EntityAssignment,
	repo: func(tx adapters.Tx) adapters.Records[roles.Assignment, roles.ID[roles.Assignment]] {
		return tx.Assignments()
	},
	id:  func(v *roles.Assignment) *roles.ID[roles.Assignment] { return &v.ID },
	rev: func(v *roles.Assignment) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.Assignment, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return roles.Assignment{}, err
		}
		return f.Assignment(w.child.ID, w.nurse, roles.BarnetsTeam), nil
	},
	minimal: func(v *roles.Assignment) { v.UnitID = roles.ID[roles.Unit]{}; v.Period.End = time.Time{} },
	change: func(v *roles.Assignment) {
		v.Period.End = v.Period.Start.Add(30 * Day)
		v.Role = roles.Barnteam
	},
}

var assessmentRecords = recordKind[behovskompass.Assessment, roles.ID[behovskompass.Assessment]]{
	name: "Assessments", entity: adapters.EntityAssessment,
	repo: func(tx adapters.Tx) adapters.Records[behovskompass.Assessment, roles.ID[behovskompass.Assessment]] {
		return tx.Assessments()
	},
	id:  func(v *behovskompass.Assessment) *roles.ID[behovskompass.Assessment] { return &v.ID },
	rev: func(v *behovskompass.Assessment) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (behovskompass.Assessment, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return behovskompass.Assessment{}, err
		}
		return f.Assessment(w.child.ID, w.teacher, 0), nil
	},
	minimal: func(v *behovskompass.Assessment) {
		v.Areas = []behovskompass.AreaEntry{{Area: behovskompass.Halsa, Concerns: "Ofta förkyld.", Source: behovskompass.SourceDokumentation}}
		v.Views = behovskompass.Views{}
		v.Disagreements = nil
	},
	change: func(v *behovskompass.Assessment) {
		v.Areas[0].Level = behovskompass.OmfattandeBehov
		v.Areas = append(v.Areas, behovskompass.AreaEntry{Area: behovskompass.Tillhorighet, Strengths: "Har många vänner.", Source: behovskompass.SourceVardnadshavare})
		v.Disagreements = []behovskompass.Disagreement{}
	},
}

var concernRecords = recordKind[behovskompass.Concern, roles.ID[behovskompass.Concern]]{
	name: "Concerns", entity: adapters.EntityConcern,
	repo: func(tx adapters.Tx) adapters.Records[behovskompass.Concern, roles.ID[behovskompass.Concern]] {
		return tx.Concerns()
	},
	id:  func(v *behovskompass.Concern) *roles.ID[behovskompass.Concern] { return &v.ID },
	rev: func(v *behovskompass.Concern) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (behovskompass.Concern, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return behovskompass.Concern{}, err
		}
		return f.Concern(w.child.ID, w.nurse, w.barnkontakt, 0), nil
	},
	minimal: func(v *behovskompass.Concern) {
		v.Agency, v.UnitID, v.ReportedToSocialServicesAt = "", roles.ID[roles.Unit]{}, time.Time{}
		v.RaisedBy = roles.GuardianParty(roles.ID[roles.Guardian](v.RaisedBy.ID))
	},
	change: func(v *behovskompass.Concern) {
		v.Seriousness = behovskompass.Akut
		v.Areas = []behovskompass.Area{behovskompass.Trygghet}
	},
}

var planRecords = recordKind[plan.Plan, roles.ID[plan.Plan]]{
	name: "Plans", entity: adapters.EntityPlan, value: true,
	repo: func(tx adapters.Tx) adapters.Records[plan.Plan, roles.ID[plan.Plan]] { return tx.Plans() },
	id:   func(v *plan.Plan) *roles.ID[plan.Plan] { return &v.ID },
	rev:  func(v *plan.Plan) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (plan.Plan, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return plan.Plan{}, err
		}
		return f.Plan(w.planPeople(), 0), nil
	},
	minimal: func(v *plan.Plan) {
		*v = plan.Plan{ID: v.ID, ChildID: v.ChildID, Status: plan.Utkast, Revision: v.Revision,
			UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, Summary: "Utkast skapat."}
	},
	change: func(v *plan.Plan) {
		v.Summary = "Ny insats och nytt uppföljningsdatum."
		v.NextReview = v.NextReview.AddDays(14)
		v.UpdatedAt = v.UpdatedAt.Add(Day)
		// A plan is a value: append to a copy, never to memory a store may share.
		v.Items = append(slices.Clip(v.Items), plan.Item{ID: roles.MustNewID[plan.Item](), Description: "Läxhjälp i skolan.",
			GoalID: v.Goals[0].ID, Area: v.Goals[0].Areas[0], Agency: roles.Skola, Status: plan.Planerad})
		v.SIP = nil
		v.ChildViews = []plan.View{}
	},
}

func recordCases() []testCase {
	var out []testCase
	out = append(out, childRecords.cases()...)
	out = append(out, guardianRecords.cases()...)
	out = append(out, custodyRecords.cases()...)
	out = append(out, relatedRecords.cases()...)
	out = append(out, organisationRecords.cases()...)
	out = append(out, unitRecords.cases()...)
	out = append(out, professionalRecords.cases()...)
	out = append(out, assignmentRecords.cases()...)
	out = append(out, consentRecords.cases()...)
	out = append(out, disclosureRecords.cases()...)
	out = append(out, maturityRecords.cases()...)
	out = append(out, harmRecords.cases()...)
	out = append(out, assessmentRecords.cases()...)
	out = append(out, concernRecords.cases()...)
	out = append(out, planRecords.cases()...)
	return out
}

var consentRecords = recordKind[roles.Consent, roles.ID[roles.Consent]]{
	name: "Consents", entity: adapters.EntityConsent,
	repo: func(tx adapters.Tx) adapters.Records[roles.Consent, roles.ID[roles.Consent]] { return tx.Consents() },
	id:   func(v *roles.Consent) *roles.ID[roles.Consent] { return &v.ID },
	rev:  func(v *roles.Consent) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.Consent, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return roles.Consent{}, err
		}
		return f.Consent(w.child.ID, w.guardian.ID, w.teacher), nil
	},
	minimal: func(v *roles.Consent) {
		v.Withdrawal, v.Status = nil, roles.ConsentAktiv
		v.Givers = v.Givers[:1]
		v.ReceivingAgencies, v.Categories = v.ReceivingAgencies[:1], v.Categories[:1]
	},
	change: func(v *roles.Consent) {
		v.Withdrawal = &roles.Withdrawal{By: v.Givers[0].Party, At: v.ValidFrom.Add(Day), RecordedBy: v.RecordedBy}
		v.Status = roles.ConsentAterkallad
		v.Categories = append(v.Categories, roles.CategoryOro)
	},
}

var disclosureRecords = recordKind[roles.Disclosure, roles.ID[roles.Disclosure]]{
	name: "Disclosures", entity: adapters.EntityDisclosure,
	repo: func(tx adapters.Tx) adapters.Records[roles.Disclosure, roles.ID[roles.Disclosure]] {
		return tx.Disclosures()
	},
	id:  func(v *roles.Disclosure) *roles.ID[roles.Disclosure] { return &v.ID },
	rev: func(v *roles.Disclosure) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.Disclosure, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return roles.Disclosure{}, err
		}
		c := f.Consent(w.child.ID, w.guardian.ID, w.teacher)
		if err := tx.Consents().Create(ctx, &c); err != nil {
			return roles.Disclosure{}, err
		}
		return f.Disclosure(w.child.ID, w.guardian.ID, w.teacher, w.nurse, c.ID), nil
	},
	minimal: func(v *roles.Disclosure) {
		v.FromUnitID, v.ToUnitID, v.Recipient, v.Reason, v.Views = roles.ID[roles.Unit]{}, roles.ID[roles.Unit]{}, roles.Party{}, "", nil
	},
	change: func(v *roles.Disclosure) {
		v.Outcome = roles.EjUtlamnad
		v.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisHalsoTillSocial}
		v.FamilyInformed, v.NotInformedReason = false, "Familjen nås inte."
	},
}

var maturityRecords = recordKind[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]]{
	name: "MaturityAssessments", entity: adapters.EntityMaturityAssessment,
	repo: func(tx adapters.Tx) adapters.Records[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]] {
		return tx.MaturityAssessments()
	},
	id:  func(v *roles.MaturityAssessment) *roles.ID[roles.MaturityAssessment] { return &v.ID },
	rev: func(v *roles.MaturityAssessment) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.MaturityAssessment, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return roles.MaturityAssessment{}, err
		}
		return f.MaturityAssessment(w.child.ID, w.socialWorker), nil
	},
	minimal: func(v *roles.MaturityAssessment) { v.Period.End = time.Time{} },
	change:  func(v *roles.MaturityAssessment) { v.Band = roles.BandVardnadshavareOchBarn; v.Reason = "Omprövad." },
}

var harmRecords = recordKind[roles.HarmException, roles.ID[roles.HarmException]]{
	name: "HarmExceptions", entity: adapters.EntityHarmException,
	repo: func(tx adapters.Tx) adapters.Records[roles.HarmException, roles.ID[roles.HarmException]] {
		return tx.HarmExceptions()
	},
	id:  func(v *roles.HarmException) *roles.ID[roles.HarmException] { return &v.ID },
	rev: func(v *roles.HarmException) *int64 { return &v.Revision },
	fresh: func(f *Fixtures, ctx context.Context, tx adapters.Tx) (roles.HarmException, error) {
		w := f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return roles.HarmException{}, err
		}
		return f.HarmException(w.child.ID, w.guardian.ID, w.socialWorker), nil
	},
	minimal: func(v *roles.HarmException) { v.Period.End = time.Time{} },
	change:  func(v *roles.HarmException) { v.Period.End = v.Period.Start.Add(30 * Day) },
}
