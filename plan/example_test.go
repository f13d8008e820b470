package plan_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// Invented people and organisations for the examples.
var (
	exChild   = roles.ID[roles.Child](mustUUID("01930000-0000-7000-8000-00000000c001"))
	exNurse   = roles.ID[roles.Professional](mustUUID("01930000-0000-7000-8000-00000000a001")) // BVC nurse, Barnkontakt
	exSocsek  = roles.ID[roles.Professional](mustUUID("01930000-0000-7000-8000-00000000a002")) // socialsekreterare, Stödsamordnare
	exTeacher = roles.ID[roles.Professional](mustUUID("01930000-0000-7000-8000-00000000a003"))
	exAuthor  = roles.ProfessionalParty(exSocsek)
	exPlanID  = roles.ID[plan.Plan](mustUUID("01930000-0000-7000-8000-0000000000b1"))
)

func mustUUID(s string) [16]byte {
	id, err := roles.ParseID[struct{}](s)
	if err != nil {
		panic(err)
	}
	return id
}

// exampleDraft returns a draft plan with one goal and two items, owned by
// förskola and socialtjänst.
func exampleDraft() (*plan.Plan, roles.ID[plan.Item], error) {
	var item roles.ID[plan.Item]
	at := time.Date(2026, 1, 12, 9, 0, 0, 0, roles.SwedishTime())
	p, err := plan.New(exPlanID, exChild).Change(exAuthor, at, "Plan upprättad", func(d *plan.Draft) error {
		if err := d.SetReason("Oro för trygghet och utveckling i förskolan."); err != nil {
			return err
		}
		if err := d.SetBarnkontakt(plan.Responsible{ProfessionalID: exNurse, Agency: roles.HalsoSjukvard}); err != nil {
			return err
		}
		if err := d.SetStodsamordnare(plan.Responsible{ProfessionalID: exSocsek, Agency: roles.Socialtjanst}); err != nil {
			return err
		}
		goal, err := d.AddGoal(plan.Goal{
			Areas:     []behovskompass.Area{behovskompass.Trygghet, behovskompass.Utveckling},
			Outcome:   "Känner sig trygg i förskolan",
			Indicator: "Leker med andra barn och säger själv att det är roligt",
		})
		if err != nil {
			return err
		}
		item, err = d.AddItem(plan.Item{
			Description: "Extra stöd vid lämning",
			GoalID:      goal, Area: behovskompass.Trygghet,
			Agency: roles.Forskola, ProfessionalID: exTeacher,
			Start: roles.NewDate(2026, time.January, 19), Due: roles.NewDate(2026, time.March, 31),
		})
		if err != nil {
			return err
		}
		_, err = d.AddItem(plan.Item{
			Description: "Föräldrastödsprogram",
			GoalID:      goal, Area: behovskompass.Trygghet,
			Agency: roles.Socialtjanst, ProfessionalRole: "familjebehandlare",
			Start: roles.NewDate(2026, time.February, 2), Due: roles.NewDate(2026, time.May, 29),
		})
		return err
	})
	return p, item, err
}

