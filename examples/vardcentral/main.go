// Command vardcentral is a small stand-in for a health centre's journal
// system in Backa barnet: a system with its own patient register, journal
// notes under keywords (sökord), a worklist and a register of what it may
// share, connected to the shared vocabulary.
//
// It shows how such a system
//
//   - links a child in Backa barnet to its own patient when one of its
//     clinicians joins the child's team (team.changed), by reading the
//     child's basic record through the service and matching the personnummer;
//   - shares only what the clinician wrote for sharing, under the keywords
//     that map onto the needs compass (sokordAreas), on the compass's scale
//     (vardbehovLevels): diagnoses and medication stay in the journal;
//   - discloses to social services without consent on a legal basis that
//     fits (OSL 25:12), after the general clause is refused to health care;
//   - keeps its register of consents from the consent events, and puts the
//     plan's items for health care on its worklist.
//
// The school's system is not shown: its steps are a few service calls. Run:
//
//	go run ./examples/vardcentral
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
	_ "time/tzdata" // Swedish time on any host

	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

func main() { kommun.Main("vardcentral", run) }

// run tells the story, step by step, to out.
func run(ctx context.Context, out io.Writer) error {
	t, err := kommun.Open(ctx, kommun.Place{
		Kommun: roles.Fargelanda, Name: "Färgelanda kommun",
		Units: map[roles.Agency]string{
			roles.Skola:         "Kroppefjällsskolan",
			roles.Socialtjanst:  "Socialtjänsten Färgelanda",
			roles.HalsoSjukvard: "Närhälsan Färgelanda vårdcentral",
		},
	}, time.Date(2026, time.September, 7, 8, 0, 0, 0, roles.SwedishTime()), []kommun.Person{
		{Key: "linnea", GivenName: "Linnea", FamilyName: "Dahl", Title: "Lärare och mentor", Agency: roles.Skola},
		{Key: "amra", GivenName: "Amra", FamilyName: "Begić", Title: "Distriktssköterska", Agency: roles.HalsoSjukvard},
		{Key: "per", GivenName: "Per", FamilyName: "Alm", Title: "Läkare", Agency: roles.HalsoSjukvard},
	})
	if err != nil {
		return err
	}
	defer t.Close()
	vc := NewVardcentral(t.Service, out, map[string]roles.Professional{
		"amra.begic": t.Staff("amra"), "per.alm": t.Staff("per"),
	})
	// The health centre's own patient register, as it was.
	vc.Patienter = []*Patient{
		{PatientID: "P-20931", Personnummer: roles.MustParsePersonnummer("201701012393"), Namn: "Viktor Strand"},
	}

	fmt.Fprintln(out, "Närhälsan Färgelanda vårdcentral: a health centre's journal system in Backa barnet")

	// 1. The school brings the health centre in (its system is not shown).
	fmt.Fprintln(out, "\n1. At Kroppefjällsskolan, Viktor's mentor Linnea raises a concern and asks the health centre in")
	viktor, guardians, err := school(ctx, t)
	if err != nil {
		return err
	}

	// 2. The health centre's system reads its events.
	t.Set(2026, time.September, 8, 8, 0)
	fmt.Fprintln(out, "\n2. The health centre's system reads its pending events and acts on them")
	if err := deliver(ctx, t, vc, out); err != nil {
		return err
	}

	// 3. A doctor's visit. Amra brings Dr Per Alm into the team first: a
	// professional writes only with a role for the child of their own.
	t.Set(2026, time.September, 15, 10, 30)
	fmt.Fprintln(out, "\n3. Viktor sees Dr Per Alm; the shareable part of the note becomes an assessment")
	if _, err := t.Service.ChangeTeam(ctx, t.Actor("amra"), backa.TeamRequest{
		ChildID: viktor, Add: []backa.TeamMember{{Professional: t.Staff("per").ID}},
	}); err != nil {
		return err
	}
	note := Journalanteckning{
		PatientID: "P-20931", Datum: t.Now(), Vardgivare: "per.alm",
		Delar: []Del{
			{Sokord: SokordTillvaxt, Text: "Vikt 27,1 kg, -1,8 kg sedan mars. Längd enligt kurva.", Vardbehov: VardbehovFinns},
			{Sokord: SokordPsykiskt, Text: "Oro, buksmärtor före skoldagar. Inga tecken på depression.", Vardbehov: VardbehovFinns},
			{Sokord: SokordSocial, Text: "Föräldrarna separerar, Viktor bor växelvis.", Vardbehov: Egenvard},
			{Sokord: SokordDiagnos, Text: "R10.4 Buksmärtor, ospecificerade"},
			{Sokord: SokordLakemedel, Text: "Inga"},
		},
		Delning: map[Sokord]string{
			SokordTillvaxt: "Viktor har gått ner i vikt sedan i våras.",
			SokordPsykiskt: "Ont i magen före skoldagar, sannolikt av oro.",
			SokordSocial:   "Familjen är mitt i en separation.",
		},
	}
	vc.Journal = append(vc.Journal, note)
	if err := vc.DelaBedomning(ctx, note); err != nil {
		return err
	}

	// 4. Telling social services without consent: only on a legal basis
	// that fits the agencies and the child.
	t.Set(2026, time.September, 15, 11, 0)
	fmt.Fprintln(out, "\n4. Dr Alm tells social services that the family needs support (disclosure without consent)")
	if err := tellSocialServices(ctx, t, viktor, guardians, out); err != nil {
		return err
	}

	// 5. The school makes the plan, with an item for the health centre.
	t.Set(2026, time.September, 22, 14, 0)
	fmt.Fprintln(out, "\n5. At a team meeting at the school, Barnets plan gets an item for the health centre")
	if err := schoolPlan(ctx, t, viktor); err != nil {
		return err
	}
	if err := deliver(ctx, t, vc, out); err != nil {
		return err
	}

	// 6. A guardian withdraws the school's consent.
	t.Set(2026, time.October, 5, 9, 0)
	fmt.Fprintln(out, "\n6. Viktor's father withdraws the consent for the school to share with the health centre")
	if err := withdraw(ctx, t, viktor, guardians[1]); err != nil {
		return err
	}
	if err := deliver(ctx, t, vc, out); err != nil {
		return err
	}

	// 7. The review date.
	t.Set(2026, time.November, 2, 6, 0)
	n, err := t.Service.RemindFollowUps(ctx, t.Today())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n7. %s: the nightly job (Service.RemindFollowUps) finds %s due for follow-up\n", t.Today(), kommun.Plural(n, "plan"))
	return deliver(ctx, t, vc, out)
}

