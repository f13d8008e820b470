package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// journey is the story: the service, the world it plays in, and what earlier
// steps stored that later steps refer to.
type journey struct {
	svc   *backa.Service
	clock *clock
	ids   *idSource
	w     *world
	p     *printer
	n     int // the step being told

	bvcConsent                    roles.ID[roles.Consent]
	goalRest, goalPlay            roles.ID[plan.Goal]
	itemPlay, itemSleep, itemHome roles.ID[plan.Item]
	assessedBy                    time.Time // the first assessments were made by then
	overview                      backa.Overview
	consents                      []roles.Consent
	logExtract                    []backa.LogEntry
	audit                         backa.AuditReport
	catalog                       behovskompass.Catalog
	items                         int // how many items the plan has
}

// newJourney sets the scene: a service over the store with the story's
// clock and IDs, and the organisations, units and staff in the store.
func newJourney(ctx context.Context, store adapters.Store, p *printer) (*journey, error) {
	c := &clock{}
	c.set(2022, time.September, 5, 8, 0)
	ids := newIDSource(c)
	w, err := newWorld(ids)
	if err != nil {
		return nil, err
	}
	// Options: the default policy and compass catalogue, with the story's
	// clock and IDs. A real system passes its logger too.
	catalog := behovskompass.BuiltinCatalog()
	svc, err := backa.NewService(store, &backa.Options{Catalog: &catalog, Now: c.Now, NewID: ids.NewID})
	if err != nil {
		return nil, err
	}
	if err := w.register(ctx, store); err != nil {
		return nil, fmt.Errorf("registering the staff: %w", err)
	}
	return &journey{svc: svc, clock: c, ids: ids, w: w, p: p, catalog: catalog}, nil
}

// step starts the next step of the story at a moment in Swedish time.
func (j *journey) step(month time.Month, day, hour, minute int, title string) {
	j.clock.set(2022, month, day, hour, minute)
	j.n++
	j.p.step(j.n, j.clock.Now(), title)
}

// later moves the clock on within a step.
func (j *journey) later(d time.Duration) { j.clock.now = j.clock.now.Add(d) }

// play tells the story, step by step. Each step is one or a few calls of the
// service; an error ends the story.
func (j *journey) play(ctx context.Context, where string) error {
	w := j.w
	j.p.title("Backa barnet in Dalsland: one child's journey")
	j.p.printf("\n")
	j.p.say("Åmål, autumn 2022. %s %s (%s) is five and goes to %s (a preschool). "+
		"He lives with his vårdnadshavare (guardians) %s and %s, who share custody. "+
		"Each step below is a call of backa.Service; the records are kept in %s.",
		w.theo.GivenName, w.theo.FamilyName, w.theo.Personnummer, w.lena.unit.Name,
		w.sara.GivenName, w.jonas.GivenName, where)

	for _, s := range []func(context.Context) error{
		j.notice, j.enrol, j.raiseConcern, j.consent, j.assess, j.formTeam,
		j.socialServicesJoin, j.makePlan, j.followUp, j.withdraw, j.logExtractStep,
	} {
		if err := s(ctx); err != nil {
			return fmt.Errorf("step %d: %w", j.n, err)
		}
	}
	// Every change also wrote events for the agencies' systems, in the same
	// transaction (the outbox). A relay delivers them: see Service.Deliver
	// and the examples skolsystem, socialtjanst and vardcentral.
	events, err := j.pendingEvents(ctx)
	if err != nil {
		return err
	}
	j.p.printf("\n")
	j.p.say("Every change also wrote events for the agencies' systems, in the same transaction "+
		"(the outbox, Service.PendingEvents): %s.", events)
	j.p.printf("\n")
	j.p.say("That is the journey so far: one child, one plan, three agencies, and a record of who " +
		"saw what and why. Read examples/dalsland/story.go to see each call.")
	return nil
}

// pendingEvents counts the events in the outbox by type: "3 plan.changed, ...".
func (j *journey) pendingEvents(ctx context.Context) (string, error) {
	count := map[string]int{}
	total := 0
	page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
	for {
		p, err := j.svc.PendingEvents(ctx, page)
		if err != nil {
			return "", err
		}
		for _, e := range p.Items {
			count[e.Type]++
			total++
		}
		if p.Next == "" {
			break
		}
		page.Cursor = p.Next
	}
	var parts []string
	for _, t := range backa.EventTypes() {
		if n := count[string(t)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, t))
		}
	}
	return fmt.Sprintf("%d events: %s", total, joinAnd(parts)), nil
}

