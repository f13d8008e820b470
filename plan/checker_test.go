package plan_test

import (
	"fmt"
	"slices"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// invariants checks the rules of DOMAIN.md ("Barnets plan") on a plan,
// written apart from Validate and in another way (maps, replaying histories
// on the lifecycles as written in status_test.go), so that the two can be
// checked against each other. It returns the broken invariants in words.
func invariants(p *plan.Plan) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }

	// Every change records who made it and when; revisions count from 1.
	if p.Revision < 1 || p.UpdatedAt.IsZero() || p.UpdatedBy.IsZero() || p.Summary == "" {
		fail("revision bookkeeping missing")
	}
	if p.ID.IsZero() || p.ChildID.IsZero() {
		fail("plan or child not identified")
	}

	// Plan status: replay the status history on the lifecycle.
	st := plan.Utkast
	for _, c := range p.StatusHistory {
		if c.From != st || !slices.Contains(domainPlanLifecycle[c.From], c.To) {
			fail("plan status history breaks the lifecycle at %s -> %s", c.From, c.To)
		}
		st = c.To
	}
	if st != p.Status {
		fail("plan status %q is not where its history leads (%q)", p.Status, st)
	}
	inForce := p.Status == plan.Aktiv || p.Status == plan.Avslutad

	// Goals: unique IDs, one or more known areas.
	goals := map[roles.ID[plan.Goal]]plan.Goal{}
	for _, g := range p.Goals {
		if _, dup := goals[g.ID]; dup || g.ID.IsZero() {
			fail("goal ID missing or repeated")
		}
		goals[g.ID] = g
		if len(g.Areas) == 0 {
			fail("goal without compass area")
		}
		seen := map[string]bool{}
		for _, a := range g.Areas {
			if !a.Valid() || seen[string(a)] {
				fail("goal area unknown or repeated")
			}
			seen[string(a)] = true
		}
		if inForce && (g.Outcome == "" || g.Indicator == "") {
			fail("goal of a plan in force without outcome or indicator")
		}
	}

	// Items: unique IDs, for a goal of the plan and one of its areas; status
	// where the history leads on the lifecycle.
	itemIDs := map[roles.ID[plan.Item]]bool{}
	agencies := map[roles.Agency]bool{}
	var principals []roles.ID[roles.Organisation]
	for _, it := range p.Items {
		if itemIDs[it.ID] || it.ID.IsZero() {
			fail("item ID missing or repeated")
		}
		itemIDs[it.ID] = true
		g, ok := goals[it.GoalID]
		if !ok {
			fail("item for a goal not in the plan")
		} else if !slices.Contains(g.Areas, it.Area) {
			fail("item area not among its goal's areas")
		}
		s := plan.Planerad
		for _, h := range it.History {
			if h.From != s || !slices.Contains(domainItemLifecycle[h.From], h.To) {
				fail("item history breaks the lifecycle at %s -> %s", h.From, h.To)
			}
			s = h.To
		}
		if s != it.Status {
			fail("item status %q is not where its history leads (%q)", it.Status, s)
		}
		if !it.Start.IsZero() && !it.Due.IsZero() && it.Due.Before(it.Start) {
			fail("item due before it starts")
		}
		if it.Agency != "" {
			if !it.Agency.Valid() {
				fail("item agency unknown")
			}
			agencies[it.Agency] = true
		}
		switch p.Status {
		case plan.Utkast:
			if it.Status != plan.Planerad {
				fail("item of a draft has started")
			}
		case plan.Avslutad:
			if it.Status != plan.Genomford && it.Status != plan.Avbruten {
				fail("item of a closed plan is open")
			}
		}
		if inForce {
			if it.Agency == "" {
				fail("item of a plan in force without responsible agency")
			}
			if it.Due.IsZero() || !it.Due.Valid() {
				fail("item of a plan in force without due date")
			}
		}
		if it.Agency == roles.Socialtjanst || it.Agency == roles.HalsoSjukvard {
			principals = append(principals, it.PrincipalID)
		}
	}

	if p.Status == plan.Aktiv && (p.NextReview.IsZero() || !p.NextReview.Valid()) {
		fail("active plan without next review date")
	}
	if inForce && (p.Barnkontakt.IsZero() || p.Reason == "") {
		fail("plan in force without Barnkontakt or reason")
	}
	if inForce && len(agencies) >= 2 && (p.Stodsamordnare.ProfessionalID.IsZero() || !p.Stodsamordnare.Agency.Valid()) {
		fail("items of %d agencies and no Stödsamordnare", len(agencies))
	}
	if inForce && agencies[roles.Socialtjanst] && agencies[roles.HalsoSjukvard] {
		switch {
		case p.SIP == nil:
			fail("SIP without SIP section")
		case p.SIP.LeadPrincipalID.IsZero() || !slices.Contains(principals, p.SIP.LeadPrincipalID):
			fail("SIP without a lead principal responsible for an intervention")
		}
		if slices.Contains(principals, roles.ID[roles.Organisation]{}) {
			fail("SIP intervention without principal")
		}
	}

	// Follow-ups: none in a draft; each sets a review after the meeting.
	for _, f := range p.FollowUps {
		if p.Status == plan.Utkast {
			fail("follow-up in a draft")
		}
		if !f.NextReview.After(f.Date) || len(f.Participants) == 0 {
			fail("follow-up without participants or with its next review not after it")
		}
	}
	return bad
}
