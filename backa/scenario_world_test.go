package backa_test

// The world of one scenario: its cast as records of package roles, with IDs
// derived from the symbolic names, and builders that turn the timeline's fact
// steps into records. Every player (roles.Decide directly, backa.Service on an
// adapter) starts from the same world.

import (
	"fmt"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
)

// scenarioNamespace is the UUID namespace of the IDs derived from symbolic
// names: uuid.NewSHA1(scenarioNamespace, "<scenario id>/<kind>/<name>").
var scenarioNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/backabarnet/backabarnet/backa/testdata/scenarios"))

// scWorld is the cast of one scenario as records, and the policy.
type scWorld struct {
	sc     *scenario
	policy roles.Policy

	orgs      map[string]roles.Organisation
	units     map[string]roles.Unit
	profs     map[string]roles.Professional
	children  map[string]*roles.Child
	guardians map[string]roles.Guardian
	related   map[string]roles.RelatedPerson

	guardianList []roles.Guardian // in cast order, for roles.Records
}

// id derives the ID of the record of kind k named name, the same in every run.
func scID[T any](w *scWorld, k scNameKind, name string) roles.ID[T] {
	return roles.ID[T](uuid.NewSHA1(scenarioNamespace, []byte(w.sc.ID+"/"+string(k)+"/"+name)))
}

// scRecordName is the name of a record: its own, or one made from the step.
func scRecordName(name string, st *scStep) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("#step%d", st.index)
}

