// Command skolsystem is a small stand-in for a school's pupil system that
// joins Backa barnet: the system a school vendor already sells, with its own
// records (a pupil register, pupil cases with the school's own signal codes
// and measures), connected to the shared vocabulary.
//
// It shows the three things such an integration does:
//
//   - map its own records onto the shared vocabulary: the school's signals
//     onto the areas of the needs compass (signalAreas), a pupil case onto a
//     concern and Barnets plan, its measures onto the plan's items;
//   - call backa.Service as the member of staff who acts, so that every
//     access is decided and audited;
//   - react to what other agencies do, from the outbox: read pending events
//     (backa.Service.Deliver), act on them, and acknowledge them (Handle).
//
// The school is in Mellerud; social services, whose system is not shown,
// join the child's team and agree a task for the school in the plan. Run:
//
//	go run ./examples/skolsystem
package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // Swedish time on any host

	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

func main() { kommun.Main("skolsystem", run) }

// run tells the story, step by step, to out.
func run(ctx context.Context, out io.Writer) error {
	t, school, err := setUp(ctx, out)
	if err != nil {
		return err
	}
	defer t.Close()

	fmt.Fprintln(out, "Skolsystemet at Tallbackaskolan, Mellerud: a school's pupil system in Backa barnet")
	fmt.Fprintln(out)

	// 1. The school's own records, as they were before Backa barnet.
	alma, arende := pupilCase(t.Today())
	fmt.Fprintf(out, "1. Maja Lund, Alma's mentor, opens pupil case %s (class %s): %d%% absence, signals %s\n",
		arende.Nummer, alma.Klass, arende.Franvaro, signalList(arende.Signaler))
	if err := school.OppnaArende(ctx, alma, arende); err != nil {
		return err
	}

	// 2. The guardians consent, and the case becomes Barnets plan.
	t.Set(2026, time.February, 5, 15, 0)
	fmt.Fprintln(out, "\n2. At a meeting with Hanna and Mikael: consent, and the case's goal and measures become Barnets plan")
	if err := planCase(ctx, t, school, alma, arende); err != nil {
		return err
	}

	// 3. Elsewhere: social services' own system, in a few service calls.
	t.Set(2026, time.February, 6, 10, 0)
	fmt.Fprintln(out, "\n3. Elsewhere in Mellerud, in social services' own system (not shown):")
	if err := socialServices(ctx, t, alma.BackaID, guardiansOf(alma), out); err != nil {
		return err
	}

	// 4. The school system reads the outbox, acts, acknowledges.
	t.Set(2026, time.February, 6, 10, 5)
	fmt.Fprintln(out, "\n4. The school system reads its pending events (Service.Deliver) and acts on them:")
	if err := deliver(ctx, t, school, out); err != nil {
		return err
	}

	// 5. The review date comes: the daily job raises follow-up events.
	t.Set(2026, time.March, 16, 6, 0)
	n, err := t.Service.RemindFollowUps(ctx, t.Today())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n5. %s: the nightly job (Service.RemindFollowUps) finds %s due for follow-up\n", t.Today(), kommun.Plural(n, "plan"))
	if err := deliver(ctx, t, school, out); err != nil {
		return err
	}

	// 6. The pupil case, in the school's own terms.
	fmt.Fprintf(out, "\n6. Pupil case %s in the school system now:\n", arende.Nummer)
	for _, m := range arende.Atgarder {
		fmt.Fprintf(out, "    - %-16s %-44s %s, %s to %s\n", m.Typ, m.Text, m.Ansvarig, m.Fran, m.Till)
	}
	fmt.Fprintf(out, "    contacts: %s\n    support coordinated by: %s\n    meetings booked: %s\n",
		strings.Join(arende.Kontakter, ", "), arende.Stodsamordnare, dateList(arende.Moten))
	return nil
}

// setUp opens the municipality (a school and social services in Mellerud,
// one store, one service: see examples/internal/kommun) and the school
// system, with its users' accounts linked to their Backa barnet identities.
func setUp(ctx context.Context, log io.Writer) (*kommun.Town, *Skolsystem, error) {
	t, err := kommun.Open(ctx, kommun.Place{
		Kommun: roles.Mellerud, Name: "Melleruds kommun",
		Units: map[roles.Agency]string{
			roles.Skola:        "Tallbackaskolan",
			roles.Socialtjanst: "Socialtjänsten Mellerud, barn och unga",
		},
	}, time.Date(2026, time.February, 2, 8, 0, 0, 0, roles.SwedishTime()), []kommun.Person{
		{Key: "maja", GivenName: "Maja", FamilyName: "Lund", Title: "Lärare och mentor", Agency: roles.Skola},
		{Key: "samir", GivenName: "Samir", FamilyName: "Haddad", Title: "Socialsekreterare", Agency: roles.Socialtjanst},
	})
	if err != nil {
		return nil, nil, err
	}
	school := NewSkolsystem(t.Service, roles.Mellerud, log, map[string]roles.Professional{"maja.lund": t.Staff("maja")}, t.Name)
	return t, school, nil
}

