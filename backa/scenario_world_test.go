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

// world is the cast of one scenario as records, and the policy.
type world struct {
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
func id[T any](w *world, k nameKind, name string) roles.ID[T] {
	return roles.ID[T](uuid.NewSHA1(scenarioNamespace, []byte(w.sc.ID+"/"+string(k)+"/"+name)))
}

// recordName is the name of a record: its own, or one made from the step.
func recordName(name string, st *step) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("#step%d", st.index)
}

// newWorld builds the cast's records; the scenario has been resolved.
func newWorld(sc *scenario) (*world, error) {
	w := &world{
		sc: sc, policy: sc.policy(),
		orgs: map[string]roles.Organisation{}, units: map[string]roles.Unit{},
		profs: map[string]roles.Professional{}, children: map[string]*roles.Child{},
		guardians: map[string]roles.Guardian{}, related: map[string]roles.RelatedPerson{},
	}
	a := &sc.all
	for _, o := range a.Organisations {
		org := roles.Organisation{
			ID: id[roles.Organisation](w, kindOrganisation, o.Name), Kind: o.Kind, Name: o.Label,
			Kommun: o.Kommun, Organisationsnummer: o.Organisationsnummer,
		}
		if err := org.Validate(); err != nil {
			return nil, fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		w.orgs[o.Name] = org
	}
	for _, u := range a.Units {
		unit := roles.Unit{
			ID: id[roles.Unit](w, kindUnit, u.Name), OrganisationID: w.orgs[u.Organisation].ID,
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
			ID: id[roles.Professional](w, kindProfessional, p.Name), GivenName: p.GivenName, FamilyName: p.FamilyName,
			Title: p.Title, Agency: unit.Agency, UnitID: unit.ID, OrganisationID: unit.OrganisationID, HSAID: p.HSAID,
		}
		if err := prof.Validate(); err != nil {
			return nil, fmt.Errorf("professional %s: %w", p.Name, err)
		}
		w.profs[p.Name] = prof
	}
	for _, c := range a.Children {
		ch := &roles.Child{
			ID: id[roles.Child](w, kindChild, c.Name), Personnummer: roles.MustParsePersonnummer(c.Personnummer),
			GivenName: c.GivenName, FamilyName: c.FamilyName, Kommun: c.Kommun, Protection: c.Protection, Contact: c.Contact,
		}
		if err := ch.Validate(); err != nil {
			return nil, fmt.Errorf("child %s: %w", c.Name, err)
		}
		w.children[c.Name] = ch
	}
	for _, g := range a.Guardians {
		gu := roles.Guardian{
			ID: id[roles.Guardian](w, kindGuardian, g.Name), Personnummer: roles.MustParsePersonnummer(g.Personnummer),
			GivenName: g.GivenName, FamilyName: g.FamilyName, Protection: g.Protection, Contact: g.Contact,
		}
		if err := gu.Validate(); err != nil {
			return nil, fmt.Errorf("guardian %s: %w", g.Name, err)
		}
		w.guardians[g.Name] = gu
		w.guardianList = append(w.guardianList, gu)
	}
	for _, r := range a.RelatedPersons {
		rp := roles.RelatedPerson{ID: id[roles.RelatedPerson](w, kindRelated, r.Name), GivenName: r.GivenName, FamilyName: r.FamilyName, Relation: r.Relation}
		if err := rp.Validate(); err != nil {
			return nil, fmt.Errorf("related person %s: %w", r.Name, err)
		}
		w.related[r.Name] = rp
	}
	return w, nil
}

// child returns the child named (or the only child for "").
func (w *world) child(name string) *roles.Child { return w.children[w.sc.child(name)] }

// party returns the party a person's name refers to.
func (w *world) party(name string) roles.Party {
	switch w.sc.names[name] {
	case kindProfessional:
		return roles.ProfessionalParty(w.profs[name].ID)
	case kindGuardian:
		return roles.GuardianParty(w.guardians[name].ID)
	case kindChild:
		return roles.ChildParty(w.children[name].ID)
	case kindRelated:
		return roles.RelatedParty(w.related[name].ID)
	}
	return roles.Party{}
}

// actor returns the actor a person's name refers to; a professional acts in
// the agency of their unit.
func (w *world) actor(name string) roles.Actor {
	if p, ok := w.profs[name]; ok {
		return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
	}
	return roles.Actor{Party: w.party(name)}
}

// name returns the symbolic name of a party, for messages.
func (w *world) nameOf(id uuid.UUID) string {
	for n, g := range w.guardians {
		if g.ID.UUID() == id {
			return n
		}
	}
	for n, c := range w.children {
		if c.ID.UUID() == id {
			return n
		}
	}
	for n, p := range w.profs {
		if p.ID.UUID() == id {
			return n
		}
	}
	return id.String()
}

// until returns the end of a period: the stamp, or open.
func until(s *stamp) time.Time {
	if s == nil {
		return time.Time{}
	}
	return s.Time
}

func (w *world) custody(st *step) roles.Custody {
	e := st.Custody
	by := e.By
	c := roles.Custody{
		ID:      id[roles.Custody](w, kindCustody, recordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, GuardianID: w.guardians[e.Guardian].ID,
		Period:     roles.Period{Start: st.At.Time, End: until(e.Until)},
		RecordedAt: st.At.Time,
	}
	if by != "" {
		c.RecordedBy = w.party(by)
	} else {
		c.RecordedBy = roles.Party{Kind: roles.PartySystem, ID: uuid.NewSHA1(scenarioNamespace, []byte("folkbokforingen"))}
	}
	return c
}

func (w *world) assignment(st *step) roles.Assignment {
	e := st.Assign
	a := roles.Assignment{
		ID:      id[roles.Assignment](w, kindAssignment, recordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Role: e.Role, Holder: w.party(e.Holder),
		Period:     roles.Period{Start: st.At.Time, End: until(e.Until)},
		RecordedAt: st.At.Time,
	}
	if p, ok := w.profs[e.Holder]; ok {
		a.Agency, a.UnitID = p.Agency, p.UnitID
	}
	by := e.By
	if by == "" {
		by = e.Holder
	}
	a.RecordedBy = w.party(by)
	return a
}

func (w *world) consent(st *step) roles.Consent {
	e := st.Consent
	rec := w.profs[e.RecordedBy]
	c := roles.Consent{
		ID:      id[roles.Consent](w, kindConsent, e.Name),
		ChildID: w.child(e.Child).ID, DisclosingAgency: e.DisclosingAgency,
		ReceivingAgencies: e.ReceivingAgencies, Categories: e.Categories, Purpose: e.Purpose,
		ValidFrom: st.At.Time, ValidUntil: until(e.ValidUntil), Form: e.Form, Status: roles.ConsentAktiv,
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

func (w *world) disclosure(st *step) roles.Disclosure {
	e := st.Disclosure
	dec := w.profs[e.DecidedBy]
	d := roles.Disclosure{
		ID:      id[roles.Disclosure](w, kindDisclosure, recordName(e.Name, st)),
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
		d.Basis = roles.Basis{Kind: roles.BasisConsent, ConsentID: id[roles.Consent](w, kindConsent, e.Consent)}
	case e.LegalBasis != "":
		d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: e.LegalBasis}
	}
	for _, v := range e.Views {
		d.Views = append(d.Views, roles.ExpressedView{By: w.party(v.By), View: v.Text})
	}
	return d
}

func (w *world) maturity(st *step) roles.MaturityAssessment {
	e := st.Maturity
	p := w.profs[e.AssessedBy]
	return roles.MaturityAssessment{
		ID:      id[roles.MaturityAssessment](w, kindMaturity, recordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Band: e.Band, Reason: e.Reason,
		Period:     roles.Period{Start: st.At.Time, End: until(e.Until)},
		AssessedBy: roles.ProfessionalParty(p.ID), Agency: p.Agency, RecordedAt: st.At.Time,
	}
}

func (w *world) harm(st *step) roles.HarmException {
	e := st.HarmException
	p := w.profs[e.DecidedBy]
	return roles.HarmException{
		ID:      id[roles.HarmException](w, kindHarm, recordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, GuardianID: w.guardians[e.Guardian].ID, Reason: e.Reason,
		Period:    roles.Period{Start: st.At.Time, End: until(e.Until)},
		DecidedBy: roles.ProfessionalParty(p.ID), Agency: p.Agency, RecordedAt: st.At.Time,
	}
}

func (w *world) assessment(st *step) behovskompass.Assessment {
	e := st.Assessment
	p := w.profs[e.AssessedBy]
	a := behovskompass.Assessment{
		ID:      id[behovskompass.Assessment](w, kindAssessment, e.Name),
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

func (w *world) concern(st *step, barnkontakt behovskompass.BarnkontaktRef) behovskompass.Concern {
	e := st.Concern
	c := behovskompass.Concern{
		ID:      id[behovskompass.Concern](w, kindConcern, recordName(e.Name, st)),
		ChildID: w.child(e.Child).ID, Noticed: e.Noticed, Areas: e.Areas, Seriousness: e.Seriousness,
		RaisedBy: w.party(e.RaisedBy), RaisedAt: st.At.Time, Barnkontakt: barnkontakt,
	}
	if p, ok := w.profs[e.RaisedBy]; ok {
		c.Agency, c.UnitID = p.Agency, p.UnitID
	}
	if e.ReportedToSocialServices {
		c.ReportedToSocialServicesAt = st.At.Time
	}
	return c
}

// request builds the roles.Request of a request step (without facts).
func (w *world) request(st *step) roles.Request {
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