// deliver hands the pending events to the health centre's system
// (Vardcentral.Handle) until none is left, as a relay does.
func deliver(ctx context.Context, t *kommun.Town, vc *Vardcentral, out io.Writer) error {
	return t.Deliver(ctx, vc.Handle, func(rep backa.DeliveryReport) {
		fmt.Fprintf(out, "    %s delivered and acknowledged\n", kommun.Plural(rep.Delivered, "event"))
	})
}

// school is what the school's system does first: Linnea, Viktor's mentor,
// enrols him as his Barnkontakt, raises a concern, records the guardians'
// consent to share it with the health centre and adds the health centre's
// nurse to Viktor's team.
func school(ctx context.Context, t *kommun.Town) (roles.ID[roles.Child], []roles.ID[roles.Guardian], error) {
	child, gs, err := kommun.Family(roles.Fargelanda, "Viktor", "Strand", "201701012393", "Lisa", "Daniel")
	if err != nil {
		return roles.ID[roles.Child]{}, nil, err
	}
	linnea := t.Actor("linnea")
	e, err := t.Service.Enrol(ctx, linnea, backa.EnrolRequest{Child: child, Guardians: gs, Barnkontakt: t.Staff("linnea").ID})
	if err != nil {
		return e.ChildID, nil, err
	}
	if _, err := t.Service.RaiseConcern(ctx, linnea, backa.ConcernRequest{
		ChildID: e.ChildID, Noticed: "Viktor har ofta ont i magen och vill gå hem. Han verkar ha gått ner i vikt.",
		Areas: []behovskompass.Area{behovskompass.Halsa}, Seriousness: behovskompass.Mattlig,
	}); err != nil {
		return e.ChildID, nil, err
	}
	if _, err := t.Service.RecordConsent(ctx, linnea, t.Consent(e.ChildID, e.Guardians, roles.Skola,
		[]roles.Agency{roles.HalsoSjukvard}, roles.CategoryOro, roles.CategoryBehovskompass, roles.CategoryPlan)); err != nil {
		return e.ChildID, nil, err
	}
	if _, err := t.Service.ChangeTeam(ctx, linnea, backa.TeamRequest{
		ChildID: e.ChildID, Add: []backa.TeamMember{{Professional: t.Staff("amra").ID}},
	}); err != nil {
		return e.ChildID, nil, err
	}
	return e.ChildID, e.Guardians, nil
}