// 1. Someone notices.
func (j *journey) notice(context.Context) error {
	w := j.w
	j.step(time.September, 5, 9, 10, "Lena notices (Upptäckare: the one who notices)")
	j.p.say("%s, %s (%s) at %s, has seen for some weeks that Theo is not himself. She writes down what she noticed:",
		w.lena.name(), lower(w.lena.Title), w.lena.short, w.lena.unit.Name)
	j.p.quote(noticed)
	j.p.say("Anyone who notices may raise a concern (oro). It goes to the child's Barnkontakt " +
		"(named person): the one person the family and others turn to. Theo has none yet, so Lena " +
		"calls the BVC (barnavårdscentral, child health centre).")
	return nil
}

const noticed = "Theo har de senaste veckorna ofta varit trött och ledsen när han kommer på morgonen, " +
	"äter lite till lunch och leker mest ensam. Han säger att han inte orkar."

// 2. The child enters Backa barnet with a Barnkontakt.
func (j *journey) enrol(ctx context.Context) error {
	w := j.w
	j.step(time.September, 5, 13, 0, "Theo gets a Barnkontakt (named person)")
	// Which agency provides the Barnkontakt is policy, not code: the
	// default says the BVC for ages 0–5, preschool or school from 6.
	pol := j.svc.Policy()
	age := w.theo.AgeAt(j.clock.Now())
	if !pol.BarnkontaktEligible(roles.HalsoSjukvard, age) {
		return fmt.Errorf("the policy does not let the BVC be Barnkontakt at age %d", age)
	}
	j.p.say("Theo is %d, so by the default policy his Barnkontakt comes from the BVC (ages 0–5; "+
		"from 6, preschool or school). Each municipality may tune this in roles.Policy.", age)

	// Enrol stores the child, the guardians, their custody and the
	// Barnkontakt in one transaction, with its audit entry and a
	// child.enrolled event. The one who enrols must be the Barnkontakt or a
	// team member: Karin enrols Theo with herself as Barnkontakt.
	e, err := j.svc.Enrol(ctx, w.karin.actor(), backa.EnrolRequest{
		Child:       w.theo,
		Guardians:   []backa.GuardianCustody{{Guardian: w.sara}, {Guardian: w.jonas}},
		Barnkontakt: w.karin.ID,
	})
	if err != nil {
		return err
	}
	w.theo.ID = e.ChildID
	w.sara.ID, w.jonas.ID = e.Guardians[0], e.Guardians[1]
	j.p.say("%s, %s (%s) at %s, enrols Theo (Service.Enrol): Theo, Sara and Jonas with joint "+
		"custody, and herself as Barnkontakt.", w.karin.name(), lower(w.karin.Title), w.karin.short, w.karin.unit.Name)
	return nil
}

// 3. The concern is recorded and goes to the Barnkontakt.
func (j *journey) raiseConcern(ctx context.Context) error {
	w := j.w
	j.step(time.September, 5, 13, 30, "The concern goes to the Barnkontakt")
	res, err := j.svc.RaiseConcern(ctx, w.lena.actor(), backa.ConcernRequest{
		ChildID:     w.theo.ID,
		Noticed:     noticed,
		Areas:       []behovskompass.Area{behovskompass.Halsa, behovskompass.Omsorg, behovskompass.Tillhorighet},
		Seriousness: behovskompass.Mattlig,
	})
	if err != nil {
		return err
	}
	if res.Upptackare.IsZero() {
		return fmt.Errorf("lena did not become Upptäckare")
	}
	j.p.say("Lena records the concern (Service.RaiseConcern), seriousness %q, touching Hälsa, Omsorg and "+
		"Tillhörighet on the needs compass. She had no role for Theo, so she becomes his Upptäckare "+
		"for %d days.", behovskompass.Mattlig.Label(), int(backa.DefaultUpptackarePeriod.Hours()/24))

	// What may Karin see? The concern is the preschool's information, and
	// each agency is its own secrecy domain (OSL 2009:400). Karin learns
	// that it exists, not what it says.
	j.later(10 * time.Minute)
	view, err := j.svc.Concerns(ctx, w.karin.actor(), w.theo.ID, backa.ReadOptions{})
	if err != nil {
		return err
	}
	j.p.say("The concern is the preschool's information, and each agency is its own secrecy domain. "+
		"Karin's system gets a concern.raised event; when she looks, she may read %d concerns and sees "+
		"%d notice without its content:", len(view.Concerns), len(view.Withheld))
	for _, n := range view.Withheld {
		j.p.bullet("a concern from %s, raised %s", n.Agency.Label(), stamp(n.RaisedAt))
	}
	return nil
}

