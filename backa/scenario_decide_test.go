package backa_test

// The first player: the library's rules without storage. Facts are kept as
// records of packages roles, behovskompass and plan in memory, validated as a
// store's caller must validate them, and every question goes to roles.Decide,
// roles.Facts and plan.Plan directly.

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// scOverviewSeen is what an actor saw in a child's overview.
type scOverviewSeen struct {
	assessments []roles.ID[behovskompass.Assessment]
	agencies    []roles.Agency
	contact     bool
}

// scPlayer plays the steps of one scenario against one implementation of the
// shared semantics. A fact step returns the implementation's error (nil when
// it accepted the fact); a question returns its answer.
type scPlayer interface {
	record(ctx context.Context, st *scStep) error
	decide(ctx context.Context, st *scStep) (roles.Decision, error)
	overview(ctx context.Context, st *scStep) (scOverviewSeen, error)
	authority(ctx context.Context, st *scStep) (roles.Authority, error)
	changePlan(ctx context.Context, st *scStep) (*plan.Plan, error)
}

// scDecidePlayer plays a scenario on roles.Decide directly.
type scDecidePlayer struct {
	w *scWorld

	custodies   []roles.Custody
	assignments []roles.Assignment
	consents    []roles.Consent
	disclosures []roles.Disclosure
	maturity    []roles.MaturityAssessment
	harms       []roles.HarmException
	assessments []behovskompass.Assessment
	concerns    []behovskompass.Concern
	plans       map[roles.ID[roles.Child]]*plan.Plan

	// ends maps a record name to a function that ends its period.
	ends map[string]func(at scStamp) error
}

func scNewDecidePlayer(w *scWorld) *scDecidePlayer {
	return &scDecidePlayer{w: w, plans: map[roles.ID[roles.Child]]*plan.Plan{}, ends: map[string]func(scStamp) error{}}
}

var _ scPlayer = (*scDecidePlayer)(nil)

// records returns every record Decide reasons over.
func (p *scDecidePlayer) records() roles.Records {
	return roles.Records{
		Custodies: p.custodies, Guardians: p.w.guardianList, Assignments: p.assignments,
		Consents: p.consents, Disclosures: p.disclosures, MaturityAssessments: p.maturity,
		HarmExceptions: p.harms,
	}
}

func (p *scDecidePlayer) facts(child *roles.Child) (*roles.Facts, error) {
	return roles.NewFacts(child, p.records())
}

// scEndPeriod ends a period at at, as a handover does: at may not be before it starts.
func scEndPeriod(per *roles.Period, at scStamp) error {
	if !per.End.IsZero() && !per.End.After(at.Time) {
		return errors.New("already ended")
	}
	if at.Time.Before(per.Start) {
		return &roles.ValidationError{Subject: "period", Problems: []roles.Problem{{Path: "period.end", Rule: "period_order"}}}
	}
	per.End = at.Time
	return nil
}

