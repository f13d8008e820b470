package roles_test

import (
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
)

// The people of the consent tests are invented; the personnummer are from
// Skatteverket's test list.
const (
	pnr2017  = "201701012393" // born 2017-01-01
	pnrLeap  = "200002292381" // born 2000-02-29
	pnrOther = "201701022384" // born 2017-01-02
)

// fixedID returns a deterministic ID of kind T whose last byte is n and whose
// first byte says the kind (k), so that golden files stay stable.
func fixedID[T any](k, n byte) roles.ID[T] {
	return roles.ID[T](uuid.UUID{0: 0x01, 1: 0x93, 2: k, 6: 0x70, 8: 0x80, 15: n})
}

// Swedish calendar day at noon, and an instant in Swedish time.
func on(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, roles.SwedishTime())
}

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, roles.SwedishTime())
}

// The cast.
var (
	childID  = fixedID[roles.Child](1, 1)
	otherKid = fixedID[roles.Child](1, 2)
	g1       = fixedID[roles.Guardian](2, 1)
	g2       = fixedID[roles.Guardian](2, 2)
	g3       = fixedID[roles.Guardian](2, 3)

	mentor      = fixedID[roles.Professional](3, 1) // skola, Barnkontakt
	teacher     = fixedID[roles.Professional](3, 2) // skola, no role
	socialW     = fixedID[roles.Professional](3, 3) // socialtjänst, the child's team
	socialNoRol = fixedID[roles.Professional](3, 4) // socialtjänst, no role
	nurse       = fixedID[roles.Professional](3, 5) // elevhälsa medicinsk, the child's team
	doctor      = fixedID[roles.Professional](3, 6) // hälso- och sjukvård, the child's team
	officer     = fixedID[roles.Professional](3, 7) // polis, the child's team
	officer2    = fixedID[roles.Professional](3, 8) // polis, no role
	counsellor  = fixedID[roles.Professional](3, 9) // elevhälsa psykosocial, Barnteam
	preschool   = fixedID[roles.Professional](3, 10)

	unit     = fixedID[roles.Unit](4, 1)
	recorder = roles.ProfessionalParty(mentor)
	long     = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
)

// agencyOf says where each professional of the cast works.
var agencyOf = map[roles.ID[roles.Professional]]roles.Agency{
	mentor: roles.Skola, teacher: roles.Skola, socialW: roles.Socialtjanst, socialNoRol: roles.Socialtjanst,
	nurse: roles.ElevhalsaMedicinsk, doctor: roles.HalsoSjukvard, officer: roles.Polis, officer2: roles.Polis,
	counsellor: roles.ElevhalsaPsykosocial, preschool: roles.Forskola,
}

// world is one child's records, built up by a story and indexed for Decide.
type world struct {
	t           testing.TB
	child       roles.Child
	guardians   []roles.Guardian
	custodies   []roles.Custody
	assignments []roles.Assignment
	consents    []*roles.Consent
	disclosures []roles.Disclosure
	maturity    []roles.MaturityAssessment
	harms       []roles.HarmException
	pol         roles.Policy
	now         time.Time
	n           byte
}

// newWorld: a child born 2017-01-01 with two guardians in joint custody since
// birth; a mentor at school is the Barnkontakt; a social worker, a school nurse,
// a doctor and a police officer are in the child's team; a school counsellor is
// in the Barnteam. Nothing is shared yet.
func newWorld(t testing.TB, now time.Time) *world {
	return newWorldBorn(t, now, pnr2017)
}

func newWorldBorn(t testing.TB, now time.Time, pnr string) *world {
	w := &world{t: t, now: now, pol: roles.DefaultPolicy()}
	w.child = roles.Child{
		ID: childID, Personnummer: roles.MustParsePersonnummer(pnr), GivenName: "Elsa", FamilyName: "Testsson",
		Kommun: roles.Amal, Protection: roles.Oskyddad,
	}
	w.guardians = []roles.Guardian{
		{ID: g1, GivenName: "Maja", FamilyName: "Testsson", Protection: roles.Oskyddad},
		{ID: g2, GivenName: "Olle", FamilyName: "Testsson", Protection: roles.Oskyddad},
	}
	w.custody(g1, long, time.Time{})
	w.custody(g2, long, time.Time{})
	w.role(mentor, roles.Barnkontakt, long, time.Time{})
	w.role(socialW, roles.BarnetsTeam, long, time.Time{})
	w.role(nurse, roles.BarnetsTeam, long, time.Time{})
	w.role(doctor, roles.BarnetsTeam, long, time.Time{})
	w.role(officer, roles.BarnetsTeam, long, time.Time{})
	w.role(counsellor, roles.Barnteam, long, time.Time{})
	return w
}

func (w *world) next() byte { w.n++; return w.n }

func (w *world) custody(g roles.ID[roles.Guardian], from, to time.Time) {
	w.custodies = append(w.custodies, roles.Custody{
		ID: fixedID[roles.Custody](5, w.next()), ChildID: childID, GuardianID: g,
		Period: roles.Period{Start: from, End: to}, RecordedBy: recorder, RecordedAt: from,
	})
}

// endCustody ends guardian g's custody at t.
func (w *world) endCustody(g roles.ID[roles.Guardian], t time.Time) {
	for i := range w.custodies {
		if w.custodies[i].GuardianID == g {
			w.custodies[i].Period.End = t
		}
	}
}