// 4. The guardians consent: each agency records the consent it holds.
func (j *journey) consent(ctx context.Context) error {
	w := j.w
	j.step(time.September, 8, 10, 0, "Sara and Jonas consent (samtycke)")
	j.p.say("Karin and Lena meet Sara and Jonas. A consent here waives secrecy (OSL 12 kap.); it is held " +
		"by the agency whose information it frees, and it is specific: what may go to whom, for what, " +
		"until when. Theo is under 12, so both guardians consent. Each agency records its own consent " +
		"(Service.RecordConsent):")

	if _, err := j.recordConsent(ctx, &w.lena, []roles.Agency{roles.HalsoSjukvard, roles.Socialtjanst},
		roles.CategoryOro, roles.CategoryBehovskompass, roles.CategoryPlan); err != nil {
		return err
	}
	j.later(5 * time.Minute)
	var err error
	j.bvcConsent, err = j.recordConsent(ctx, &w.karin, []roles.Agency{roles.Forskola, roles.Socialtjanst},
		roles.CategoryBehovskompass, roles.CategoryPlan, roles.CategoryHalsa)
	if err != nil {
		return err
	}

	// With the preschool's consent, Karin may now read the concern.
	j.later(20 * time.Minute)
	view, err := j.svc.Concerns(ctx, w.karin.actor(), w.theo.ID, backa.ReadOptions{})
	if err != nil {
		return err
	}
	if len(view.Concerns) != 1 {
		return fmt.Errorf("karin reads %d concerns, want 1", len(view.Concerns))
	}
	c := view.Concerns[0]
	j.p.say("On the preschool's consent Karin may now read the concern (Service.Concerns), raised by %s:", w.who(c.RaisedBy))
	j.p.quote(c.Noticed)
	return nil
}

// recordConsent records the guardians' consent held by the agency of s.
func (j *journey) recordConsent(ctx context.Context, s *staff, to []roles.Agency, cats ...roles.Category) (roles.ID[roles.Consent], error) {
	w := j.w
	now := j.clock.Now()
	until := roles.DateOf(now).AddDays(182) // about six months; the policy allows at most 12
	c := roles.Consent{
		ChildID: w.theo.ID,
		Givers: []roles.ConsentGiver{
			{Party: roles.GuardianParty(w.sara.ID), GivenAt: now},
			{Party: roles.GuardianParty(w.jonas.ID), GivenAt: now},
		},
		DisclosingAgency:  s.Agency,
		ReceivingAgencies: to,
		Categories:        cats,
		Purpose:           roles.PurposeSamordning,
		ValidFrom:         now,
		ValidUntil:        until.AddDays(1).Start(), // to the end of the day
		Form:              roles.Skriftligt,
	}
	id, err := j.svc.RecordConsent(ctx, s.actor(), c)
	if err != nil {
		return id, err
	}
	j.p.bullet("%s may give %s to %s, for %s (%s), until %s; in writing, recorded by %s.",
		s.Agency.Label(), categoryList(cats), agencyList(to), roles.PurposeSamordning.Label(),
		roles.PurposeSamordning.English(), date(until), s.GivenName)
	return id, nil
}