func (p *scDecidePlayer) record(_ context.Context, st *scStep) error {
	w := p.w
	switch {
	case st.Custody != nil:
		c := w.custody(st)
		if err := c.Validate(); err != nil {
			return err
		}
		p.custodies = append(p.custodies, c)
		i := len(p.custodies) - 1
		p.ends[scRecordName(st.Custody.Name, st)] = func(at scStamp) error { return scEndPeriod(&p.custodies[i].Period, at) }
	case st.Assign != nil:
		return p.assign(st)
	case st.End != nil:
		end := p.ends[st.End.Record]
		if end == nil {
			return fmt.Errorf("end: %s was never recorded", st.End.Record)
		}
		return end(st.At)
	case st.Consent != nil:
		c := w.consent(st)
		if err := c.ValidateWith(&w.policy); err != nil {
			return err
		}
		p.consents = append(p.consents, c)
	case st.GiveConsent != nil:
		c := p.consent(st.GiveConsent.Consent)
		next := *c
		next.Givers = append(slices.Clip(c.Givers), roles.ConsentGiver{Party: w.party(st.GiveConsent.By), GivenAt: st.At.Time})
		next.RecordedAt = st.At.Time
		if err := next.ValidateWith(&w.policy); err != nil {
			return err
		}
		*c = next
	case st.Withdraw != nil:
		c := p.consent(st.Withdraw.Consent)
		next := *c
		if err := next.Withdraw(w.party(st.Withdraw.By), w.party(st.Withdraw.RecordedBy), st.At.Time); err != nil {
			return err
		}
		*c = next
	case st.Disclosure != nil:
		d := w.disclosure(st)
		child := w.child(st.Disclosure.Child)
		f, err := p.facts(child)
		if err != nil {
			return err
		}
		if err := f.CheckDisclosure(&d, &w.policy); err != nil {
			return err
		}
		p.disclosures = append(p.disclosures, d)
	case st.Maturity != nil:
		m := w.maturity(st)
		if err := m.Validate(); err != nil {
			return err
		}
		p.maturity = append(p.maturity, m)
		i := len(p.maturity) - 1
		p.ends[scRecordName(st.Maturity.Name, st)] = func(at scStamp) error { return scEndPeriod(&p.maturity[i].Period, at) }
	case st.HarmException != nil:
		h := w.harm(st)
		if err := h.Validate(); err != nil {
			return err
		}
		p.harms = append(p.harms, h)
		i := len(p.harms) - 1
		p.ends[scRecordName(st.HarmException.Name, st)] = func(at scStamp) error { return scEndPeriod(&p.harms[i].Period, at) }
	case st.Registration != nil:
		ch := w.child(st.Registration.Child)
		next := *ch
		if st.Registration.Kommun != "" {
			next.Kommun = st.Registration.Kommun
		}
		if st.Registration.Protection != "" {
			next.Protection = st.Registration.Protection
		}
		if err := next.Validate(); err != nil {
			return err
		}
		*ch = next
	case st.Assessment != nil:
		a := w.assessment(st)
		if err := a.Validate(); err != nil {
			return err
		}
		p.assessments = append(p.assessments, a)
	case st.Concern != nil:
		child := w.child(st.Concern.Child)
		var ref behovskompass.BarnkontaktRef
		for _, a := range roles.ActiveAssignments(p.assignments, roles.Barnkontakt, st.At.Time) {
			if a.ChildID == child.ID {
				ref = behovskompass.BarnkontaktRef{AssignmentID: a.ID, ProfessionalID: roles.ID[roles.Professional](a.Holder.ID)}
			}
		}
		c := w.concern(st, ref)
		if err := c.Validate(); err != nil {
			return err
		}
		if st.Concern.Report != nil {
			d := w.concernReport(st, c)
			f, err := p.facts(child)
			if err != nil {
				return err
			}
			if err := f.CheckDisclosure(&d, &w.policy); err != nil {
				return err
			}
			p.disclosures = append(p.disclosures, d)
		}
		p.concerns = append(p.concerns, c)
	default:
		return fmt.Errorf("step kind %s is not a fact", st.kind())
	}
	return nil
}

// assign records a role assignment, ending the one it replaces at its start,
// and checks the invariants over all of the child's assignments.
func (p *scDecidePlayer) assign(st *scStep) error {
	w := p.w
	child := w.child(st.Assign.Child)
	by := w.party(st.Assign.Holder)
	for _, x := range roles.ActiveAssignments(p.assignments, roles.Barnkontakt, st.At.Time) {
		if x.ChildID == child.ID {
			by = x.Holder
		}
	}
	a := w.assignment(st, by)
	if err := a.Validate(); err != nil {
		return err
	}
	next := slices.Clone(p.assignments)
	if r := st.Assign.Replaces; r != "" {
		rid := scID[roles.Assignment](w, scKindAssignment, r)
		for i := range next {
			if next[i].ID == rid {
				if err := scEndPeriod(&next[i].Period, st.At); err != nil {
					return err
				}
			}
		}
	}
	next = append(next, a)
	var mine []roles.Assignment
	for _, x := range next {
		if x.ChildID == child.ID {
			mine = append(mine, x)
		}
	}
	if err := roles.ValidateAssignments(child, mine, st.At.Time, &w.policy); err != nil {
		return err
	}
	p.assignments = next
	name := scRecordName(st.Assign.Name, st)
	p.ends[name] = func(at scStamp) error {
		for i := range p.assignments {
			if p.assignments[i].ID == a.ID {
				return scEndPeriod(&p.assignments[i].Period, at)
			}
		}
		return errors.New("no such assignment")
	}
	return nil
}

func (p *scDecidePlayer) consent(name string) *roles.Consent {
	cid := scID[roles.Consent](p.w, scKindConsent, name)
	for i := range p.consents {
		if p.consents[i].ID == cid {
			return &p.consents[i]
		}
	}
	return &roles.Consent{} // rejected when recorded: the step that refers to it fails
}

func (p *scDecidePlayer) decide(_ context.Context, st *scStep) (roles.Decision, error) {
	req := p.w.request(st)
	f, err := p.facts(p.w.child(st.Request.Child))
	if err != nil {
		return roles.Decision{}, err
	}
	req.Facts, req.Policy = f, &p.w.policy
	return roles.Decide(req), nil
}