// tellSocialServices records Dr Alm's disclosure to social services. The
// general clause (OSL 10:27) is never available from health care, and the
// service says so; OSL 25:12 (health care to social services about a child,
// for necessary support) fits.
func tellSocialServices(ctx context.Context, t *kommun.Town, viktor roles.ID[roles.Child], guardians []roles.ID[roles.Guardian], out io.Writer) error {
	req := backa.DisclosureRequest{
		ChildID: viktor, Outcome: roles.Utlamnad, Categories: []roles.Category{roles.CategoryHalsa},
		To: roles.Socialtjanst, ToUnitID: t.Units[roles.Socialtjanst].ID, Purpose: roles.PurposeNodvandigVard,
		Basis:  roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisGeneralklausul},
		Reason: "Familjen behöver stöd under separationen; Viktor går ner i vikt.",
		Views: []roles.ExpressedView{{By: roles.GuardianParty(guardians[0]),
			View: "Mamma vill gärna ha kontakt med socialtjänsten."}},
		FamilyInformed: true,
	}
	_, err := t.Service.RecordDisclosure(ctx, t.Actor("per"), req)
	var denied *backa.DeniedError
	if !errors.As(err, &denied) {
		return fmt.Errorf("the general clause from health care: got %v, want a refusal", err)
	}
	fmt.Fprintf(out, "    on the general clause (OSL 10:27): refused: %s\n", denied.English())
	req.Basis.LegalBasis = roles.BasisHalsoTillSocial
	if _, err := t.Service.RecordDisclosure(ctx, t.Actor("per"), req); err != nil {
		return err
	}
	fmt.Fprintf(out, "    on OSL 25:12 (%s): allowed, and recorded with the reason and the mother's view\n", roles.BasisHalsoTillSocial)
	return nil
}

// schoolPlan is the school's system again: Linnea writes Barnets plan with
// an item for the school and one for the health centre, takes on the
// coordination as Stödsamordnare, and activates it.
func schoolPlan(ctx context.Context, t *kommun.Town, viktor roles.ID[roles.Child]) error {
	linnea := t.Actor("linnea")
	if _, err := t.Service.AppointStodsamordnare(ctx, linnea, backa.RoleRequest{ChildID: viktor, Professional: t.Staff("linnea").ID}); err != nil {
		return err
	}
	goal, err := roles.NewID[plan.Goal]()
	if err != nil {
		return err
	}
	if _, err := t.Service.CreatePlan(ctx, linnea, backa.ChangePlanRequest{ChildID: viktor, Ops: []backa.PlanOp{
		backa.SetReason{Reason: "Viktor har ont i magen, går ner i vikt och vill gå hem från skolan."},
		backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: []behovskompass.Area{behovskompass.Halsa},
			Outcome: "Viktor mår bra och orkar hela skoldagen.", Indicator: "Vikten ökar; Viktor går inte hem i förtid."}},
		backa.AddItem{Item: plan.Item{Description: "Återbesök hos läkare med viktkontroll", GoalID: goal, Area: behovskompass.Halsa,
			Agency: roles.HalsoSjukvard, PrincipalID: t.Region.ID, ProfessionalRole: "läkare",
			Start: roles.NewDate(2026, time.October, 20), Due: roles.NewDate(2026, time.October, 30)}},
		backa.AddItem{Item: plan.Item{Description: "Lugn start på dagen med mentor", GoalID: goal, Area: behovskompass.Halsa,
			Agency: roles.Skola, ProfessionalID: t.Staff("linnea").ID,
			Start: roles.NewDate(2026, time.September, 28), Due: roles.NewDate(2026, time.December, 18)}},
		backa.SetNextReview{Date: roles.NewDate(2026, time.November, 2)},
	}}); err != nil {
		return err
	}
	_, err = t.Service.ActivatePlan(ctx, linnea, backa.PlanStatusRequest{ChildID: viktor})
	return err
}

// withdraw records that Viktor's father withdrew the school's consent.
func withdraw(ctx context.Context, t *kommun.Town, viktor roles.ID[roles.Child], father roles.ID[roles.Guardian]) error {
	linnea := t.Actor("linnea")
	cs, err := t.Service.Consents(ctx, linnea, viktor, backa.ReadOptions{})
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.DisclosingAgency == roles.Skola && c.Status == roles.ConsentAktiv {
			return t.Service.WithdrawConsent(ctx, linnea, backa.WithdrawRequest{ConsentID: c.ID, By: roles.GuardianParty(father)})
		}
	}
	return fmt.Errorf("no consent of the school to withdraw")
}