// 5. Two agencies assess; the combined picture joins them.
func (j *journey) assess(ctx context.Context) error {
	w := j.w
	j.step(time.September, 14, 15, 0, "Two assessments, one combined picture (helhetsbild)")
	j.p.say("Each agency assesses Theo on the needs compass (behovskompass): eight areas, one-to-one " +
		"with GIRFEC's wellbeing indicators, on the four-level scale Backa4. Lena assessed on Monday at " +
		"the preschool; Karin today at the BVC's five-year visit (Service.RecordAssessment).")

	// Lena's assessment, two days earlier.
	lena := behovskompass.Assessment{
		ChildID:    w.theo.ID,
		AssessedAt: j.clock.Now().Add(-50 * time.Hour),
		Areas: []behovskompass.AreaEntry{
			entry(behovskompass.Halsa, "", "Trött på förmiddagarna, äter lite.", behovskompass.BehovAvStod),
			entry(behovskompass.Utveckling, "Nyfiken, bygger gärna och berättar om det han bygger.", "Orkar sällan hela samlingen.", behovskompass.BehovTillgodoses),
			entry(behovskompass.Fritid, "Tycker om att vara ute och cykla.", "", behovskompass.IngetBehov),
			entry(behovskompass.Respekt, "Säger ifrån och berättar vad han vill.", "", behovskompass.IngetBehov),
			entry(behovskompass.Tillhorighet, "", "Leker mest ensam och drar sig undan i samlingen.", behovskompass.BehovAvStod),
		},
		Views: behovskompass.Views{
			Child:     "Jag vill leka med Noah men han leker med andra.",
			Guardians: "Theo har sovit oroligt sedan flytten i somras.",
		},
	}
	if _, err := j.svc.RecordAssessment(ctx, w.lena.actor(), lena, roles.PurposeBehovsbedomning); err != nil {
		return err
	}
	bvc := behovskompass.Assessment{
		ChildID: w.theo.ID,
		Areas: []behovskompass.AreaEntry{
			entry(behovskompass.Trygghet, "Trygg med båda föräldrarna.", "", behovskompass.IngetBehov),
			entry(behovskompass.Halsa, "", "Sover dåligt och vaknar flera gånger per natt; vikten har planat ut.", behovskompass.BehovAvStod),
			entry(behovskompass.Utveckling, "Språk och motorik som väntat vid femårsbesöket.", "", behovskompass.IngetBehov),
			entry(behovskompass.Omsorg, "Föräldrarna är engagerade.", "Familjen har det pressat efter flytten och vill ha stöd i vardagen.", behovskompass.BehovAvStod),
		},
	}
	if _, err := j.svc.RecordAssessment(ctx, w.karin.actor(), bvc, roles.PurposeBehovsbedomning); err != nil {
		return err
	}
	j.assessedBy = j.clock.Now()

	// The overview as Karin may see it: her own agency's assessment, and the
	// preschool's on its consent.
	j.later(30 * time.Minute)
	ov, err := j.svc.Overview(ctx, w.karin.actor(), w.theo.ID, backa.OverviewOptions{})
	if err != nil {
		return err
	}
	j.p.say("The combined picture as Karin sees it (Service.Overview): per area each agency's latest " +
		"level, one block per step on the scale, and the highest level across agencies.")
	j.p.printf("\n")
	j.printCompass(ov.Helhetsbild, false)
	j.p.printf("\n")
	j.p.say("Theo's own view is kept apart from his guardians' (both recorded by the preschool):")
	j.p.quote(lena.Views.Child)
	return nil
}

// entry is one area of an assessment, from observation.
func entry(a behovskompass.Area, strengths, concerns string, level behovskompass.LevelCode) behovskompass.AreaEntry {
	return behovskompass.AreaEntry{Area: a, Strengths: strengths, Concerns: concerns, Level: level, Source: behovskompass.SourceObservation}
}