// overview works out what the actor may see of the child's overview with
// roles.Decide: a professional sees each agency's assessments that Decide lets
// them read (category behovskompass, recorded by that agency, for the
// overview's purpose); a guardian or the child sees the combined picture (own
// access, category helhetsbild) or nothing. The contact data appears when
// Decide lets the actor read the category kontaktuppgifter recorded by the
// agency that holds it, without withholding contact data.
func (p *scDecidePlayer) overview(_ context.Context, st *scStep) (scOverviewSeen, error) {
	o := st.Overview
	w := p.w
	child := w.child(o.Child)
	f, err := p.facts(child)
	if err != nil {
		return scOverviewSeen{}, err
	}
	actor := w.actor(o.Actor)
	base := roles.Request{Actor: actor, Action: roles.Read, Child: child.ID, Purpose: o.Purpose, At: st.At.Time, Facts: f, Policy: &w.policy}
	var seen scOverviewSeen
	own := actor.Party.Kind != roles.PartyProfessional
	ownOK := false
	if own {
		r := base
		r.Category = roles.CategoryHelhetsbild
		ownOK = roles.Decide(r).Allowed
	}
	for _, a := range p.assessments {
		if a.ChildID != child.ID || a.AssessedAt.After(st.At.Time) {
			continue
		}
		ok := ownOK
		if !own {
			r := base
			r.Category, r.RecordingAgency = roles.CategoryBehovskompass, a.Agency
			ok = roles.Decide(r).Allowed
		}
		if ok {
			seen.assessments = append(seen.assessments, a.ID)
			if !slices.Contains(seen.agencies, a.Agency) {
				seen.agencies = append(seen.agencies, a.Agency)
			}
		}
	}
	if child.Contact != nil {
		for _, c := range w.sc.all.Children {
			if c.Name == w.sc.child(o.Child) {
				r := base
				r.Category, r.RecordingAgency = roles.CategoryKontaktuppgifter, c.ContactRecordedBy
				d := roles.Decide(r)
				seen.contact = d.Allowed && !d.Obligations.Has(roles.ObligationWithholdContact)
			}
		}
	}
	return seen, nil
}

func (p *scDecidePlayer) authority(_ context.Context, st *scStep) (roles.Authority, error) {
	f, err := p.facts(p.w.child(st.Authority.Child))
	if err != nil {
		return roles.Authority{}, err
	}
	return f.Authority(&p.w.policy, st.At.Time), nil
}

func (p *scDecidePlayer) changePlan(_ context.Context, st *scStep) (*plan.Plan, error) {
	e := st.Plan
	w := p.w
	child := w.child(e.Child)
	cur := p.plans[child.ID]
	if cur == nil {
		cur = plan.New(scID[plan.Plan](w, scKindPlan, w.sc.child(e.Child)), child.ID)
	}
	next, err := cur.Change(w.party(e.By), st.At.Time, e.Summary, func(d *plan.Draft) error {
		return scEditPlan(w, p.assignments, st, d)
	})
	if err != nil {
		return nil, err
	}
	p.plans[child.ID] = next
	return next, nil
}

// scResponsible returns the plan's reference to a professional's role, with
// the assignment of that role active at the step, where there is one.
func scResponsible(w *scWorld, as []roles.Assignment, name string, role roles.Role, st *scStep) plan.Responsible {
	pr := w.profs[name]
	r := plan.Responsible{ProfessionalID: pr.ID, Agency: pr.Agency}
	for _, a := range roles.ActiveAssignments(as, role, st.At.Time) {
		if a.Holder.ID == pr.ID.UUID() {
			r.AssignmentID = a.ID
		}
	}
	return r
}

