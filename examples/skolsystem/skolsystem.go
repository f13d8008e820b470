package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// The school system's own records. They are what a school's system already
// has before it joins Backa barnet; the mapping below puts them into the
// shared vocabulary and leaves them as they are.

// Elev is a pupil in the school's register.
type Elev struct {
	ElevID         string // the school system's own key
	Personnummer   roles.Personnummer
	Fornamn        string
	Efternamn      string
	Klass          string
	Mentor         string // the mentor's user name
	Vardnadshavare []Vardnadshavare
	// BackaID is the child's ID in Backa barnet, once enrolled.
	BackaID roles.ID[roles.Child]
}

// Vardnadshavare is a guardian as the school's register holds them.
type Vardnadshavare struct {
	Personnummer roles.Personnummer
	Fornamn      string
	Efternamn    string
	// BackaID is the guardian's ID in Backa barnet, once the pupil is enrolled.
	BackaID roles.ID[roles.Guardian]
}

// Signal is a sign the school registers in a pupil case: the school's own
// codes, older than Backa barnet.
type Signal string

// The school's signals.
const (
	Franvaro        Signal = "franvaro"        // absence
	Trotthet        Signal = "trotthet"        // tiredness
	Ensamhet        Signal = "ensamhet"        // loneliness, left out
	Konflikter      Signal = "konflikter"      // conflicts with others
	Kunskapsluckor  Signal = "kunskapsluckor"  // falling behind in learning
	Hemforhallanden Signal = "hemforhallanden" // worry about home
)

// signalAreas maps each of the school's signals onto the needs compass: the
// one table where the school's words meet the shared ones. A signal may touch
// several areas.
var signalAreas = map[Signal][]behovskompass.Area{
	Franvaro:        {behovskompass.Utveckling, behovskompass.Tillhorighet},
	Trotthet:        {behovskompass.Halsa},
	Ensamhet:        {behovskompass.Tillhorighet, behovskompass.Fritid},
	Konflikter:      {behovskompass.Trygghet, behovskompass.Ansvar},
	Kunskapsluckor:  {behovskompass.Utveckling},
	Hemforhallanden: {behovskompass.Omsorg, behovskompass.Trygghet},
}