// 6. The Barnkontakt calls the team together, and the plan is drafted.
func (j *journey) formTeam(ctx context.Context) error {
	w := j.w
	j.step(time.September, 16, 9, 0, "A team forms around Theo (barnets team)")
	if _, err := j.svc.ChangeTeam(ctx, w.karin.actor(), backa.TeamRequest{
		ChildID: w.theo.ID,
		Add:     []backa.TeamMember{{Professional: w.lena.ID}},
	}); err != nil {
		return err
	}
	j.p.say("Karin, as Barnkontakt, calls the team together: Lena joins Theo's own team (individuellt " +
		"barnteam) with Theo and his guardians (Service.ChangeTeam).")

	// The plan starts as a draft (utkast) with the present Barnkontakt and
	// team; the steps say why it exists and record the family's views.
	now := j.clock.Now()
	pc, err := j.svc.CreatePlan(ctx, w.karin.actor(), backa.ChangePlanRequest{
		ChildID: w.theo.ID,
		Summary: "Barnets plan upprättad efter teamträff",
		Ops: []backa.PlanOp{
			backa.SetReason{Reason: "Theo är trött, sover och äter dåligt och leker mest ensam. " +
				"Familjen vill ha stöd i vardagen efter en flytt."},
			backa.AddMember{Member: plan.Member{Party: roles.ChildParty(w.theo.ID), Role: roles.Barn, Period: roles.Period{Start: now}}},
			backa.AddMember{Member: plan.Member{Party: roles.GuardianParty(w.sara.ID), Role: roles.Vardnadshavare, Period: roles.Period{Start: now}}},
			backa.AddMember{Member: plan.Member{Party: roles.GuardianParty(w.jonas.ID), Role: roles.Vardnadshavare, Period: roles.Period{Start: now}}},
			backa.AddView{View: plan.View{Holder: roles.ChildParty(w.theo.ID), Text: "Jag vill leka med Noah och Ella."}},
			backa.AddView{View: plan.View{Holder: roles.GuardianParty(w.sara.ID), Text: "Vi vill ha hjälp med kvällarna så att Theo somnar lugnt."}},
		},
	})
	if err != nil {
		return err
	}
	j.p.say("Karin drafts Barnets plan (the child's plan), one plan for all agencies (Service.CreatePlan): "+
		"why it exists, the team, and the views of Theo and his guardians. Revision %d, status %s (draft).",
		pc.Revision, plan.Utkast.Label())
	return nil
}

// 7. Social services join, and a Stödsamordnare is appointed.
func (j *journey) socialServicesJoin(ctx context.Context) error {
	w := j.w
	j.step(time.September, 19, 10, 0, "Social services join; a Stödsamordnare is appointed")
	j.p.say("Sara and Jonas ask socialtjänsten (social services) for support at home. %s, %s (%s), "+
		"joins Theo's team, and the guardians consent to what social services may share:",
		w.maria.name(), lower(w.maria.Title), w.maria.short)
	if _, err := j.svc.ChangeTeam(ctx, w.karin.actor(), backa.TeamRequest{
		ChildID: w.theo.ID,
		Add:     []backa.TeamMember{{Professional: w.maria.ID}},
	}); err != nil {
		return err
	}
	j.later(30 * time.Minute)
	if _, err := j.recordConsent(ctx, &w.maria, []roles.Agency{roles.Forskola, roles.HalsoSjukvard},
		roles.CategoryBehovskompass, roles.CategoryPlan); err != nil {
		return err
	}

	// When more than one agency gives support, one Stödsamordnare (lead
	// professional) coordinates it and holds the overall responsibility for
	// the plan. The plan follows the appointment in the same transaction.
	j.later(15 * time.Minute)
	rc, err := j.svc.AppointStodsamordnare(ctx, w.karin.actor(), backa.RoleRequest{ChildID: w.theo.ID, Professional: w.maria.ID})
	if err != nil {
		return err
	}
	j.p.say("Three agencies will give support, so the team appoints Maria Stödsamordnare (lead "+
		"professional): she coordinates the support, holds the overall responsibility for the plan, "+
		"and is the family's single contact for it (Service.AppointStodsamordnare; the plan follows, "+
		"revision %d). Karin stays Theo's Barnkontakt.", rc.PlanRevision)
	return nil
}