func (w *world) role(p roles.ID[roles.Professional], r roles.Role, from, to time.Time) {
	w.assignments = append(w.assignments, roles.Assignment{
		ID: fixedID[roles.Assignment](6, w.next()), ChildID: childID, Role: r,
		Holder: roles.ProfessionalParty(p), Agency: agencyOf[p], UnitID: unit,
		Period: roles.Period{Start: from, End: to}, RecordedBy: recorder, RecordedAt: from,
	})
}

// endRoles ends every role of p at t.
func (w *world) endRoles(p roles.ID[roles.Professional], t time.Time) {
	for i := range w.assignments {
		if w.assignments[i].Holder == roles.ProfessionalParty(p) {
			w.assignments[i].Period.End = t
		}
	}
}

// consent records the usual consent at school: school may share the compass
// assessment, concerns and school information with social services and health
// care for coordination, valid from 30 days before now for six months, given
// by the parties at its start.
func (w *world) consent(givers ...roles.Party) *roles.Consent {
	from := w.now.AddDate(0, 0, -30)
	c := &roles.Consent{
		ID: fixedID[roles.Consent](7, w.next()), ChildID: childID,
		DisclosingAgency:  roles.Skola,
		ReceivingAgencies: []roles.Agency{roles.Socialtjanst, roles.HalsoSjukvard},
		Categories:        []roles.Category{roles.CategoryBehovskompass, roles.CategoryOro, roles.CategorySkola},
		Purpose:           roles.PurposeSamordning,
		ValidFrom:         from, ValidUntil: from.AddDate(0, 6, 0),
		Form: roles.Skriftligt, Status: roles.ConsentAktiv,
		RecordedBy: recorder, RecordedAt: from,
	}
	for _, p := range givers {
		c.Givers = append(c.Givers, roles.ConsentGiver{Party: p, GivenAt: from})
	}
	w.consents = append(w.consents, c)
	return c
}

// parents and kid are the usual givers.
func parents() []roles.Party { return []roles.Party{roles.GuardianParty(g1), roles.GuardianParty(g2)} }
func kid() roles.Party       { return roles.ChildParty(childID) }
func all() []roles.Party     { return append(parents(), kid()) }

func (w *world) disclosure(basis roles.LegalBasisCode, from, to roles.Agency, decided time.Time, cats ...roles.Category) *roles.Disclosure {
	w.disclosures = append(w.disclosures, roles.Disclosure{
		ID: fixedID[roles.Disclosure](8, w.next()), ChildID: childID, Outcome: roles.Utlamnad,
		Categories: cats, From: from, To: to, Purpose: roles.PurposeOrosanmalan,
		Basis:  roles.Basis{Kind: roles.BasisLegal, LegalBasis: basis},
		Reason: "Skälet står i akten.", FamilyInformed: true,
		DecidedBy: roles.ProfessionalParty(mentor), DecidedAt: decided, RecordedAt: decided,
	})
	return &w.disclosures[len(w.disclosures)-1]
}

func (w *world) mature(band roles.ConsentBand, from, to time.Time) {
	w.maturity = append(w.maturity, roles.MaturityAssessment{
		ID: fixedID[roles.MaturityAssessment](9, w.next()), ChildID: childID, Band: band,
		Reason: "Bedömd mognad.", Period: roles.Period{Start: from, End: to},
		AssessedBy: roles.ProfessionalParty(counsellor), Agency: roles.ElevhalsaPsykosocial, RecordedAt: from,
	})
}

func (w *world) harm(g roles.ID[roles.Guardian], from, to time.Time) {
	w.harms = append(w.harms, roles.HarmException{
		ID: fixedID[roles.HarmException](10, w.next()), ChildID: childID, GuardianID: g,
		Reason: "Risk för betydande men.", Period: roles.Period{Start: from, End: to},
		DecidedBy: roles.ProfessionalParty(socialW), Agency: roles.Socialtjanst, RecordedAt: from,
	})
}

func (w *world) records() roles.Records {
	r := roles.Records{
		Custodies: w.custodies, Guardians: w.guardians, Assignments: w.assignments,
		Disclosures: w.disclosures, MaturityAssessments: w.maturity, HarmExceptions: w.harms,
	}
	for _, c := range w.consents {
		r.Consents = append(r.Consents, *c)
	}
	return r
}

func (w *world) facts() *roles.Facts {
	w.t.Helper()
	f, err := roles.NewFacts(&w.child, w.records())
	if err != nil {
		w.t.Fatalf("NewFacts: %v", err)
	}
	return f
}

// pro is professional p acting in their agency.
func pro(p roles.ID[roles.Professional]) roles.Actor {
	return roles.ProfessionalActor(p, agencyOf[p], unit)
}

// read: actor reads category cat recorded by d1, for coordination, now.
func (w *world) read(a roles.Actor, d1 roles.Agency, cat roles.Category) roles.Request {
	return roles.Request{
		Actor: a, Action: roles.Read, Category: cat, Child: childID, RecordingAgency: d1,
		Purpose: roles.PurposeSamordning, At: w.now,
	}
}

// disclose: professional p discloses category cat of their agency to agency to.
func (w *world) disclose(p roles.ID[roles.Professional], to roles.Agency, cat roles.Category, purpose roles.Purpose, basis roles.LegalBasisCode) roles.Request {
	return roles.Request{
		Actor: pro(p), Action: roles.Disclose, Category: cat, Child: childID, RecordingAgency: agencyOf[p],
		Recipient: to, Purpose: purpose, LegalBasis: basis, At: w.now,
	}
}

// decide answers req over the world's facts and policy.
func (w *world) decide(req roles.Request) roles.Decision {
	w.t.Helper()
	req.Facts = w.facts()
	req.Policy = &w.pol
	return roles.Decide(req)
}