// areasOf returns the compass areas of the signals, each once, in the
// compass's order.
func areasOf(signals []Signal) []behovskompass.Area {
	var out []behovskompass.Area
	for _, a := range behovskompass.Areas() {
		for _, s := range signals {
			if slices.Contains(signalAreas[s], a) && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// Elevarende is a pupil case (elevärende): the school's record of a pupil who
// needs support, with its own fields.
type Elevarende struct {
	Nummer      string // "ELV-2026-017"
	ElevID      string
	Oppnat      roles.Date
	Signaler    []Signal
	Beskrivning string // what the mentor noticed
	Franvaro    int    // absence this term, in percent
	Mal         string // what the school wants to reach
	MalSyns     string // how it will be seen
	Atgarder    []Atgard
	// Kontakter are the people of other agencies working with the pupil,
	// kept up to date from Backa barnet's events.
	Kontakter []string
	// Stodsamordnare is who coordinates the support, from Backa barnet.
	Stodsamordnare string
	// Moten are the follow-up meetings booked in the school's calendar.
	Moten []roles.Date
}

// Atgard is a measure in a pupil case: an adjustment (extra anpassning),
// special support (särskilt stöd), or a task for the school in Barnets plan.
type Atgard struct {
	Typ      string // "extra_anpassning", "sarskilt_stod", "barnets_plan"
	Text     string
	Signal   Signal // what the measure addresses
	Ansvarig string // user name, or a role when no person is named
	Fran     roles.Date
	Till     roles.Date
	// BackaItem is the item of Barnets plan the measure is, once it is one.
	BackaItem roles.ID[plan.Item]
}

// Skolsystem is the school's system: its register, its pupil cases, and its
// connection to Backa barnet (the service and the staff's user accounts).
type Skolsystem struct {
	svc   *backa.Service
	kod   roles.Kommunkod // the school's municipality
	log   io.Writer
	users map[string]roles.Professional // user name -> professional
	// directory names professionals of other agencies: in a real system the
	// municipality's staff catalogue (HSA), which the service does not offer.
	directory func(roles.Party) string

	elever  map[string]*Elev
	arenden map[string]*Elevarende
	// inbox holds the events already acted on: delivery is at least once, so
	// an event may come twice.
	inbox kommun.Inbox
	// Acted counts the events the school acted on; the rest needed nothing.
	Acted int
}

// NewSkolsystem returns the school system over the service.
func NewSkolsystem(svc *backa.Service, kod roles.Kommunkod, log io.Writer, users map[string]roles.Professional, directory func(roles.Party) string) *Skolsystem {
	s := &Skolsystem{
		svc: svc, kod: kod, log: log, users: users, directory: directory,
		elever: map[string]*Elev{}, arenden: map[string]*Elevarende{},
	}
	s.inbox.OnUnknown = func(ev adapters.Event) {
		s.logf("event %s: a type or version this system does not know; skipped", ev.Type)
	}
	return s
}

// actor returns the user as the acting person of a use case.
func (s *Skolsystem) actor(user string) roles.Actor {
	p := s.users[user]
	return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
}

func (s *Skolsystem) logf(format string, args ...any) {
	fmt.Fprintf(s.log, "    [skolsystem] "+format+"\n", args...)
}

// OppnaArende opens a pupil case. The first case of a pupil not yet in Backa
// barnet enrols the pupil with the mentor as Barnkontakt (the policy lets
// school provide the Barnkontakt from age 6); then the case's description
// and signals become a concern (oro) that goes to the Barnkontakt.
func (s *Skolsystem) OppnaArende(ctx context.Context, e *Elev, a *Elevarende) error {
	s.elever[e.ElevID] = e
	s.arenden[a.Nummer] = a
	if e.BackaID.IsZero() {
		var gs []backa.GuardianCustody
		for _, v := range e.Vardnadshavare {
			gs = append(gs, backa.GuardianCustody{Guardian: roles.Guardian{
				Personnummer: v.Personnummer, GivenName: v.Fornamn, FamilyName: v.Efternamn, Protection: roles.Oskyddad,
			}})
		}
		res, err := s.svc.Enrol(ctx, s.actor(e.Mentor), backa.EnrolRequest{
			Child: roles.Child{
				Personnummer: e.Personnummer, GivenName: e.Fornamn, FamilyName: e.Efternamn,
				Kommun: s.kod, Protection: roles.Oskyddad,
			},
			Guardians:   gs,
			Barnkontakt: s.users[e.Mentor].ID,
		})
		if err != nil {
			return fmt.Errorf("enrolling pupil %s: %w", e.ElevID, err)
		}
		e.BackaID = res.ChildID
		for i := range e.Vardnadshavare {
			e.Vardnadshavare[i].BackaID = res.Guardians[i]
		}
		s.logf("pupil %s enrolled in Backa barnet; mentor %s is Barnkontakt", e.ElevID, e.Mentor)
	}

	// The school's absence figure decides how serious the concern is.
	serious := behovskompass.Lindrig
	if a.Franvaro >= 15 {
		serious = behovskompass.Mattlig
	}
	areas := areasOf(a.Signaler)
	if _, err := s.svc.RaiseConcern(ctx, s.actor(e.Mentor), backa.ConcernRequest{
		ChildID: e.BackaID, Noticed: a.Beskrivning, Areas: areas, Seriousness: serious,
	}); err != nil {
		return fmt.Errorf("case %s: concern: %w", a.Nummer, err)
	}
	s.logf("case %s: signals %s -> concern on %s (%s)", a.Nummer, signalList(a.Signaler), kommun.Labels(areas), serious.Label())
	return nil
}

// RegistreraSamtycke records the guardians' consent that the school may give
// the listed categories to the receiving agencies.
func (s *Skolsystem) RegistreraSamtycke(ctx context.Context, user string, e *Elev, c roles.Consent) error {
	if _, err := s.svc.RecordConsent(ctx, s.actor(user), c); err != nil {
		return fmt.Errorf("pupil %s: consent: %w", e.ElevID, err)
	}
	s.logf("consent of the guardians recorded: school -> %s", kommun.Labels(c.ReceivingAgencies))
	return nil
}

// UpprattaPlan makes the case's goal and measures Barnets plan: the goal on
// the compass areas of the case's signals, each measure an item of the
// school, and activates it.
func (s *Skolsystem) UpprattaPlan(ctx context.Context, nummer string, review roles.Date) error {
	a, ok := s.arenden[nummer]
	if !ok {
		return fmt.Errorf("case %s: no such case", nummer)
	}
	e := s.elever[a.ElevID]
	goal, err := roles.NewID[plan.Goal]()
	if err != nil {
		return err
	}
	ops := []backa.PlanOp{
		backa.SetReason{Reason: a.Beskrivning},
		backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: areasOf(a.Signaler), Outcome: a.Mal, Indicator: a.MalSyns}},
		backa.SetNextReview{Date: review},
	}
	for i := range a.Atgarder {
		m := &a.Atgarder[i]
		areas := signalAreas[m.Signal]
		if len(areas) == 0 {
			return fmt.Errorf("case %s: measure %d: signal %q maps to no area of the compass", nummer, i, m.Signal)
		}
		if m.BackaItem, err = roles.NewID[plan.Item](); err != nil {
			return err
		}
		it := plan.Item{
			ID: m.BackaItem, Description: m.Text, GoalID: goal, Area: areas[0],
			Agency: roles.Skola, Start: m.Fran, Due: m.Till,
		}
		if p, ok := s.users[m.Ansvarig]; ok {
			it.ProfessionalID = p.ID
		} else {
			it.ProfessionalRole = m.Ansvarig
		}
		ops = append(ops, backa.AddItem{Item: it})
	}
	user := e.Mentor
	if _, err := s.svc.CreatePlan(ctx, s.actor(user), backa.ChangePlanRequest{
		ChildID: e.BackaID, Summary: "Plan från elevärende " + a.Nummer, Ops: ops,
	}); err != nil {
		return fmt.Errorf("case %s: plan: %w", nummer, err)
	}
	pc, err := s.svc.ActivatePlan(ctx, s.actor(user), backa.PlanStatusRequest{ChildID: e.BackaID})
	if err != nil {
		return fmt.Errorf("case %s: activating the plan: %w", nummer, err)
	}
	s.logf("case %s -> Barnets plan, revision %d: 1 goal (%s), %d items of the school, next review %s",
		nummer, pc.Revision, kommun.Labels(areasOf(a.Signaler)), len(a.Atgarder), review)
	return nil
}

// BjudIn invites a professional of another agency into the pupil's own team
// (individuellt barnteam): the Barnkontakt calls the team together
// (Service.ChangeTeam). The professional's ID comes from the municipality's
// staff catalogue.
func (s *Skolsystem) BjudIn(ctx context.Context, user string, e *Elev, pro roles.ID[roles.Professional]) error {
	if _, err := s.svc.ChangeTeam(ctx, s.actor(user), backa.TeamRequest{
		ChildID: e.BackaID, Add: []backa.TeamMember{{Professional: pro}},
	}); err != nil {
		return fmt.Errorf("pupil %s: inviting to the team: %w", e.ElevID, err)
	}
	s.logf("%s invited to the pupil's team", s.directory(roles.ProfessionalParty(pro)))
	return nil
}

// Handle acts on one event from Backa barnet's outbox. It is the handler a
// relay (backa.Service.Deliver) calls; returning nil acknowledges the event.
// Events carry IDs and codes only: what the school needs beyond them it reads
// through the service, as the pupil's mentor, and that read is audited.
func (s *Skolsystem) Handle(ctx context.Context, ev adapters.Event) error {
	p, ok, err := s.inbox.Open(ev)
	if !ok {
		return err // acted on before, a kind this system does not know, or undecodable
	}
	e := s.elevByBackaID(ev.ChildID)
	if e == nil {
		return s.done(ev) // not one of our pupils
	}
	a := s.arendeOf(e)
	if a == nil {
		return s.done(ev) // a pupil with no open case
	}
	switch p := p.(type) {
	case backa.TeamChanged:
		for _, r := range p.Added {
			if r.Agency == roles.Skola || r.ProfessionalID.IsZero() {
				continue
			}
			who := fmt.Sprintf("%s (%s)", s.directory(roles.ProfessionalParty(r.ProfessionalID)), r.Agency.Label())
			if !slices.Contains(a.Kontakter, who) {
				a.Kontakter = append(a.Kontakter, who)
				s.Acted++
				s.logf("%s: case %s: new contact %s", ev.Type, a.Nummer, who)
			}
		}
	case backa.RoleChanged:
		if ev.Type == string(backa.EventStodsamordnareChanged) {
			s.Acted++
			a.Stodsamordnare = fmt.Sprintf("%s (%s)", s.directory(roles.ProfessionalParty(p.To.ProfessionalID)), p.To.Agency.Label())
			s.logf("%s: case %s: support is coordinated by %s", ev.Type, a.Nummer, a.Stodsamordnare)
		}
	case backa.ItemAssigned:
		if p.Agency != roles.Skola || s.hasItem(a, p.ItemID) {
			return s.done(ev) // another agency's item, or one the school added itself
		}
		// A task for the school agreed in Barnets plan: read it, as the
		// mentor, and make it a measure of the case.
		pv, err := s.svc.Plan(ctx, s.actor(e.Mentor), e.BackaID, backa.ReadOptions{})
		if err != nil {
			return err
		}
		it, ok := pv.Plan.Item(p.ItemID)
		if !ok {
			return fmt.Errorf("item %s not in the plan", p.ItemID)
		}
		ansvarig := it.ProfessionalRole
		if ansvarig == "" {
			ansvarig = e.Mentor
		}
		s.Acted++
		a.Atgarder = append(a.Atgarder, Atgard{
			Typ: "barnets_plan", Text: it.Description, Ansvarig: ansvarig, Fran: it.Start, Till: it.Due, BackaItem: it.ID,
		})
		s.logf("%s: case %s: new measure for the school: %q (%s, %s to %s)",
			ev.Type, a.Nummer, it.Description, ansvarig, it.Start, it.Due)
	case backa.FollowUpDue:
		if !slices.Contains(a.Moten, p.NextReview) {
			a.Moten = append(a.Moten, p.NextReview)
			s.Acted++
			s.logf("%s: case %s: follow-up meeting booked in the school calendar for %s", ev.Type, a.Nummer, p.NextReview)
		}
	case backa.ConsentWithdrawn:
		if slices.Contains(p.ReceivingAgencies, roles.Skola) {
			s.Acted++
			s.logf("%s: case %s: information from %s is no longer shown from %s",
				ev.Type, a.Nummer, p.DisclosingAgency.Label(), p.WithdrawnAt.In(roles.SwedishTime()).Format("2006-01-02 15:04"))
		}
	}
	return s.done(ev)
}

// done records that the event was handled.
func (s *Skolsystem) done(ev adapters.Event) error {
	s.inbox.Done(ev)
	return nil
}

// elevByBackaID returns the pupil with the child's Backa barnet ID, or nil.
func (s *Skolsystem) elevByBackaID(id roles.ID[roles.Child]) *Elev {
	for _, e := range s.elever {
		if e.BackaID == id && !id.IsZero() {
			return e
		}
	}
	return nil
}

// arendeOf returns the pupil's case, or nil.
func (s *Skolsystem) arendeOf(e *Elev) *Elevarende {
	for _, a := range s.arenden {
		if a.ElevID == e.ElevID {
			return a
		}
	}
	return nil
}

// hasItem reports whether an item of Barnets plan is a measure of the case.
func (s *Skolsystem) hasItem(a *Elevarende, id roles.ID[plan.Item]) bool {
	return slices.ContainsFunc(a.Atgarder, func(m Atgard) bool { return m.BackaItem == id })
}

// signalList writes the school's signal codes: "franvaro, trotthet".
func signalList(ss []Signal) string {
	var out []string
	for _, s := range ss {
		out = append(out, string(s))
	}
	return strings.Join(out, ", ")
}