// scEditPlan applies a plan step to a draft, in the order the README gives.
func scEditPlan(w *scWorld, as []roles.Assignment, st *scStep, d *plan.Draft) error {
	e := st.Plan
	at := st.At.Time
	if e.Status == plan.Aktiv {
		// Activate (or reopen) first: a closed plan takes no other change
		// until reopened, and an activated draft is validated when the
		// change ends, after every step.
		if err := d.SetStatus(plan.Aktiv, ""); err != nil {
			return err
		}
	}
	if e.Reason != "" {
		if err := d.SetReason(e.Reason); err != nil {
			return err
		}
	}
	if e.Barnkontakt != "" {
		if err := d.SetBarnkontakt(scResponsible(w, as, e.Barnkontakt, roles.Barnkontakt, st)); err != nil {
			return err
		}
	}
	if e.Stodsamordnare != "" {
		if err := d.SetStodsamordnare(scResponsible(w, as, e.Stodsamordnare, roles.Stodsamordnare, st)); err != nil {
			return err
		}
	}
	if !e.NextReview.IsZero() {
		if err := d.SetNextReview(e.NextReview); err != nil {
			return err
		}
	}
	for _, m := range e.Members {
		mem := plan.Member{ID: scID[plan.Member](w, scKindPlanMember, scRecordName(m.Name, st)+"/"+m.Party), Party: w.party(m.Party), Role: m.Role, Period: roles.Period{Start: at}}
		if pr, ok := w.profs[m.Party]; ok {
			mem.Agency = pr.Agency
		}
		if _, err := d.AddMember(mem); err != nil {
			return err
		}
	}
	for i, v := range e.Views {
		name := v.Name
		if name == "" {
			name = fmt.Sprintf("%s/%d", scRecordName("", st), i)
		}
		if _, err := d.AddView(plan.View{ID: scID[plan.View](w, scKindPlanView, name), Holder: w.party(v.By), Text: v.Text}); err != nil {
			return err
		}
	}
	for _, g := range e.Goals {
		goal := plan.Goal{ID: scID[plan.Goal](w, scKindGoal, g.Name), Areas: g.Areas, Outcome: g.Outcome, Indicator: g.Indicator}
		if _, err := d.AddGoal(goal); err != nil {
			return err
		}
	}
	for _, it := range e.Items {
		if _, err := d.AddItem(scPlanItemOf(w, it)); err != nil {
			return err
		}
	}
	if s := e.SIP; s != nil {
		if err := d.SetSIP(scPlanSIPOf(w, s)); err != nil {
			return err
		}
	}
	for _, m := range e.ItemStatus {
		if err := d.SetItemStatus(scID[plan.Item](w, scKindItem, m.Item), m.To, m.Note); err != nil {
			return err
		}
	}
	if f := e.FollowUp; f != nil {
		if _, err := d.RecordFollowUp(scFollowUpOf(w, st, f)); err != nil {
			return err
		}
	}
	if e.Status != "" && e.Status != plan.Aktiv {
		if err := d.SetStatus(e.Status, ""); err != nil {
			return err
		}
	}
	return nil
}

// scPlanItemOf builds a plan item: the agency and principal of the
// professional responsible, unless the step names others.
func scPlanItemOf(w *scWorld, it scPlanItem) plan.Item {
	item := plan.Item{
		ID: scID[plan.Item](w, scKindItem, it.Name), Description: it.Description,
		GoalID: scID[plan.Goal](w, scKindGoal, it.Goal), Area: it.Area, Agency: it.Agency,
		ProfessionalRole: it.Role, Start: it.Start, Due: it.Due,
	}
	if pr, ok := w.profs[it.By]; ok {
		item.ProfessionalID = pr.ID
		if item.Agency == "" {
			item.Agency = pr.Agency
		}
		item.PrincipalID = pr.OrganisationID
	}
	if it.Principal != "" {
		item.PrincipalID = w.orgs[it.Principal].ID
	}
	return item
}

// scPlanSIPOf builds a plan's SIP section; the meeting is due
// plan.DefaultSIPMeetingDays after it was called.
func scPlanSIPOf(w *scWorld, s *scPlanSIP) *plan.SIP {
	sip := &plan.SIP{CalledOn: s.CalledOn, HeldOn: s.HeldOn}
	if s.Lead != "" {
		sip.LeadPrincipalID = w.orgs[s.Lead].ID
	}
	if !s.CalledOn.IsZero() {
		sip.MeetingBy = plan.MeetingDeadline(s.CalledOn, 0)
	}
	for _, o := range s.Others {
		c := plan.Contribution{Agency: o.Agency, Text: o.Text}
		if o.Party != "" {
			c.Party = w.party(o.Party)
		}
		sip.Others = append(sip.Others, c)
	}
	return sip
}

// scFollowUpOf builds a follow-up meeting.
func scFollowUpOf(w *scWorld, st *scStep, f *scPlanFollowUp) plan.FollowUp {
	fu := plan.FollowUp{
		ID:   scID[plan.FollowUp](w, scKindPlanFollowUp, scRecordName(f.Name, st)),
		Date: f.Date, Decisions: f.Decisions, NextReview: f.NextReview,
	}
	for _, n := range f.Participants {
		fu.Participants = append(fu.Participants, w.party(n))
	}
	return fu
}

// scRuleCodes returns the rule codes an error names: the rules of a validation
// error, the reason of a basis error, the reasons of a refusal, or a code for
// the sentinel it matches.
func scRuleCodes(err error) []string {
	var out []string
	var ve *roles.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			out = append(out, p.Rule)
		}
	}
	var be *roles.BasisError
	if errors.As(err, &be) {
		out = append(out, be.Reason.Code())
	}
	var de *backa.DeniedError
	if errors.As(err, &de) {
		out = append(out, de.Codes()...)
	}
	for _, s := range []struct {
		err  error
		code string
	}{
		{plan.ErrInvalidTransition, "invalid_transition"},
		{plan.ErrNotActive, "not_active"},
		{plan.ErrUnknownID, "unknown_id"},
		{roles.ErrAlreadyWithdrawn, "already_withdrawn"},
	} {
		if errors.Is(err, s.err) {
			out = append(out, s.code)
		}
	}
	if len(out) == 0 && err != nil {
		out = append(out, "error")
	}
	return out
}