// scNewWorld builds the cast's records; the scenario has been resolved.
func scNewWorld(sc *scenario) (*scWorld, error) {
	w := &scWorld{
		sc: sc, policy: sc.policy(),
		orgs: map[string]roles.Organisation{}, units: map[string]roles.Unit{},
		profs: map[string]roles.Professional{}, children: map[string]*roles.Child{},
		guardians: map[string]roles.Guardian{}, related: map[string]roles.RelatedPerson{},
	}
	a := &sc.all
	for _, o := range a.Organisations {
		org := roles.Organisation{
			ID: scID[roles.Organisation](w, scKindOrganisation, o.Name), Kind: o.Kind, Name: o.Label,
			Kommun: o.Kommun, Organisationsnummer: o.Organisationsnummer,
		}
		if err := org.Validate(); err != nil {
			return nil, fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		w.orgs[o.Name] = org
	}
	for _, u := range a.Units {
		unit := roles.Unit{
			ID: scID[roles.Unit](w, scKindUnit, u.Name), OrganisationID: w.orgs[u.Organisation].ID,
			Name: u.Label, Agency: u.Agency, Kommun: u.Kommun, HSAID: u.HSAID,
		}
		if err := unit.Validate(); err != nil {
			return nil, fmt.Errorf("unit %s: %w", u.Name, err)
		}
		w.units[u.Name] = unit
	}
	for _, p := range a.Professionals {
		unit := w.units[p.Unit]
		prof := roles.Professional{
			ID: scID[roles.Professional](w, scKindProfessional, p.Name), GivenName: p.GivenName, FamilyName: p.FamilyName,
			Title: p.Title, Agency: unit.Agency, UnitID: unit.ID, OrganisationID: unit.OrganisationID, HSAID: p.HSAID,
		}
		if err := prof.Validate(); err != nil {
			return nil, fmt.Errorf("professional %s: %w", p.Name, err)
		}
		w.profs[p.Name] = prof
	}
	for _, c := range a.Children {
		ch := &roles.Child{
			ID: scID[roles.Child](w, scKindChild, c.Name), Personnummer: roles.MustParsePersonnummer(c.Personnummer),
			GivenName: c.GivenName, FamilyName: c.FamilyName, Kommun: c.Kommun, Protection: c.Protection, Contact: c.Contact,
		}
		if err := ch.Validate(); err != nil {
			return nil, fmt.Errorf("child %s: %w", c.Name, err)
		}
		w.children[c.Name] = ch
	}
	for _, g := range a.Guardians {
		gu := roles.Guardian{
			ID: scID[roles.Guardian](w, scKindGuardian, g.Name), Personnummer: roles.MustParsePersonnummer(g.Personnummer),
			GivenName: g.GivenName, FamilyName: g.FamilyName, Protection: g.Protection, Contact: g.Contact,
		}
		if err := gu.Validate(); err != nil {
			return nil, fmt.Errorf("guardian %s: %w", g.Name, err)
		}
		w.guardians[g.Name] = gu
		w.guardianList = append(w.guardianList, gu)
	}
	for _, r := range a.RelatedPersons {
		rp := roles.RelatedPerson{ID: scID[roles.RelatedPerson](w, scKindRelated, r.Name), GivenName: r.GivenName, FamilyName: r.FamilyName, Relation: r.Relation}
		if err := rp.Validate(); err != nil {
			return nil, fmt.Errorf("related person %s: %w", r.Name, err)
		}
		w.related[r.Name] = rp
	}
	return w, nil
}

// renameGuardian gives the guardian named the ID an implementation chose.
func (w *scWorld) renameGuardian(name string, gid roles.ID[roles.Guardian]) {
	g := w.guardians[name]
	for i := range w.guardianList {
		if w.guardianList[i].ID == g.ID {
			w.guardianList[i].ID = gid
		}
	}
	g.ID = gid
	w.guardians[name] = g
}

// child returns the child named (or the only child for "").
func (w *scWorld) child(name string) *roles.Child { return w.children[w.sc.child(name)] }

// party returns the party a person's name refers to.
func (w *scWorld) party(name string) roles.Party {
	switch w.sc.names[name] {
	case scKindProfessional:
		return roles.ProfessionalParty(w.profs[name].ID)
	case scKindGuardian:
		return roles.GuardianParty(w.guardians[name].ID)
	case scKindChild:
		return roles.ChildParty(w.children[name].ID)
	case scKindRelated:
		return roles.RelatedParty(w.related[name].ID)
	}
	return roles.Party{}
}

// actor returns the actor a person's name refers to; a professional acts in
// the agency of their unit.
func (w *scWorld) actor(name string) roles.Actor {
	if p, ok := w.profs[name]; ok {
		return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
	}
	return roles.Actor{Party: w.party(name)}
}

// nameOf returns the symbolic name of a party, for messages.
func (w *scWorld) nameOf(u uuid.UUID) string {
	for n, g := range w.guardians {
		if g.ID.UUID() == u {
			return n
		}
	}
	for n, c := range w.children {
		if c.ID.UUID() == u {
			return n
		}
	}
	for n, p := range w.profs {
		if p.ID.UUID() == u {
			return n
		}
	}
	return u.String()
}

// scUntil returns the end of a period: the stamp, or open.
func scUntil(s *scStamp) time.Time {
	if s == nil {
		return time.Time{}
	}
	return s.Time
}

func (w *scWorld) custody(st *scStep) roles.Custody {
	e := st.Custody
	by := e.By
	c := roles.Custody{
		ID:      scID[roles.Custody](w, scKindCustody, scRecordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, GuardianID: w.guardians[e.Guardian].ID,
		Period:     roles.Period{Start: st.At.Time, End: scUntil(e.Until)},
		RecordedAt: st.At.Time,
	}
	if by != "" {
		c.RecordedBy = w.party(by)
	} else {
		c.RecordedBy = roles.Party{Kind: roles.PartySystem, ID: uuid.NewSHA1(scenarioNamespace, []byte("folkbokforingen"))}
	}
	return c
}

// assignment builds the assignment of an assign step; by is who records it
// when the step does not say (see the README: the child's Barnkontakt).
func (w *scWorld) assignment(st *scStep, by roles.Party) roles.Assignment {
	e := st.Assign
	a := roles.Assignment{
		ID:      scID[roles.Assignment](w, scKindAssignment, scRecordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Role: e.Role, Holder: w.party(e.Holder),
		Period:     roles.Period{Start: st.At.Time, End: scUntil(e.Until)},
		RecordedAt: st.At.Time,
	}
	if p, ok := w.profs[e.Holder]; ok {
		a.Agency, a.UnitID = p.Agency, p.UnitID
	}
	a.RecordedBy = by
	if e.By != "" {
		a.RecordedBy = w.party(e.By)
	}
	return a
}

// concernReport builds the disclosure that records a concern's report to
// social services.
func (w *scWorld) concernReport(st *scStep, concern behovskompass.Concern) roles.Disclosure {
	e := st.Concern
	r := e.Report
	p := w.profs[e.RaisedBy]
	d := roles.Disclosure{
		ID:      scID[roles.Disclosure](w, scKindDisclosure, scRecordName(e.Name, st)+"/report"),
		ChildID: concern.ChildID, Outcome: roles.Utlamnad, Categories: []roles.Category{roles.CategoryOro},
		From: p.Agency, FromUnitID: p.UnitID, To: roles.Socialtjanst, Purpose: roles.PurposeOrosanmalan,
		Basis:  roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisOrosanmalan},
		Reason: r.Reason, FamilyInformed: r.FamilyInformed, NotInformedReason: r.NotInformedReason,
		DecidedBy: roles.ProfessionalParty(p.ID), DecidedAt: st.At.Time, RecordedAt: st.At.Time,
	}
	if u, ok := w.units[r.ToUnit]; ok {
		d.ToUnitID = u.ID
	}
	for _, v := range r.Views {
		d.Views = append(d.Views, roles.ExpressedView{By: w.party(v.By), View: v.Text})
	}
	return d
}

func (w *scWorld) consent(st *scStep) roles.Consent {
	e := st.Consent
	rec := w.profs[e.RecordedBy]
	c := roles.Consent{
		ID:      scID[roles.Consent](w, scKindConsent, e.Name),
		ChildID: w.child(e.Child).ID, DisclosingAgency: e.DisclosingAgency,
		ReceivingAgencies: e.ReceivingAgencies, Categories: e.Categories, Purpose: e.Purpose,
		ValidFrom: st.At.Time, ValidUntil: scUntil(e.ValidUntil), Form: e.Form, Status: roles.ConsentAktiv,
		RecordedBy: roles.ProfessionalParty(rec.ID), RecordedAt: st.At.Time,
	}
	if c.DisclosingAgency == "" {
		c.DisclosingAgency = rec.Agency
	}
	// roles.Consent names receiving agencies; a receiving unit stands for its
	// agency here, and its organisation is lost (see the README).
	c.ReceivingAgencies = slices.Clone(c.ReceivingAgencies)
	for _, u := range e.ReceivingUnits {
		if a := w.units[u].Agency; !slices.Contains(c.ReceivingAgencies, a) {
			c.ReceivingAgencies = append(c.ReceivingAgencies, a)
		}
	}
	if e.ValidFrom != nil {
		c.ValidFrom = e.ValidFrom.Time
	}
	if c.Form == "" {
		c.Form = roles.Skriftligt
	}
	for _, g := range e.Givers {
		c.Givers = append(c.Givers, roles.ConsentGiver{Party: w.party(g), GivenAt: st.At.Time})
	}
	return c
}

func (w *scWorld) disclosure(st *scStep) roles.Disclosure {
	e := st.Disclosure
	dec := w.profs[e.DecidedBy]
	d := roles.Disclosure{
		ID:      scID[roles.Disclosure](w, scKindDisclosure, scRecordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Outcome: e.Outcome, Categories: e.Categories,
		From: e.From, FromUnitID: dec.UnitID, To: e.To, Purpose: e.Purpose, Reason: e.Reason,
		FamilyInformed: e.FamilyInformed, NotInformedReason: e.NotInformedReason,
		DecidedBy: roles.ProfessionalParty(dec.ID), DecidedAt: st.At.Time, RecordedAt: st.At.Time,
	}
	if d.Outcome == "" {
		d.Outcome = roles.Utlamnad
	}
	if d.From == "" {
		d.From = dec.Agency
	}
	if e.Recipient != "" {
		r := w.profs[e.Recipient]
		d.Recipient = roles.ProfessionalParty(r.ID)
		d.ToUnitID = r.UnitID
		if d.To == "" {
			d.To = r.Agency
		}
	}
	switch {
	case e.Consent != "":
		d.Basis = roles.Basis{Kind: roles.BasisConsent, ConsentID: scID[roles.Consent](w, scKindConsent, e.Consent)}
	case e.LegalBasis != "":
		d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: e.LegalBasis}
	}
	for _, v := range e.Views {
		d.Views = append(d.Views, roles.ExpressedView{By: w.party(v.By), View: v.Text})
	}
	return d
}

func (w *scWorld) maturity(st *scStep) roles.MaturityAssessment {
	e := st.Maturity
	p := w.profs[e.AssessedBy]
	return roles.MaturityAssessment{
		ID:      scID[roles.MaturityAssessment](w, scKindMaturity, scRecordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Band: e.Band, Reason: e.Reason,
		Period:     roles.Period{Start: st.At.Time, End: scUntil(e.Until)},
		AssessedBy: roles.ProfessionalParty(p.ID), Agency: p.Agency, RecordedAt: st.At.Time,
	}
}

func (w *scWorld) harm(st *scStep) roles.HarmException {
	e := st.HarmException
	p := w.profs[e.DecidedBy]
	return roles.HarmException{
		ID:      scID[roles.HarmException](w, scKindHarm, scRecordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, GuardianID: w.guardians[e.Guardian].ID, Reason: e.Reason,
		Period:    roles.Period{Start: st.At.Time, End: scUntil(e.Until)},
		DecidedBy: roles.ProfessionalParty(p.ID), Agency: p.Agency, RecordedAt: st.At.Time,
	}
}

func (w *scWorld) assessment(st *scStep) behovskompass.Assessment {
	e := st.Assessment
	p := w.profs[e.AssessedBy]
	a := behovskompass.Assessment{
		ID:      scID[behovskompass.Assessment](w, scKindAssessment, e.Name),
		ChildID: w.child(e.Child).ID, AssessedBy: p.ID, Agency: p.Agency, UnitID: p.UnitID,
		AssessedAt: st.At.Time, Scale: behovskompass.DefaultScale().Ref(),
		Views: behovskompass.Views{Child: e.ChildView, Guardians: e.GuardView},
	}
	for _, x := range e.Areas {
		a.Areas = append(a.Areas, behovskompass.AreaEntry{
			Area: x.Area, Level: x.Level, Strengths: x.Strengths, Concerns: x.Concerns, Source: x.Source,
		})
	}
	return a
}

func (w *scWorld) concern(st *scStep, barnkontakt behovskompass.BarnkontaktRef) behovskompass.Concern {
	e := st.Concern
	c := behovskompass.Concern{
		ID:      scID[behovskompass.Concern](w, scKindConcern, scRecordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Noticed: e.Noticed, Areas: e.Areas, Seriousness: e.Seriousness,
		RaisedBy: w.party(e.RaisedBy), RaisedAt: st.At.Time, Barnkontakt: barnkontakt,
	}
	if p, ok := w.profs[e.RaisedBy]; ok {
		c.Agency, c.UnitID = p.Agency, p.UnitID
	}
	if e.Report != nil {
		c.ReportedToSocialServicesAt = st.At.Time
	}
	return c
}

// request builds the roles.Request of a request step (without facts).
func (w *scWorld) request(st *scStep) roles.Request {
	r := st.Request
	req := roles.Request{
		Actor: w.actor(r.Actor), Action: r.Action, Category: r.Category, Child: w.child(r.Child).ID,
		RecordingAgency: r.RecordingAgency, Recipient: r.Recipient, Purpose: r.Purpose,
		LegalBasis: r.LegalBasis, At: st.At.Time,
	}
	if u, ok := w.units[r.RecordingUnit]; ok && req.RecordingAgency == "" {
		req.RecordingAgency = u.Agency
	}
	if u, ok := w.units[r.RecipientUnit]; ok && req.Recipient == "" {
		req.Recipient = u.Agency
	}
	return req
}