// 8. The plan gets goals and items, and is activated.
func (j *journey) makePlan(ctx context.Context) error {
	w := j.w
	j.step(time.September, 21, 13, 0, "The plan gets goals and items: who does what, and when")
	j.goalRest, j.goalPlay = newID[plan.Goal](j.ids), newID[plan.Goal](j.ids)
	j.itemPlay, j.itemSleep, j.itemHome = newID[plan.Item](j.ids), newID[plan.Item](j.ids), newID[plan.Item](j.ids)
	called := roles.NewDate(2022, time.September, 19)

	// One change, one new revision: goals tied to compass areas, items that
	// say who (agency, principal, person) does what from when until when,
	// and the SIP section, since both social services and health care give
	// support (a samordnad individuell plan).
	ops := []backa.PlanOp{
		backa.AddGoal{Goal: plan.Goal{
			ID: j.goalRest, Areas: []behovskompass.Area{behovskompass.Halsa, behovskompass.Omsorg},
			Outcome:   "Theo sover hela nätter och orkar hela förskoledagen.",
			Indicator: "Vaknar högst en gång per natt; pigg på förmiddagen fyra dagar av fem.",
		}},
		backa.AddGoal{Goal: plan.Goal{
			ID: j.goalPlay, Areas: []behovskompass.Area{behovskompass.Tillhorighet, behovskompass.Fritid},
			Outcome:   "Theo leker med andra barn och känner sig som en i gruppen.",
			Indicator: "Leker med minst en kamrat varje dag och berättar själv om det.",
		}},
		backa.AddItem{Item: plan.Item{
			ID: j.itemPlay, GoalID: j.goalPlay, Area: behovskompass.Tillhorighet,
			Description: "Lek i liten grupp med pedagog, 3 ggr/vecka",
			Agency:      roles.Forskola, PrincipalID: w.kommun.ID, ProfessionalID: w.lena.ID,
			Start: roles.NewDate(2022, time.September, 26), Due: roles.NewDate(2022, time.December, 16),
		}},
		backa.AddItem{Item: plan.Item{
			ID: j.itemSleep, GoalID: j.goalRest, Area: behovskompass.Halsa,
			Description: "Samtal om sömn och mat, vägning",
			Agency:      roles.HalsoSjukvard, PrincipalID: w.region.ID, ProfessionalID: w.karin.ID,
			Start: roles.NewDate(2022, time.September, 28), Due: roles.NewDate(2022, time.October, 31),
		}},
		backa.AddItem{Item: plan.Item{
			ID: j.itemHome, GoalID: j.goalRest, Area: behovskompass.Omsorg,
			Description: "Föräldrastöd i hemmet, sex träffar",
			Agency:      roles.Socialtjanst, PrincipalID: w.kommun.ID, ProfessionalID: w.maria.ID,
			Start: roles.NewDate(2022, time.October, 3), Due: roles.NewDate(2022, time.December, 16),
		}},
		backa.SetSIP{SIP: &plan.SIP{
			LeadPrincipalID: w.kommun.ID,
			Others: []plan.Contribution{
				{Agency: roles.Forskola, Text: "Förskolan stöttar leken i små grupper och kortar samlingen."},
				{Party: roles.GuardianParty(w.sara.ID), Text: "Sara och Jonas inför fasta läggtider och en lugn kvällsrutin."},
			},
			CalledOn: called, MeetingBy: plan.MeetingDeadline(called, 0), HeldOn: roles.DateOf(j.clock.Now()),
		}},
		backa.SetNextReview{Date: roles.NewDate(2022, time.November, 16)},
	}
	if _, err := j.svc.ChangePlan(ctx, w.maria.actor(), backa.ChangePlanRequest{
		ChildID: w.theo.ID, Summary: "Mål, insatser och SIP efter SIP-möte", Ops: ops,
	}); err != nil {
		return err
	}
	j.items = 3
	j.later(5 * time.Minute)
	if _, err := j.svc.ActivatePlan(ctx, w.maria.actor(), backa.PlanStatusRequest{ChildID: w.theo.ID}); err != nil {
		return err
	}
	j.p.say("At the SIP meeting Maria records the goals and items and activates the plan " +
		"(Service.ChangePlan, Service.ActivatePlan). Each agency's system learns of its item from an " +
		"item.assigned event. The plan as Maria sees it:")
	pv, err := j.svc.Plan(ctx, w.maria.actor(), w.theo.ID, backa.ReadOptions{})
	if err != nil {
		return err
	}
	j.p.printf("\n")
	j.printPlan(pv.Plan)

	// Only the agency that owns an item moves it on.
	for _, it := range []struct {
		who  *staff
		item roles.ID[plan.Item]
		day  int
	}{{&w.lena, j.itemPlay, 26}, {&w.karin, j.itemSleep, 28}, {&w.maria, j.itemHome, 33}} {
		j.clock.set(2022, time.September, it.day, 8, 30)
		if _, err := j.svc.ChangeItemStatus(ctx, it.who.actor(), backa.ItemStatusRequest{
			ChildID: w.theo.ID, ItemID: it.item, To: plan.Pagaende,
		}); err != nil {
			return err
		}
	}
	j.p.printf("\n")
	j.p.say("As each item begins, its own agency marks it %s (in progress) (Service.ChangeItemStatus): "+
		"only the agency that owns an item changes it.", plan.Pagaende.Label())
	return nil
}

