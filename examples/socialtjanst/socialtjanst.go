package main

import (
	"context"
	"errors"
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

// The social services system's own records, modelled on how Swedish social
// services document a child's case (aktualisering, utredning after BBIC,
// beslut om insats). Backa barnet does not replace them: the mapping below
// connects them to the shared vocabulary.

// Aktualisering is how a matter reaches social services: a report
// (anmälan) from another agency or an application from the family. Social
// services decides within 14 days whether to open an investigation
// (förhandsbedömning).
type Aktualisering struct {
	Nr      string
	Kalla   string // where it came from: "anmälan från Skola"
	Inkom   time.Time
	Senast  roles.Date // the förhandsbedömning is due by then
	Barn    roles.ID[roles.Child]
	Oro     roles.ID[behovskompass.Concern]
	Uppgift string // what was reported, once read
	Beslut  string // "inled_utredning" or "ingen_utredning"
}

// ForhandsbedomningDagar is how many days social services has to decide
// whether to open an investigation after a report (the förhandsbedömning),
// unless there are particular reasons to take longer.
const ForhandsbedomningDagar = 14

// BBICOmrade is an area of the child's needs in the social services'
// investigation model (BBIC): social services' own words.
type BBICOmrade string

// The areas of the child's needs in an investigation.
const (
	BBICHalsa          BBICOmrade = "halsa"                         // hälsa
	BBICUtbildning     BBICOmrade = "utbildning"                    // utbildning
	BBICKansla         BBICOmrade = "kansla_och_beteende"           // känslo- och beteendemässig utveckling
	BBICIdentitet      BBICOmrade = "identitet"                     // identitet
	BBICFamilj         BBICOmrade = "familj_och_sociala_relationer" // familj och sociala relationer
	BBICUppforande     BBICOmrade = "socialt_uppforande"            // socialt uppförande
	BBICKlaraSigSjalv  BBICOmrade = "klara_sig_sjalv"               // förmåga att klara sig själv
	BBICSakerhet       BBICOmrade = "sakerhet"                      // föräldrarnas förmåga: säkerhet
	BBICGrundlaggande  BBICOmrade = "grundlaggande_omsorg"          // föräldrarnas förmåga: grundläggande omsorg
	BBICFamiljOchMiljo BBICOmrade = "familj_och_miljo"              // familj och miljö
)

// bbicAreas maps social services' areas onto the needs compass. It is the
// municipality's mapping, not a national one: BBIC prescribes none, so each
// municipality decides its own table.
var bbicAreas = map[BBICOmrade]behovskompass.Area{
	BBICHalsa:          behovskompass.Halsa,
	BBICUtbildning:     behovskompass.Utveckling,
	BBICKansla:         behovskompass.Halsa,
	BBICIdentitet:      behovskompass.Tillhorighet,
	BBICFamilj:         behovskompass.Omsorg,
	BBICUppforande:     behovskompass.Ansvar,
	BBICKlaraSigSjalv:  behovskompass.Ansvar,
	BBICSakerhet:       behovskompass.Trygghet,
	BBICGrundlaggande:  behovskompass.Omsorg,
	BBICFamiljOchMiljo: behovskompass.Fritid,
}

// Grad is how far a need is met, on social services' own three-step scale.
type Grad int

// The steps of the scale.
const (
	Tillgodosett Grad = iota + 1
	DelvisTillgodosett
	EjTillgodosett
)

// gradLevels maps the scale onto the compass's default scale, Backa4.
var gradLevels = map[Grad]behovskompass.LevelCode{
	Tillgodosett:       behovskompass.IngetBehov,
	DelvisTillgodosett: behovskompass.BehovAvStod,
	EjTillgodosett:     behovskompass.OmfattandeBehov,
}

// Bedomning is the investigation's finding on one area.
type Bedomning struct {
	Omrade BBICOmrade
	Text   string
	Grad   Grad
}

// Utredning is a child investigation (barnavårdsutredning).
type Utredning struct {
	Nr            string
	Aktualisering string
	Handlaggare   string // the case worker's user name
	Barn          roles.ID[roles.Child]
	Bedomningar   []Bedomning
	BarnetsRost   string // the child's own view
	Klar          roles.Date
	// Underlag lists what other agencies contributed, kept up to date from
	// Backa barnet's events.
	Underlag []string
}

// Insatsbeslut is a decision to give an intervention (insats).
type Insatsbeslut struct {
	Nr          string
	Insats      string // "Familjebehandling"
	Omrade      BBICOmrade
	Mal         string
	MalSyns     string
	Fran, Till  roles.Date
	Handlaggare string // user name
	// BackaItem is the item of Barnets plan the decision became.
	BackaItem roles.ID[plan.Item]
}

// Socialtjanst is social services' system.
type Socialtjanst struct {
	svc   *backa.Service
	log   io.Writer
	users map[string]roles.Professional // user name -> professional

	Aktualiseringar []*Aktualisering
	Utredningar     []*Utredning
	Beslut          []*Insatsbeslut
	// inbox holds the events already acted on: delivery is at least once.
	inbox kommun.Inbox
}

// NewSocialtjanst returns the system over the service, with its users'
// accounts linked to their Backa barnet identities.
func NewSocialtjanst(svc *backa.Service, log io.Writer, users map[string]roles.Professional) *Socialtjanst {
	return &Socialtjanst{svc: svc, log: log, users: users}
}

// actor returns the user as the acting person of a use case.
func (s *Socialtjanst) actor(user string) roles.Actor {
	p := s.users[user]
	return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
}

func (s *Socialtjanst) logf(format string, args ...any) {
	fmt.Fprintf(s.log, "    [socialtjänst] "+format+"\n", args...)
}

// Handle acts on one event of Backa barnet's outbox; returning nil
// acknowledges it. It drops events it has acted on before (delivery is at
// least once).
func (s *Socialtjanst) Handle(ctx context.Context, ev adapters.Event) error {
	p, ok, err := s.inbox.Open(ev)
	if !ok {
		return err // acted on before, a kind this system does not know, or undecodable
	}
	switch p := p.(type) {
	case backa.ConcernReported:
		// An orosanmälan: register it, with the day by which to decide.
		a := &Aktualisering{
			Nr:    fmt.Sprintf("AKT-%d-%03d", ev.At.Year(), 31+len(s.Aktualiseringar)),
			Kalla: "anmälan från " + p.From.Label(), Inkom: ev.At, Barn: p.ChildID, Oro: p.ConcernID,
			Senast: roles.DateOf(ev.At).AddDays(ForhandsbedomningDagar),
		}
		s.Aktualiseringar = append(s.Aktualiseringar, a)
		s.logf("%s: %s registered (%s), förhandsbedömning due by %s", ev.Type, a.Nr, a.Kalla, a.Senast)
	case backa.AssessmentRecorded:
		if p.Agency == roles.Socialtjanst {
			break
		}
		// Another agency assessed the child: add it to the investigation's
		// material, as the case worker may read it (a consent or a legal
		// basis of that agency), through the combined picture.
		u := s.utredningOf(p.ChildID)
		if u == nil {
			break
		}
		ov, err := s.svc.Overview(ctx, s.actor(u.Handlaggare), p.ChildID, backa.OverviewOptions{})
		if err != nil {
			return err
		}
		for _, area := range p.Areas {
			for _, e := range ov.Helhetsbild.Area(area).Latest {
				if e.AssessmentID != p.AssessmentID {
					continue
				}
				text := e.Entry.Concerns
				if text == "" {
					text = e.Entry.Strengths
				}
				note := fmt.Sprintf("%s on %s: %q (%s)", e.Agency.Label(), area.Label(), text, levelLabel(e.Entry.Level))
				u.Underlag = append(u.Underlag, note)
				s.logf("%s: %s gets material from %s", ev.Type, u.Nr, note)
			}
		}
	case backa.ConsentWithdrawn:
		if slices.Contains(p.ReceivingAgencies, roles.Socialtjanst) {
			s.logf("%s: information from %s may no longer be read on that consent", ev.Type, p.DisclosingAgency.Label())
		}
	}
	s.inbox.Done(ev)
	return nil
}

// utredningOf returns the child's investigation, or nil.
func (s *Socialtjanst) utredningOf(child roles.ID[roles.Child]) *Utredning {
	for _, u := range s.Utredningar {
		if u.Barn == child {
			return u
		}
	}
	return nil
}

// LasAnmalan reads what was reported, as the user, through the service: a
// read of the school's concern, on the legal basis of the report.
func (s *Socialtjanst) LasAnmalan(ctx context.Context, user string, a *Aktualisering) error {
	v, err := s.svc.Concerns(ctx, s.actor(user), a.Barn, backa.ReadOptions{Purpose: roles.PurposeOrosanmalan})
	if err != nil {
		return fmt.Errorf("%s: reading the report: %w", a.Nr, err)
	}
	for _, c := range v.Concerns {
		if c.ID == a.Oro {
			a.Uppgift = c.Noticed
			s.logf("%s: the report reads: %q", a.Nr, c.Noticed)
			return nil
		}
	}
	return fmt.Errorf("%s: the concern is not among those the user may read", a.Nr)
}

// AvslutaUtredning completes an investigation: its findings, area by area,
// become social services' assessment on the needs compass.
func (s *Socialtjanst) AvslutaUtredning(ctx context.Context, user string, u *Utredning) error {
	a := behovskompass.Assessment{ChildID: u.Barn, Views: behovskompass.Views{Child: u.BarnetsRost}}
	// Several of social services' areas may fall on one compass area: the
	// compass area then gets the most serious finding, with the texts of all.
	for _, b := range u.Bedomningar {
		area := bbicAreas[b.Omrade]
		level := gradLevels[b.Grad]
		i := slices.IndexFunc(a.Areas, func(e behovskompass.AreaEntry) bool { return e.Area == area })
		if i < 0 {
			a.Areas = append(a.Areas, behovskompass.AreaEntry{Area: area, Source: behovskompass.SourceKartlaggning, SourceDetail: "Utredning " + u.Nr})
			i = len(a.Areas) - 1
		}
		e := &a.Areas[i]
		if e.Concerns != "" {
			e.Concerns += " "
		}
		e.Concerns += b.Text
		if rank(level) > rank(e.Level) {
			e.Level = level
		}
	}
	if _, err := s.svc.RecordAssessment(ctx, s.actor(user), a, roles.PurposeBehovsbedomning); err != nil {
		return fmt.Errorf("%s: %w", u.Nr, err)
	}
	var areas []string
	for _, e := range a.Areas {
		areas = append(areas, e.Area.Label()+": "+levelLabel(e.Level))
	}
	s.logf("%s completed: %d findings -> assessment on the compass: %s", u.Nr, len(u.Bedomningar), strings.Join(areas, ", "))
	return nil
}

// levelLabel names a level of the default scale in Swedish.
func levelLabel(l behovskompass.LevelCode) string {
	if lv, ok := behovskompass.DefaultScale().Level(l); ok {
		return lv.Label.In(behovskompass.Swedish)
	}
	return string(l)
}

// rank orders the levels of the default scale; "" is below all.
func rank(l behovskompass.LevelCode) int { return slices.Index(behovskompass.DefaultLevels(), l) }

// Besluta makes decisions on interventions into items of Barnets plan, each
// with a goal of its own on the compass area of its decision: the plan is
// created when the child has none.
func (s *Socialtjanst) Besluta(ctx context.Context, user string, child roles.ID[roles.Child], reason string, review roles.Date, bs ...*Insatsbeslut) error {
	var ops []backa.PlanOp
	for _, b := range bs {
		goal, err := roles.NewID[plan.Goal]()
		if err != nil {
			return err
		}
		if b.BackaItem, err = roles.NewID[plan.Item](); err != nil {
			return err
		}
		area := bbicAreas[b.Omrade]
		ops = append(ops,
			backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: []behovskompass.Area{area}, Outcome: b.Mal, Indicator: b.MalSyns}},
			backa.AddItem{Item: plan.Item{
				ID: b.BackaItem, Description: b.Insats + " (beslut " + b.Nr + ")", GoalID: goal, Area: area,
				Agency: roles.Socialtjanst, PrincipalID: s.users[user].OrganisationID, ProfessionalID: s.users[b.Handlaggare].ID,
				Start: b.Fran, Due: b.Till,
			}},
		)
		s.Beslut = append(s.Beslut, b)
	}
	_, err := s.svc.Plan(ctx, s.actor(user), child, backa.ReadOptions{})
	switch {
	case errors.Is(err, adapters.ErrNotFound):
		ops = append([]backa.PlanOp{backa.SetReason{Reason: reason}, backa.SetNextReview{Date: review}}, ops...)
		_, err = s.svc.CreatePlan(ctx, s.actor(user), backa.ChangePlanRequest{ChildID: child, Summary: "Plan efter beslut om insats", Ops: ops})
	case err == nil:
		_, err = s.svc.ChangePlan(ctx, s.actor(user), backa.ChangePlanRequest{ChildID: child, Summary: "Beslut om insats", Ops: ops})
	}
	if err != nil {
		return fmt.Errorf("decisions into the plan: %w", err)
	}
	for _, b := range bs {
		s.logf("decision %s: %s, %s to %s -> item of Barnets plan, goal on %s", b.Nr, b.Insats, b.Fran, b.Till, bbicAreas[b.Omrade].Label())
	}
	return nil
}
