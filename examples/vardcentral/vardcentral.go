package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// The health centre's own records: a patient register, journal notes
// structured by keywords (sökord), a worklist of care measures and a register
// of what it may share. They stay in the health centre; what Backa barnet gets
// is what the clinician writes for sharing, mapped onto the shared vocabulary.

// Patient is a patient in the health centre's register.
type Patient struct {
	PatientID    string
	Personnummer roles.Personnummer
	Namn         string
	// BackaID is the child's ID in Backa barnet, once the health centre takes
	// part in the child's team.
	BackaID roles.ID[roles.Child]
	// Kontakt is the user name of our clinician in the child's team.
	Kontakt string
}

// Sokord is a keyword of the journal: the heading a part of a note is
// written under.
type Sokord string

// The journal's keywords used here.
const (
	SokordTillvaxt      Sokord = "Tillväxt"
	SokordSomn          Sokord = "Sömn"
	SokordPsykiskt      Sokord = "Psykiskt"
	SokordSocial        Sokord = "Social situation"
	SokordLevnadsvanor  Sokord = "Levnadsvanor"
	SokordDiagnos       Sokord = "Diagnos"
	SokordLakemedel     Sokord = "Läkemedel"
	SokordBedomningPlan Sokord = "Bedömning och planering"
)

// sokordAreas maps the journal's keywords onto the needs compass. Keywords
// missing here (a diagnosis, the medication) never leave the journal.
var sokordAreas = map[Sokord]behovskompass.Area{
	SokordTillvaxt:     behovskompass.Halsa,
	SokordSomn:         behovskompass.Halsa,
	SokordPsykiskt:     behovskompass.Halsa,
	SokordSocial:       behovskompass.Omsorg,
	SokordLevnadsvanor: behovskompass.Fritid,
}

// Vardbehov is the health centre's own judgement of the need for care.
type Vardbehov string

// The steps of the health centre's scale.
const (
	IngetVardbehov Vardbehov = "inget"
	Egenvard       Vardbehov = "egenvard"
	VardbehovFinns Vardbehov = "vardbehov"
	Akut           Vardbehov = "akut"
)

// vardbehovLevels maps the health centre's scale onto the compass's default
// scale, Backa4, step for step.
var vardbehovLevels = map[Vardbehov]behovskompass.LevelCode{
	IngetVardbehov: behovskompass.IngetBehov,
	Egenvard:       behovskompass.BehovTillgodoses,
	VardbehovFinns: behovskompass.BehovAvStod,
	Akut:           behovskompass.OmfattandeBehov,
}

// Journalanteckning is a journal note.
type Journalanteckning struct {
	PatientID  string
	Datum      time.Time
	Vardgivare string // the clinician's user name
	// Delar are the note's parts by keyword, with the clinician's judgement
	// of the need for care on each.
	Delar []Del
	// Delning is what the clinician wrote for sharing in Backa barnet, by
	// keyword: the journal's own text is never shared as it stands.
	Delning map[Sokord]string
}

// Del is one part of a journal note.
type Del struct {
	Sokord    Sokord
	Text      string
	Vardbehov Vardbehov
}

// Vardatgard is a care measure on the health centre's worklist.
type Vardatgard struct {
	Text      string
	Ansvarig  string
	Bokad     roles.Date
	BackaItem roles.ID[plan.Item]
}

// Delningsuppgift is an entry of the health centre's register of what it may
// share, and receive, on a consent.
type Delningsuppgift struct {
	Samtycke   roles.ID[roles.Consent]
	Fran       roles.Agency
	Till       []roles.Agency
	Kategorier []roles.Category
	Giltigt    time.Time // until
	Aterkallat time.Time
}

// Vardcentral is the health centre's system.
type Vardcentral struct {
	svc   *backa.Service
	log   io.Writer
	users map[string]roles.Professional // user name -> professional

	Patienter   []*Patient
	Journal     []Journalanteckning
	Arbetslista []Vardatgard
	Delning     []Delningsuppgift
	// inbox holds the events already acted on: delivery is at least once.
	inbox kommun.Inbox
}

// NewVardcentral returns the system over the service, with its users'
// accounts linked to their Backa barnet identities.
func NewVardcentral(svc *backa.Service, log io.Writer, users map[string]roles.Professional) *Vardcentral {
	return &Vardcentral{svc: svc, log: log, users: users}
}

// actor returns the user as the acting person of a use case.
func (v *Vardcentral) actor(user string) roles.Actor {
	p := v.users[user]
	return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
}

func (v *Vardcentral) logf(format string, args ...any) {
	fmt.Fprintf(v.log, "    [vårdcentral] "+format+"\n", args...)
}

// userOf returns the user name of a professional of the health centre.
func (v *Vardcentral) userOf(id roles.ID[roles.Professional]) (string, bool) {
	for u, p := range v.users {
		if p.ID == id {
			return u, true
		}
	}
	return "", false
}