// pupilCase returns the school's records of Alma and her pupil case. Alma
// and her guardians are invented; their personnummer are Skatteverket's test
// numbers.
func pupilCase(today roles.Date) (*Elev, *Elevarende) {
	alma := &Elev{
		ElevID: "E-4711", Fornamn: "Alma", Efternamn: "Nyström", Klass: "3B", Mentor: "maja.lund",
		Personnummer: roles.MustParsePersonnummer("201701022384"),
		Vardnadshavare: []Vardnadshavare{
			{Personnummer: roles.MustParsePersonnummer("198507099805"), Fornamn: "Hanna", Efternamn: "Nyström"},
			{Personnummer: roles.MustParsePersonnummer("198507099813"), Fornamn: "Mikael", Efternamn: "Nyström"},
		},
	}
	arende := &Elevarende{
		Nummer: "ELV-2026-017", ElevID: alma.ElevID, Oppnat: today,
		Signaler:    []Signal{Franvaro, Trotthet, Ensamhet},
		Beskrivning: "Alma har 18 procent frånvaro denna termin, är ofta trött och äter ensam på rasterna.",
		Franvaro:    18,
		Mal:         "Alma är i skolan varje dag och har någon att vara med på rasterna.",
		MalSyns:     "Frånvaro under 5 procent; Alma berättar att hon har kompisar.",
		Atgarder: []Atgard{
			{Typ: "extra_anpassning", Text: "Rastaktivitet med vuxen två dagar i veckan", Signal: Ensamhet, Ansvarig: "maja.lund",
				Fran: roles.NewDate(2026, time.February, 9), Till: roles.NewDate(2026, time.June, 12)},
			{Typ: "extra_anpassning", Text: "Samtal med mentor varje måndag", Signal: Franvaro, Ansvarig: "maja.lund",
				Fran: roles.NewDate(2026, time.February, 9), Till: roles.NewDate(2026, time.April, 3)},
		},
	}
	return alma, arende
}

// planCase records the guardians' consent, makes the case Barnets plan and
// invites social services' Samir into Alma's team.
func planCase(ctx context.Context, t *kommun.Town, school *Skolsystem, alma *Elev, arende *Elevarende) error {
	if err := school.RegistreraSamtycke(ctx, "maja.lund", alma, t.Consent(alma.BackaID, guardiansOf(alma), roles.Skola,
		[]roles.Agency{roles.Socialtjanst}, roles.CategoryOro, roles.CategoryBehovskompass, roles.CategoryPlan)); err != nil {
		return err
	}
	if err := school.UpprattaPlan(ctx, arende.Nummer, roles.NewDate(2026, time.March, 16)); err != nil {
		return err
	}
	return school.BjudIn(ctx, "maja.lund", alma, t.Staff("samir").ID)
}

// guardiansOf returns the Backa barnet IDs of the pupil's guardians.
func guardiansOf(e *Elev) []roles.ID[roles.Guardian] {
	var ids []roles.ID[roles.Guardian]
	for _, v := range e.Vardnadshavare {
		ids = append(ids, v.BackaID)
	}
	return ids
}

// deliver hands the pending events to the school system (Skolsystem.Handle)
// until none is left, as a relay does, and says what happened.
func deliver(ctx context.Context, t *kommun.Town, school *Skolsystem, out io.Writer) error {
	acted := school.Acted
	return t.Deliver(ctx, school.Handle, func(rep backa.DeliveryReport) {
		fmt.Fprintf(out, "    %s delivered and acknowledged: the school acted on %d, the rest needed nothing from it\n",
			kommun.Plural(rep.Delivered, "event"), school.Acted-acted)
		acted = school.Acted
	})
}

// socialServices is what social services' own system does: Samir, now in
// Alma's team, takes on coordinating the support, records what social
// services may share, and adds to the plan an item of social services and a
// task for the school.
func socialServices(ctx context.Context, t *kommun.Town, child roles.ID[roles.Child], guardians []roles.ID[roles.Guardian], out io.Writer) error {
	samir := t.Actor("samir")
	if _, err := t.Service.AppointStodsamordnare(ctx, samir, backa.RoleRequest{ChildID: child, Professional: t.Staff("samir").ID}); err != nil {
		return err
	}
	fmt.Fprintln(out, "    Samir Haddad becomes Stödsamordnare (lead professional)")
	if _, err := t.Service.RecordConsent(ctx, samir, t.Consent(child, guardians, roles.Socialtjanst,
		[]roles.Agency{roles.Skola}, roles.CategoryPlan)); err != nil {
		return err
	}
	fmt.Fprintln(out, "    the guardians' consent: social services may share the plan's items with the school")
	pv, err := t.Service.Plan(ctx, samir, child, backa.ReadOptions{})
	if err != nil {
		return err
	}
	schoolGoal := pv.Plan.Goals[0]
	homeGoal, err := roles.NewID[plan.Goal]() // refers the item below to the goal added with it
	if err != nil {
		return err
	}
	_, err = t.Service.ChangePlan(ctx, samir, backa.ChangePlanRequest{
		ChildID: child, Revision: pv.Plan.Revision, Summary: "Insatser från socialtjänsten",
		Ops: []backa.PlanOp{
			backa.AddGoal{Goal: plan.Goal{
				ID: homeGoal, Areas: []behovskompass.Area{behovskompass.Omsorg},
				Outcome: "Familjen har fungerande morgonrutiner.", Indicator: "Alma kommer utvilad och i tid.",
			}},
			backa.AddItem{Item: plan.Item{
				Description: "Familjebehandling, samtal varannan vecka", GoalID: homeGoal, Area: behovskompass.Omsorg,
				Agency: roles.Socialtjanst, PrincipalID: t.Principal(roles.Socialtjanst), ProfessionalID: t.Staff("samir").ID,
				Start: roles.NewDate(2026, time.February, 9), Due: roles.NewDate(2026, time.May, 29),
			}},
			backa.AddItem{Item: plan.Item{
				Description: "Ringa hem samma dag vid frånvaro", GoalID: schoolGoal.ID, Area: behovskompass.Utveckling,
				Agency: roles.Skola, ProfessionalRole: "mentor",
				Start: roles.NewDate(2026, time.February, 9), Due: roles.NewDate(2026, time.June, 12),
			}},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "    a goal for the home and two items: family therapy (social services) and a task for the school")
	return nil
}

func dateList(ds []roles.Date) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.String())
	}
	return strings.Join(s, ", ")
}