// 9. The follow-up: items done, new assessments, the next review.
func (j *journey) followUp(ctx context.Context) error {
	w := j.w
	j.step(time.November, 16, 13, 0, "Follow-up (uppföljning)")

	// Before the meeting: the BVC's item is done, and both agencies assess
	// again.
	j.clock.set(2022, time.November, 14, 10, 0)
	if _, err := j.svc.ChangePlan(ctx, w.karin.actor(), backa.ChangePlanRequest{
		ChildID: w.theo.ID, Summary: "BVC-insatsen genomförd",
		Ops: []backa.PlanOp{
			backa.SetItemStatus{ItemID: j.itemSleep, To: plan.Genomford},
			backa.AddOutcome{ItemID: j.itemSleep, Text: "Theo sover nu hela nätter och vikten ökar igen."},
		},
	}); err != nil {
		return err
	}
	if _, err := j.svc.RecordAssessment(ctx, w.karin.actor(), behovskompass.Assessment{
		ChildID: w.theo.ID,
		Areas: []behovskompass.AreaEntry{
			entry(behovskompass.Halsa, "Sover hela nätter, äter bättre.", "", behovskompass.BehovTillgodoses),
		},
	}, roles.PurposeBehovsbedomning); err != nil {
		return err
	}
	j.clock.set(2022, time.November, 15, 14, 0)
	if _, err := j.svc.RecordAssessment(ctx, w.lena.actor(), behovskompass.Assessment{
		ChildID: w.theo.ID,
		Areas: []behovskompass.AreaEntry{
			entry(behovskompass.Halsa, "Piggare på förmiddagarna.", "", behovskompass.BehovTillgodoses),
			entry(behovskompass.Tillhorighet, "Leker nu varje dag med Noah och Ella.", "", behovskompass.BehovTillgodoses),
		},
	}, roles.PurposeBehovsbedomning); err != nil {
		return err
	}

	// The meeting, with the family.
	j.clock.set(2022, time.November, 16, 13, 0)
	fu := plan.FollowUp{
		Date: roles.DateOf(j.clock.Now()),
		Participants: []roles.Party{
			roles.ProfessionalParty(w.maria.ID), roles.ProfessionalParty(w.karin.ID), roles.ProfessionalParty(w.lena.ID),
			roles.GuardianParty(w.sara.ID), roles.GuardianParty(w.jonas.ID), roles.ChildParty(w.theo.ID),
		},
		Decisions: "BVC-insatsen är klar: Theo sover bättre. Leken i liten grupp och föräldrastödet " +
			"fortsätter till jul. Nästa uppföljning i februari.",
		NextReview: roles.NewDate(2023, time.February, 15),
	}
	pc, err := j.svc.FollowUpPlan(ctx, w.maria.actor(), backa.FollowUpRequest{ChildID: w.theo.ID, FollowUp: fu, Summary: "Uppföljning i november"})
	if err != nil {
		return err
	}
	j.p.say("Karin marked the BVC's item %s (done) with its outcome, and the preschool and the BVC "+
		"assessed again. Maria, Karin, Lena, Sara, Jonas and Theo meet; Maria records what they decided "+
		"(Service.FollowUpPlan, revision %d):", plan.Genomford.Label(), pc.Revision)
	j.p.quote(fu.Decisions)

	pv, err := j.svc.Plan(ctx, w.maria.actor(), w.theo.ID, backa.ReadOptions{})
	if err != nil {
		return err
	}
	j.p.say("The items now:")
	for _, it := range pv.Plan.Items {
		j.p.bullet("%s (%s): %s", it.Description, j.responsible(it), it.Status.Label())
	}
	j.p.say("Next review: %s.", date(pv.Plan.NextReview))

	// The combined picture with trends since the first assessments.
	j.later(30 * time.Minute)
	ov, err := j.svc.Overview(ctx, w.karin.actor(), w.theo.ID, backa.OverviewOptions{Since: j.assessedBy})
	if err != nil {
		return err
	}
	j.p.say("The combined picture as Karin sees it now, with how each area's highest level moved since September:")
	j.p.printf("\n")
	j.printCompass(ov.Helhetsbild, true)
	return nil
}

