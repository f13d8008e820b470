package backa_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// town is an invented corner of Åmål for the examples: a school with a mentor
// and a teacher, and a social-services office with a social worker.
type town struct {
	svc                     *backa.Service
	mentor, teacher, social roles.Actor
	now                     time.Time
}

func exampleTown() (*town, adapters.Store) {
	ctx := context.Background()
	store := memstore.New()
	now := time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC)
	svc, err := backa.NewService(store, &backa.Options{Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	kommun := roles.Organisation{ID: roles.MustNewID[roles.Organisation](), Kind: roles.Kommun, Name: "Åmåls kommun", Kommun: roles.Amal}
	school := roles.Unit{ID: roles.MustNewID[roles.Unit](), OrganisationID: kommun.ID, Name: "Näsetskolan", Agency: roles.Skola}
	office := roles.Unit{ID: roles.MustNewID[roles.Unit](), OrganisationID: kommun.ID, Name: "Individ- och familjeomsorgen", Agency: roles.Socialtjanst}
	staff := func(given string, u roles.Unit) roles.Professional {
		return roles.Professional{ID: roles.MustNewID[roles.Professional](), GivenName: given, FamilyName: "Exempel",
			Agency: u.Agency, UnitID: u.ID, OrganisationID: kommun.ID}
	}
	mentor, teacher, social := staff("Maja", school), staff("Tore", school), staff("Signe", office)
	err = store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Organisations().Create(ctx, &kommun); err != nil {
			return err
		}
		for _, u := range []*roles.Unit{&school, &office} {
			if err := tx.Units().Create(ctx, u); err != nil {
				return err
			}
		}
		for _, p := range []*roles.Professional{&mentor, &teacher, &social} {
			if err := tx.Professionals().Create(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	actor := func(p roles.Professional) roles.Actor { return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID) }
	return &town{svc: svc, mentor: actor(mentor), teacher: actor(teacher), social: actor(social), now: now}, store
}

// enrolElsa enrols a 9-year-old (Skatteverket's test number 201701012393)
// with her two guardians; the mentor is her Barnkontakt and team are in her
// team.
func (tn *town) enrolElsa(team ...roles.Actor) backa.Enrolment {
	g := func(pnr, given string) backa.GuardianCustody {
		return backa.GuardianCustody{Guardian: roles.Guardian{
			Personnummer: roles.MustParsePersonnummer(pnr), GivenName: given, FamilyName: "Exempelsson", Protection: roles.Oskyddad,
		}}
	}
	req := backa.EnrolRequest{
		Child: roles.Child{
			Personnummer: roles.MustParsePersonnummer("201701012393"),
			GivenName:    "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad,
		},
		// Skatteverket's test numbers for the guardians too (the library
		// does not check a guardian's age).
		Guardians:   []backa.GuardianCustody{g("201701022384", "Anna"), g("201701102384", "Bertil")},
		Barnkontakt: roles.ID[roles.Professional](tn.mentor.Party.ID),
	}
	for _, a := range team {
		req.Team = append(req.Team, roles.ID[roles.Professional](a.Party.ID))
	}
	e, err := tn.svc.Enrol(context.Background(), tn.mentor, req)
	if err != nil {
		panic(err)
	}
	return e
}

// printEvents prints the pending events' types and acknowledges them.
func printEvents(svc *backa.Service) {
	ctx := context.Background()
	rep, err := svc.Deliver(ctx, 0, func(_ context.Context, e adapters.Event) error {
		fmt.Println("  event:", e.Type)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	_ = rep
}

// A teacher who notices that a pupil seems unwell raises a concern. The
// teacher holds no role for the child, so the concern makes them its
// Upptäckare; the concern goes to the child's Barnkontakt, the mentor. The
// teacher also reports it to social services: an orosanmälan rests on the
// law and is never blocked by missing consent. The guardians' log extract
// shows who did what.
func Example_schoolRaisesConcern() {
	ctx := context.Background()
	tn, _ := exampleTown()
	elsa := tn.enrolElsa()
	printEvents(tn.svc)

	res, err := tn.svc.RaiseConcern(ctx, tn.teacher, backa.ConcernRequest{
		ChildID:     elsa.ChildID,
		Noticed:     "Elsa har varit ledsen och trött i flera veckor och äter ingen lunch.",
		Areas:       []behovskompass.Area{behovskompass.Halsa, behovskompass.Omsorg},
		Seriousness: behovskompass.Allvarlig,
		Report: &backa.Report{
			Reason:         "Misstanke om att Elsa far illa (SoL 19 kap. 1 §).",
			FamilyInformed: true,
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("the teacher became Upptäckare:", !res.Upptackare.IsZero())
	fmt.Println("reported to social services:", !res.Disclosure.IsZero())
	printEvents(tn.svc)

	// The Barnkontakt reads the concern.
	cv, err := tn.svc.Concerns(ctx, tn.mentor, elsa.ChildID, backa.ReadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := cv.Concerns[0]
	fmt.Println("the Barnkontakt reads:", c.Seriousness.Label(), c.Areas, "reported:", c.ReportedToSocialServices())

	// Social services holds no role for Elsa: the school's records stay closed.
	_, err = tn.svc.Concerns(ctx, tn.social, elsa.ChildID, backa.ReadOptions{})
	var denied *backa.DeniedError
	if errors.As(err, &denied) {
		fmt.Println("social services:", denied.Swedish())
	}

	// Who has looked at Elsa's data? Her guardian asks.
	log, err := tn.svc.LogExtract(ctx, roles.GuardianActor(elsa.Guardians[0]), elsa.ChildID, adapters.PageRequest{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range log.Items { // newest first; this extract is audited too, after it
		who := map[string]string{
			tn.mentor.Party.String(): "mentor", tn.teacher.Party.String(): "teacher", tn.social.Party.String(): "social worker",
		}[e.Actor.String()]
		why := e.BasisKind
		if !e.Allowed {
			why = fmt.Sprint(e.Reasons)
		}
		fmt.Printf("  %-13s %-8s %-14s allowed=%-5v %s\n", who, e.Action, e.Category, e.Allowed, why)
	}
	// Output:
	//   event: child.enrolled
	// the teacher became Upptäckare: true
	// reported to social services: true
	//   event: team.changed
	//   event: concern.raised
	//   event: disclosure.recorded
	//   event: concern.reported
	// the Barnkontakt reads: Allvarlig [halsa omsorg] reported: true
	// social services: Ingen aktiv roll för barnet i den verksamhet som registrerade uppgiften.
	//   social worker read     oro            allowed=false [no_role]
	//   mentor        read     oro            allowed=true  same_domain_role
	//   teacher       disclose oro            allowed=true  legal_basis
	//   teacher       write    oro            allowed=true  same_domain_role
	//   mentor        write    grunduppgifter allowed=true  same_domain_role
}

// Social services and the school agree a plan for Elsa. Each agency records
// its own items; what social services records stays closed to the school
// (shown only as a marker) until the guardians consent to the sharing, and the
// other way round. The Stödsamordnare then activates the plan.
func Example_planWithConsent() {
	ctx := context.Background()
	tn, _ := exampleTown()
	elsa := tn.enrolElsa(tn.social)
	if _, err := tn.svc.AppointStodsamordnare(ctx, tn.mentor, backa.RoleRequest{
		ChildID: elsa.ChildID, Professional: roles.ID[roles.Professional](tn.social.Party.ID),
	}); err != nil {
		fmt.Println(err)
		return
	}
	today := roles.DateOf(tn.now)
	goal := roles.MustNewID[plan.Goal]()

	// Social services drafts the plan with its own intervention.
	if _, err := tn.svc.CreatePlan(ctx, tn.social, backa.ChangePlanRequest{ChildID: elsa.ChildID, Ops: []backa.PlanOp{
		backa.SetReason{Reason: "Elsa behöver stöd hemma och i skolan."},
		backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: []behovskompass.Area{behovskompass.Trygghet, behovskompass.Utveckling},
			Outcome: "Elsa känner sig trygg och orkar med skolan", Indicator: "Elsa säger själv att hon mår bättre; närvaron ökar"}},
		backa.AddItem{Item: plan.Item{Description: "Föräldrastöd", GoalID: goal, Area: behovskompass.Trygghet,
			Agency: roles.Socialtjanst, Start: today, Due: today.AddDays(90)}},
		backa.SetNextReview{Date: today.AddDays(42)},
	}}); err != nil {
		fmt.Println(err)
		return
	}
	// The school adds its own.
	if _, err := tn.svc.ChangePlan(ctx, tn.mentor, backa.ChangePlanRequest{ChildID: elsa.ChildID, Summary: "Skolans insats", Ops: []backa.PlanOp{
		backa.AddItem{Item: plan.Item{Description: "Anpassad studiegång", GoalID: goal, Area: behovskompass.Utveckling,
			Agency: roles.Skola, Start: today, Due: today.AddDays(60)}},
	}}); err != nil {
		fmt.Println(err)
		return
	}
	show := func(who string, a roles.Actor) {
		v, err := tn.svc.Plan(ctx, a, elsa.ChildID, backa.ReadOptions{Purpose: roles.PurposePlan})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s sees %d item(s):", who, len(v.Plan.Items))
		for _, it := range v.Plan.Items {
			fmt.Printf(" %q", it.Description)
		}
		for _, m := range v.Withheld {
			fmt.Printf(" [%s of %s withheld]", m.Kind, m.Agency)
		}
		fmt.Println()
	}
	show("the school", tn.mentor)
	show("social services", tn.social)

	// The guardians consent, in writing, to each agency sharing its part of
	// the plan with the other, for six months.
	consent := func(recorder roles.Actor, from, to roles.Agency) {
		givers := []roles.ConsentGiver{
			{Party: roles.GuardianParty(elsa.Guardians[0]), GivenAt: tn.now},
			{Party: roles.GuardianParty(elsa.Guardians[1]), GivenAt: tn.now},
		}
		if _, err := tn.svc.RecordConsent(ctx, recorder, roles.Consent{
			ChildID: elsa.ChildID, Givers: givers, DisclosingAgency: from, ReceivingAgencies: []roles.Agency{to},
			Categories: []roles.Category{roles.CategoryPlan}, Purpose: roles.PurposePlan,
			ValidFrom: tn.now, ValidUntil: tn.now.AddDate(0, 6, 0), Form: roles.Skriftligt,
		}); err != nil {
			fmt.Println(err)
		}
	}
	consent(tn.social, roles.Socialtjanst, roles.Skola)
	consent(tn.mentor, roles.Skola, roles.Socialtjanst)
	show("the school", tn.mentor)
	show("social services", tn.social)

	// The Stödsamordnare activates the plan.
	pc, err := tn.svc.ActivatePlan(ctx, tn.social, backa.PlanStatusRequest{ChildID: elsa.ChildID})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("plan activated at revision", pc.Revision)
	printEvents(tn.svc)
	// Output:
	// the school sees 1 item(s): "Anpassad studiegång" [item of socialtjanst withheld]
	// social services sees 1 item(s): "Föräldrastöd" [item of skola withheld]
	// the school sees 2 item(s): "Föräldrastöd" "Anpassad studiegång"
	// social services sees 2 item(s): "Föräldrastöd" "Anpassad studiegång"
	// plan activated at revision 3
	//   event: child.enrolled
	//   event: stodsamordnare.changed
	//   event: plan.changed
	//   event: item.assigned
	//   event: plan.changed
	//   event: item.assigned
	//   event: consent.recorded
	//   event: consent.recorded
	//   event: plan.changed
}