// Create a plan with a goal and items, then activate it.
func Example() {
	p, _, err := exampleDraft()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("revision", p.Revision, p.Status, "-", p.Summary)

	// Activating checks that the plan is complete: here the review date is missing.
	at := time.Date(2026, 1, 14, 10, 0, 0, 0, time.UTC)
	_, err = p.Change(exAuthor, at, "Planen fastställd", func(d *plan.Draft) error {
		return d.SetStatus(plan.Aktiv, "")
	})
	var ve *roles.ValidationError
	if errors.As(err, &ve) {
		for _, pr := range ve.Problems {
			fmt.Println("problem:", pr.Path, pr.Rule)
		}
	}

	active, err := p.Change(exAuthor, at, "Planen fastställd", func(d *plan.Draft) error {
		if err := d.SetNextReview(roles.NewDate(2026, time.March, 2)); err != nil {
			return err
		}
		return d.SetStatus(plan.Aktiv, "")
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("revision", active.Revision, active.Status, "- next review", active.NextReview)
	fmt.Println("earlier revision unchanged:", p.Revision, p.Status)
	for _, it := range plan.Schedule(active) {
		fmt.Println(it.Due, it.Agency, it.Description)
	}
	// Output:
	// revision 1 utkast - Plan upprättad
	// problem: nextReview required
	// revision 2 aktiv - next review 2026-03-02
	// earlier revision unchanged: 1 utkast
	// 2026-03-31 forskola Extra stöd vid lämning
	// 2026-05-29 socialtjanst Föräldrastödsprogram
}

// Move an item through its states; a move the lifecycle does not allow is an
// error naming both states.
func ExampleDraft_SetItemStatus() {
	p, item, err := exampleDraft()
	if err != nil {
		fmt.Println(err)
		return
	}
	day := time.Date(2026, 1, 14, 10, 0, 0, 0, time.UTC)
	p, err = p.Change(exAuthor, day, "Planen fastställd", func(d *plan.Draft) error {
		if err := d.SetNextReview(roles.NewDate(2026, time.March, 2)); err != nil {
			return err
		}
		return d.SetStatus(plan.Aktiv, "")
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, to := range []plan.ItemStatus{plan.Pagaende, plan.Pausad, plan.Pagaende, plan.Genomford, plan.Pagaende} {
		next, err := p.Change(exAuthor, day.AddDate(0, 0, 7*(i+1)), "Insatsens status", func(d *plan.Draft) error {
			return d.SetItemStatus(item, to, "")
		})
		if err != nil {
			fmt.Println("error:", err, errors.Is(err, plan.ErrInvalidTransition))
			break
		}
		it, _ := next.Item(item)
		fmt.Println("revision", next.Revision, "status", it.Status.Label())
		p = next
	}
	it, _ := p.Item(item)
	for _, h := range it.History {
		fmt.Println(roles.DateOf(h.At), h.From, "->", h.To)
	}
	// Output:
	// revision 3 status Pågående
	// revision 4 status Pausad
	// revision 5 status Pågående
	// revision 6 status Genomförd
	// error: item status: genomford -> pagaende: invalid status transition true
	// 2026-01-21 planerad -> pagaende
	// 2026-01-28 pagaende -> pausad
	// 2026-02-04 pausad -> pagaende
	// 2026-02-11 pagaende -> genomford
}

// Record a follow-up meeting: it sets the plan's next review date, and Diff
// tells what changed, for a notification.
func ExampleDraft_RecordFollowUp() {
	p, _, err := exampleDraft()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err = p.Change(exAuthor, time.Date(2026, 1, 14, 10, 0, 0, 0, time.UTC), "Planen fastställd", func(d *plan.Draft) error {
		if err := d.SetNextReview(roles.NewDate(2026, time.March, 2)); err != nil {
			return err
		}
		return d.SetStatus(plan.Aktiv, "")
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	after, err := p.Change(exAuthor, time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), "Uppföljning 2 mars", func(d *plan.Draft) error {
		_, err := d.RecordFollowUp(plan.FollowUp{
			Date:         roles.NewDate(2026, time.March, 2),
			Participants: []roles.Party{roles.ProfessionalParty(exNurse), roles.ProfessionalParty(exSocsek), roles.ChildParty(exChild)},
			Decisions:    "Insatserna fortsätter; ny uppföljning före sommaren.",
			NextReview:   roles.NewDate(2026, time.June, 1),
		})
		return err
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("next review", after.NextReview, "follow-ups", len(after.FollowUps))
	d := p.Diff(after)
	fmt.Println("changed:", d.Fields)
	fmt.Println("review:", d.NextReview.From, "->", d.NextReview.To)
	fmt.Println("agencies of the plan:", after.Agencies())
	// Warnings the next day: the review was held, but no item has started.
	for _, w := range after.Warnings(roles.NewDate(2026, time.March, 3)) {
		fmt.Println("warning:", w.Path, w.Rule)
	}
	// Output:
	// next review 2026-06-01 follow-ups 1
	// changed: [followUps nextReview]
	// review: 2026-03-02 -> 2026-06-01
	// agencies of the plan: [forskola socialtjanst halso_sjukvard]
	// warning: items[0].start item_not_started
	// warning: items[1].start item_not_started
}