// 10. A consent is withdrawn, and the next request is refused.
func (j *journey) withdraw(ctx context.Context) error {
	w := j.w
	j.step(time.November, 28, 9, 0, "A consent is withdrawn; the next request is refused")
	if err := j.svc.WithdrawConsent(ctx, w.karin.actor(), backa.WithdrawRequest{
		ConsentID: j.bvcConsent, By: roles.GuardianParty(w.jonas.ID),
	}); err != nil {
		return err
	}
	j.p.say("Jonas calls the BVC: he no longer wants the BVC to share Theo's health information. " +
		"Karin records the withdrawal of the BVC's consent (Service.WithdrawConsent). It holds from " +
		"this moment: what was shared before stays lawful. The preschool's and social services' " +
		"systems get a consent.withdrawn event.")

	// The next day Karin is about to send Lena Theo's growth chart. The
	// disclosure is decided, refused, and audited; nothing else is stored.
	j.clock.set(2022, time.November, 29, 10, 0)
	_, err := j.svc.RecordDisclosure(ctx, w.karin.actor(), backa.DisclosureRequest{
		ChildID: w.theo.ID, Outcome: roles.Utlamnad,
		Categories: []roles.Category{roles.CategoryHalsa},
		To:         roles.Forskola, ToUnitID: w.lena.UnitID, Recipient: roles.ProfessionalParty(w.lena.ID),
		Purpose:        roles.PurposeSamordning,
		Basis:          roles.Basis{Kind: roles.BasisConsent, ConsentID: j.bvcConsent},
		FamilyInformed: true,
	})
	var denied *backa.DeniedError
	if !errors.As(err, &denied) {
		return fmt.Errorf("the disclosure after the withdrawal: got %v, want a refusal", err)
	}
	j.p.say("The next day Karin is about to send Lena Theo's growth chart (Service.RecordDisclosure, "+
		"%s of %s to %s). The service refuses (errors.Is(err, backa.ErrDenied)) and says why:",
		denied.Action, denied.Category, roles.Forskola.Label())
	for _, r := range denied.Reasons {
		j.p.bullet("%s: %s (%s)", r.Code(), r.Swedish(), r.English())
	}

	// What Lena sees of the BVC's information now.
	j.later(time.Hour)
	ov, err := j.svc.Overview(ctx, w.lena.actor(), w.theo.ID, backa.OverviewOptions{})
	if err != nil {
		return err
	}
	var marks []string
	for _, m := range ov.Withheld {
		marks = append(marks, fmt.Sprintf("%s of %s, %s", m.Kind, m.Agency.Label(), stamp(m.At)))
	}
	j.p.say("Lena's combined picture now leaves out the BVC's assessments; she sees only that they "+
		"exist (%d markers: %s), and her plan shows %d of its %d items.",
		len(ov.Withheld), joinAnd(marks), len(ov.Plan.Plan.Items), j.items)
	return nil
}

// 11. The family asks who has looked at the child's data.
func (j *journey) logExtractStep(ctx context.Context) error {
	w := j.w
	j.step(time.November, 30, 18, 0, "Who has looked at Theo's data? (the log extract)")
	page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
	for {
		p, err := j.svc.LogExtract(ctx, roles.GuardianActor(w.sara.ID), w.theo.ID, page)
		if err != nil {
			return err
		}
		j.logExtract = append(j.logExtract, p.Items...)
		if p.Next == "" {
			break
		}
		page.Cursor = p.Next
	}
	j.p.say("Sara asks who has looked at Theo's data. As his guardian she reads the log extract "+
		"herself (Service.LogExtract): every access to Theo's information, allowed or refused, %d "+
		"entries. By person:", len(j.logExtract))
	j.p.printf("\n")
	j.printLogSummary(j.logExtract)

	// The audit trail is hash-chained: anyone may check that no entry was
	// changed, removed or reordered.
	rep, err := j.svc.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	j.audit = rep

	// The final state, as the -json flag prints it: what Karin sees.
	j.later(time.Minute)
	if j.overview, err = j.svc.Overview(ctx, w.karin.actor(), w.theo.ID, backa.OverviewOptions{Since: j.assessedBy}); err != nil {
		return err
	}
	if j.consents, err = j.svc.Consents(ctx, w.karin.actor(), w.theo.ID, backa.ReadOptions{}); err != nil {
		return err
	}
	j.p.printf("\n")
	j.p.say("The audit trail holds %d entries, each chained to the one before by its SHA-256 hash; "+
		"Service.VerifyAudit finds it intact.", rep.Entries)
	return nil
}