// Handle acts on one event of Backa barnet's outbox; returning nil
// acknowledges it. Events already acted on are dropped (delivery is at least
// once).
func (v *Vardcentral) Handle(ctx context.Context, ev adapters.Event) error {
	p, ok, err := v.inbox.Open(ev)
	if !ok {
		return err // acted on before, a kind this system does not know, or undecodable
	}
	switch p := p.(type) {
	case backa.TeamChanged:
		// One of our clinicians joined a child's team: link the child to our
		// patient. The event holds IDs only, so the clinician reads the
		// child's basic record (audited) and we match on the personnummer.
		for _, r := range p.Added {
			user, ok := v.userOf(r.ProfessionalID)
			if !ok {
				continue
			}
			if err := v.link(ctx, user, p.ChildID); err != nil {
				return err
			}
		}
	case backa.ConsentRecorded:
		if p.DisclosingAgency == roles.HalsoSjukvard || slices.Contains(p.ReceivingAgencies, roles.HalsoSjukvard) {
			v.Delning = append(v.Delning, Delningsuppgift{
				Samtycke: p.ConsentID, Fran: p.DisclosingAgency, Till: p.ReceivingAgencies,
				Kategorier: p.Categories, Giltigt: p.ValidUntil,
			})
			v.logf("%s: sharing register: %s may give %s to %s until %s", ev.Type, p.DisclosingAgency.Label(),
				kommun.Labels(p.Categories), kommun.Labels(p.ReceivingAgencies), roles.DateOf(p.ValidUntil))
		}
	case backa.ConsentWithdrawn:
		for i := range v.Delning {
			if v.Delning[i].Samtycke == p.ConsentID {
				v.Delning[i].Aterkallat = p.WithdrawnAt
				v.logf("%s: sharing register: the consent from %s is withdrawn; its information may no longer be read", ev.Type, p.DisclosingAgency.Label())
			}
		}
	case backa.ItemAssigned:
		if p.Agency != roles.HalsoSjukvard || slices.ContainsFunc(v.Arbetslista, func(a Vardatgard) bool { return a.BackaItem == p.ItemID }) {
			break
		}
		pat := v.patientOf(p.ChildID)
		if pat == nil || pat.Kontakt == "" {
			break // not our patient, or none of our clinicians in the team
		}
		user := pat.Kontakt
		pv, err := v.svc.Plan(ctx, v.actor(user), p.ChildID, backa.ReadOptions{})
		if err != nil {
			return err
		}
		it, ok := pv.Plan.Item(p.ItemID)
		if !ok {
			return fmt.Errorf("item %s not in the plan", p.ItemID)
		}
		v.Arbetslista = append(v.Arbetslista, Vardatgard{Text: it.Description, Ansvarig: it.ProfessionalRole, Bokad: it.Start, BackaItem: it.ID})
		v.logf("%s: %s on the worklist, booked %s: %q", ev.Type, pat.PatientID, it.Start, it.Description)
	case backa.FollowUpDue:
		if pat := v.patientOf(p.ChildID); pat != nil && slices.Contains(p.Agencies, roles.HalsoSjukvard) {
			v.logf("%s: %s: a time is set aside for the plan's follow-up on %s", ev.Type, pat.PatientID, p.NextReview)
		}
	}
	v.inbox.Done(ev)
	return nil
}

// link reads the child's basic record as the clinician and links it to the
// patient with the same personnummer.
func (v *Vardcentral) link(ctx context.Context, user string, child roles.ID[roles.Child]) error {
	cv, err := v.svc.Child(ctx, v.actor(user), child, backa.ChildOptions{})
	if err != nil {
		return err
	}
	for _, pat := range v.Patienter {
		if pat.Personnummer == cv.Child.Personnummer && pat.BackaID.IsZero() {
			pat.BackaID, pat.Kontakt = child, user
			v.logf("team.changed: %s joined the team of %s; patient %s linked to Backa barnet", user, pat.Namn, pat.PatientID)
		}
	}
	return nil
}

// patientOf returns the patient linked to the child in Backa barnet, or nil.
func (v *Vardcentral) patientOf(child roles.ID[roles.Child]) *Patient {
	for _, p := range v.Patienter {
		if p.BackaID == child {
			return p
		}
	}
	return nil
}

// DelaBedomning records the shareable part of a journal note as the health
// centre's assessment on the needs compass: only the keywords that map onto
// the compass, only the text written for sharing, and the need for care on
// the compass's scale.
func (v *Vardcentral) DelaBedomning(ctx context.Context, note Journalanteckning) error {
	pat := v.patientByID(note.PatientID)
	if pat == nil || pat.BackaID.IsZero() {
		return fmt.Errorf("patient %s: not linked to Backa barnet", note.PatientID)
	}
	a := behovskompass.Assessment{ChildID: pat.BackaID, AssessedAt: note.Datum}
	var kept []string
	for _, d := range note.Delar {
		area, ok := sokordAreas[d.Sokord]
		text := note.Delning[d.Sokord]
		if !ok || text == "" {
			kept = append(kept, string(d.Sokord))
			continue
		}
		level := vardbehovLevels[d.Vardbehov]
		if i := slices.IndexFunc(a.Areas, func(e behovskompass.AreaEntry) bool { return e.Area == area }); i >= 0 {
			// Two keywords on one area: the greater need counts.
			if slices.Index(behovskompass.DefaultLevels(), level) > slices.Index(behovskompass.DefaultLevels(), a.Areas[i].Level) {
				a.Areas[i].Level = level
			}
			a.Areas[i].Concerns += " " + text
			continue
		}
		a.Areas = append(a.Areas, behovskompass.AreaEntry{
			Area: area, Concerns: text, Level: level, Source: behovskompass.SourceDokumentation, SourceDetail: "läkarbesök",
		})
	}
	if _, err := v.svc.RecordAssessment(ctx, v.actor(note.Vardgivare), a, roles.PurposeBehovsbedomning); err != nil {
		return fmt.Errorf("patient %s: assessment: %w", note.PatientID, err)
	}
	var shared []string
	for _, e := range a.Areas {
		shared = append(shared, e.Area.Label())
	}
	v.logf("journal note of %s shared as an assessment of %s; kept in the journal: %s",
		note.PatientID, strings.Join(shared, ", "), strings.Join(kept, ", "))
	return nil
}

// patientByID returns the patient with the health centre's own ID, or nil.
func (v *Vardcentral) patientByID(id string) *Patient {
	for _, p := range v.Patienter {
		if p.PatientID == id {
			return p
		}
	}
	return nil
}
