// Command socialtjanst is a small stand-in for a social services system
// in Backa barnet: a system with its own records of a child's case (an
// aktualisering when a report comes in, an investigation in social services'
// own areas and scale, decisions on interventions), connected to the shared
// vocabulary.
//
// It shows how such a system
//
//   - reacts to a concern report (orosanmälan) from a school: the
//     concern.reported event registers the matter with the day by which to
//     decide, and the case worker reads the report on its legal basis;
//   - maps its investigation onto the needs compass (bbicAreas, gradLevels)
//     and its decisions onto items of Barnets plan;
//   - calls a SIP with the health centre, and takes up the health centre's
//     assessment into its investigation material when the event arrives.
//
// The school's and the health centre's systems are not shown: their steps
// are a few service calls each. Run:
//
//	go run ./examples/socialtjanst
package main

import (
	"context"
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

func main() { kommun.Main("socialtjanst", run) }

// run tells the story, step by step, to out.
func run(ctx context.Context, out io.Writer) error {
	t, err := kommun.Open(ctx, kommun.Place{
		Kommun: roles.Bengtsfors, Name: "Bengtsfors kommun",
		Units: map[roles.Agency]string{
			roles.Skola:         "Lelångsskolan",
			roles.Socialtjanst:  "Socialtjänsten Bengtsfors, barn och familj",
			roles.HalsoSjukvard: "Närhälsan Bengtsfors vårdcentral",
		},
	}, time.Date(2026, time.March, 9, 8, 0, 0, 0, roles.SwedishTime()), []kommun.Person{
		{Key: "erik", GivenName: "Erik", FamilyName: "Sjöberg", Title: "Lärare och mentor", Agency: roles.Skola},
		{Key: "sofia", GivenName: "Sofia", FamilyName: "Ahmadi", Title: "Socialsekreterare", Agency: roles.Socialtjanst},
		{Key: "leo", GivenName: "Leo", FamilyName: "Wikström", Title: "Läkare", Agency: roles.HalsoSjukvard},
	})
	if err != nil {
		return err
	}
	defer t.Close()
	soc := NewSocialtjanst(t.Service, out, map[string]roles.Professional{"sofia.ahmadi": t.Staff("sofia")})

	fmt.Fprintln(out, "Social services in Bengtsfors: a social services system in Backa barnet")

	// 1. The school reports a concern (its system is not shown).
	fmt.Fprintln(out, "\n1. At Lelångsskolan, Ella's mentor Erik reports a concern to social services (orosanmälan)")
	ella, err := school(ctx, t)
	if err != nil {
		return err
	}

	// 2. Social services' system reads its events.
	t.Set(2026, time.March, 9, 9, 0)
	fmt.Fprintln(out, "\n2. Social services' system reads its pending events and acts on them")
	if err := deliver(ctx, t, soc, out); err != nil {
		return err
	}
	akt := soc.Aktualiseringar[0]
	if err := soc.LasAnmalan(ctx, "sofia.ahmadi", akt); err != nil {
		return err
	}

	// 3. The förhandsbedömning: open an investigation. Social services' own
	// record; Backa barnet is not told.
	t.Set(2026, time.March, 16, 11, 0)
	akt.Beslut = "inled_utredning"
	utr := &Utredning{Nr: "UTR-2026-019", Aktualisering: akt.Nr, Handlaggare: "sofia.ahmadi", Barn: ella}
	soc.Utredningar = append(soc.Utredningar, utr)
	fmt.Fprintf(out, "\n3. %s: förhandsbedömning of %s (due by %s): investigation %s opened\n", t.Today(), akt.Nr, akt.Senast, utr.Nr)

	// 4. The investigation ends: its findings become an assessment.
	t.Set(2026, time.May, 4, 14, 0)
	fmt.Fprintf(out, "\n4. %s: the investigation is complete; its findings go onto the needs compass\n", t.Today())
	utr.Bedomningar = []Bedomning{
		{Omrade: BBICSakerhet, Text: "Bråk mellan de vuxna i hemmet; Ella har hört hot.", Grad: DelvisTillgodosett},
		{Omrade: BBICKansla, Text: "Ella är orolig och sover dåligt.", Grad: DelvisTillgodosett},
		{Omrade: BBICFamilj, Text: "Nära relation till mamma och mormor.", Grad: Tillgodosett},
		{Omrade: BBICUtbildning, Text: "Klarar skolarbetet.", Grad: Tillgodosett},
	}
	utr.BarnetsRost = "Jag vill att det ska vara lugnt hemma."
	utr.Klar = t.Today()
	if err := soc.AvslutaUtredning(ctx, "sofia.ahmadi", utr); err != nil {
		return err
	}

	// 5. Decisions on interventions become Barnets plan, and a SIP is called
	// with the health centre.
	t.Set(2026, time.May, 6, 10, 0)
	fmt.Fprintf(out, "\n5. %s: decisions on interventions; Sofia calls a SIP with the health centre\n", t.Today())
	if err := soc.Besluta(ctx, "sofia.ahmadi", ella, "Ella är otrygg hemma och sover dåligt.", roles.NewDate(2026, time.August, 31),
		&Insatsbeslut{Nr: "IB-2026-112", Insats: "Familjebehandling", Omrade: BBICSakerhet,
			Mal: "Ella känner sig trygg hemma.", MalSyns: "Ella säger själv att det är lugnt hemma.",
			Fran: roles.NewDate(2026, time.May, 11), Till: roles.NewDate(2026, time.November, 30), Handlaggare: "sofia.ahmadi"},
		&Insatsbeslut{Nr: "IB-2026-113", Insats: "Stödsamtal för Ella", Omrade: BBICKansla,
			Mal: "Ella sover bättre och är mindre orolig.", MalSyns: "Somnar inom en halvtimme de flesta kvällar.",
			Fran: roles.NewDate(2026, time.May, 11), Till: roles.NewDate(2026, time.August, 31), Handlaggare: "sofia.ahmadi"},
	); err != nil {
		return err
	}
	if err := callSIP(ctx, t, ella, out); err != nil {
		return err
	}

	// 6. The health centre does its part (its system is not shown).
	t.Set(2026, time.May, 12, 13, 0)
	fmt.Fprintln(out, "\n6. At Närhälsan Bengtsfors vårdcentral, Dr Leo Wikström (system not shown):")
	if err := healthCentre(ctx, t, ella, out); err != nil {
		return err
	}

	// 7. Social services' system reads its events again.
	t.Set(2026, time.May, 12, 14, 0)
	fmt.Fprintln(out, "\n7. Social services' system reads its pending events and acts on them")
	if err := deliver(ctx, t, soc, out); err != nil {
		return err
	}

	// 8. The SIP meeting: the plan is activated.
	t.Set(2026, time.May, 20, 13, 0)
	fmt.Fprintf(out, "\n8. %s: the SIP meeting; Sofia, as Stödsamordnare, activates the plan\n", t.Today())
	return sipMeeting(ctx, t, ella, out)
}

// deliver hands the pending events to social services' system
// (Socialtjanst.Handle) until none is left, as a relay does.
func deliver(ctx context.Context, t *kommun.Town, soc *Socialtjanst, out io.Writer) error {
	return t.Deliver(ctx, soc.Handle, func(rep backa.DeliveryReport) {
		fmt.Fprintf(out, "    %s delivered and acknowledged\n", kommun.Plural(rep.Delivered, "event"))
	})
}

// school is what the school's system does: Erik, Ella's mentor and
// Barnkontakt, enrols her and reports a concern to social services.
func school(ctx context.Context, t *kommun.Town) (roles.ID[roles.Child], error) {
	child, guardians, err := kommun.Family(roles.Bengtsfors, "Ella", "Lindgren", "201701102384", "Petra", "Tomas")
	if err != nil {
		return roles.ID[roles.Child]{}, err
	}
	erik := t.Actor("erik")
	e, err := t.Service.Enrol(ctx, erik, backa.EnrolRequest{Child: child, Guardians: guardians, Barnkontakt: t.Staff("erik").ID})
	if err != nil {
		return e.ChildID, err
	}
	if _, err := t.Service.RaiseConcern(ctx, erik, backa.ConcernRequest{
		ChildID:     e.ChildID,
		Noticed:     "Ella berättar att de vuxna bråkar hemma och att hon är rädd på kvällarna.",
		Areas:       []behovskompass.Area{behovskompass.Trygghet, behovskompass.Omsorg},
		Seriousness: behovskompass.Allvarlig,
		Report: &backa.Report{
			Reason:            "Misstanke om att Ella far illa.",
			ToUnitID:          t.Units[roles.Socialtjanst].ID,
			NotInformedReason: "Socialtjänsten vill tala med Ella innan vårdnadshavarna informeras.",
		},
	}); err != nil {
		return e.ChildID, err
	}
	// The service offers social services no use case to take up a report on
	// its own: the receiving case worker needs a role for the child. Here the
	// Barnkontakt adds social services' case worker to Ella's team, as the
	// municipality's routine says.
	if _, err := t.Service.ChangeTeam(ctx, erik, backa.TeamRequest{
		ChildID: e.ChildID, Add: []backa.TeamMember{{Professional: t.Staff("sofia").ID}},
	}); err != nil {
		return e.ChildID, err
	}
	return e.ChildID, nil
}

// callSIP: Sofia takes on coordinating the support (Stödsamordnare), invites
// the health centre's doctor into Ella's team and calls a SIP meeting.
func callSIP(ctx context.Context, t *kommun.Town, ella roles.ID[roles.Child], out io.Writer) error {
	sofia := t.Actor("sofia")
	if _, err := t.Service.ChangeTeam(ctx, sofia, backa.TeamRequest{
		ChildID: ella, Add: []backa.TeamMember{{Professional: t.Staff("leo").ID}},
	}); err != nil {
		return err
	}
	if _, err := t.Service.AppointStodsamordnare(ctx, sofia, backa.RoleRequest{ChildID: ella, Professional: t.Staff("sofia").ID}); err != nil {
		return err
	}
	called := t.Today()
	if _, err := t.Service.ChangePlan(ctx, sofia, backa.ChangePlanRequest{ChildID: ella, Summary: "SIP-möte kallat", Ops: []backa.PlanOp{
		backa.SetSIP{SIP: &plan.SIP{LeadPrincipalID: t.Kommun.ID, CalledOn: called, MeetingBy: plan.MeetingDeadline(called, 0)}},
	}}); err != nil {
		return err
	}
	fmt.Fprintf(out, "    Dr Leo Wikström joins Ella's team; Sofia is Stödsamordnare; SIP meeting due by %s\n", plan.MeetingDeadline(called, 0))
	return nil
}

// healthCentre is what the health centre's system does: the guardians'
// consent to share with social services, an assessment and an item of its
// own in the plan.
func healthCentre(ctx context.Context, t *kommun.Town, ella roles.ID[roles.Child], out io.Writer) error {
	leo := t.Actor("leo")
	cv, err := t.Service.Child(ctx, leo, ella, backa.ChildOptions{})
	if err != nil {
		return err
	}
	var guardians []roles.ID[roles.Guardian]
	for _, g := range cv.Guardians {
		guardians = append(guardians, g.ID)
	}
	if _, err := t.Service.RecordConsent(ctx, leo, t.Consent(ella, guardians, roles.HalsoSjukvard,
		[]roles.Agency{roles.Socialtjanst}, roles.CategoryBehovskompass, roles.CategoryPlan)); err != nil {
		return err
	}
	if _, err := t.Service.RecordAssessment(ctx, leo, behovskompass.Assessment{
		ChildID: ella,
		Areas: []behovskompass.AreaEntry{{
			Area: behovskompass.Halsa, Concerns: "Insomningssvårigheter sedan i vintras; ingen kroppslig orsak.",
			Level: behovskompass.BehovAvStod, Source: behovskompass.SourceObservation,
		}},
	}, roles.PurposeBehovsbedomning); err != nil {
		return err
	}
	pv, err := t.Service.Plan(ctx, leo, ella, backa.ReadOptions{})
	if err != nil {
		return err
	}
	var sleepGoal plan.Goal
	for _, g := range pv.Plan.Goals {
		if g.HasArea(behovskompass.Halsa) {
			sleepGoal = g
		}
	}
	if _, err := t.Service.ChangePlan(ctx, leo, backa.ChangePlanRequest{ChildID: ella, Summary: "Vårdcentralens insats", Ops: []backa.PlanOp{
		backa.AddItem{Item: plan.Item{
			Description: "Sömnskola med distriktssköterska", GoalID: sleepGoal.ID, Area: behovskompass.Halsa,
			Agency: roles.HalsoSjukvard, PrincipalID: t.Region.ID, ProfessionalRole: "distriktssköterska",
			Start: roles.NewDate(2026, time.May, 25), Due: roles.NewDate(2026, time.June, 26),
		}},
	}}); err != nil {
		return err
	}
	fmt.Fprintln(out, "    the guardians consent to sharing with social services; an assessment of Hälsa; an item for the plan")
	return nil
}

// sipMeeting records the meeting in the SIP section, with what the school
// does, and activates the plan; then prints it as social services sees it.
func sipMeeting(ctx context.Context, t *kommun.Town, ella roles.ID[roles.Child], out io.Writer) error {
	sofia := t.Actor("sofia")
	pv, err := t.Service.Plan(ctx, sofia, ella, backa.ReadOptions{})
	if err != nil {
		return err
	}
	sip := *pv.Plan.SIP
	sip.HeldOn = t.Today()
	sip.Others = []plan.Contribution{{Agency: roles.Skola, Text: "Skolan ger Ella en lugn plats att gå till under dagen."}}
	if _, err := t.Service.ChangePlan(ctx, sofia, backa.ChangePlanRequest{ChildID: ella, Revision: pv.Plan.Revision, Summary: "SIP-möte hållet",
		Ops: []backa.PlanOp{backa.SetSIP{SIP: &sip}}}); err != nil {
		return err
	}
	if _, err := t.Service.ActivatePlan(ctx, sofia, backa.PlanStatusRequest{ChildID: ella}); err != nil {
		return err
	}
	pv, err = t.Service.Plan(ctx, sofia, ella, backa.ReadOptions{})
	if err != nil {
		return err
	}
	p := pv.Plan
	fmt.Fprintf(out, "    Barnets plan, revision %d, %s; a SIP: %v; lead principal: %s\n", p.Revision, p.Status.Label(), p.IsSIP(), t.Kommun.Name)
	for _, it := range p.Items {
		fmt.Fprintf(out, "    - %-46s %-20s %s to %s\n", it.Description, it.Agency.Label(), it.Start, it.Due)
	}
	for _, c := range p.SIP.Others {
		fmt.Fprintf(out, "    - also: %s\n", c.Text)
	}
	return nil
}
