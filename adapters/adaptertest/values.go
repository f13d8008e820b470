package adaptertest

import (
	"context"
	"encoding/json"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

func valueCases() []testCase {
	return []testCase{
		{"Times/UTCMicroseconds", testTimesNormalised},
		{"Times/Extremes", testTimesExtremes},
		{"NilAndEmpty/Slices", testNilAndEmpty},
		{"Unicode/Texts", testUnicode},
		{"Enums/ProtectionLevels", testEnumProtection},
		{"Enums/OrganisationKinds", testEnumOrganisationKinds},
		{"Enums/Agencies", testEnumAgencies},
		{"Enums/Roles", testEnumRoles},
		{"Enums/PartyKinds", testEnumPartyKinds},
		{"Enums/Severities", testEnumSeverities},
		{"Enums/AssessmentCodes", testEnumAssessmentCodes},
		{"Enums/ConcernCodes", testEnumConcernCodes},
		{"Enums/PlanStatuses", testEnumPlanStatuses},
	}
}

// zone returns a location east of UTC with summer time, or a fixed one when
// the system has no time zone database.
func zone() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}

func testTimesNormalised(e *env) {
	w := e.world()
	loc := zone()
	// The night summer time starts in Sweden, with nanoseconds.
	start := time.Date(2026, 3, 29, 1, 59, 59, 999999999, loc)
	end := time.Date(2026, 3, 29, 3, 0, 0, 1999, loc)
	c := e.f.Custody(w.child.ID, w.guardian.ID)
	c.Period = roles.Period{Start: start, End: end}
	c.RecordedAt = time.Date(2026, 10, 25, 2, 30, 0, 123456789, time.FixedZone("UTC-9:30", -(9*3600+1800)))
	a := e.f.AuditEntry(w.child.ID, w.teacher)
	a.At = start
	e.create("storing times in other zones",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Custodies().Create(ctx, &c) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Audit().Append(ctx, &a) })
	e.view("reading them back", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Custodies().Get(ctx, c.ID)
		noErr(e.t, "Custodies.Get", err)
		if want := time.Date(2026, 3, 29, 0, 59, 59, 999999000, time.UTC); !got.Period.Start.Equal(want) || got.Period.Start.Location() != time.UTC {
			e.t.Errorf("Custodies.Get: Period.Start = %s, want %s (UTC, truncated to microseconds, never rounded)", showTime(got.Period.Start), showTime(want))
		}
		same(e, "Custodies.Get of times given in other zones", got, c)
		last, err := tx.Audit().Last(ctx)
		noErr(e.t, "Audit.Last", err)
		same(e, "Audit.Last of a time given in another zone", last, a)
		return nil
	})
}

func testTimesExtremes(e *env) {
	w := e.world()
	var cs []roles.Custody
	for _, t := range []time.Time{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), // just before the Unix epoch
		time.Date(2038, 1, 19, 3, 14, 8, 0, time.UTC),            // just after 32-bit time ends
		time.Date(2199, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		c := e.f.Custody(w.child.ID, w.guardian.ID)
		c.Period = roles.Period{Start: t, End: t.Add(time.Microsecond)}
		c.RecordedAt = t
		cs = append(cs, c)
	}
	e.tx("storing extreme times", func(ctx context.Context, tx adapters.Tx) error {
		for i := range cs {
			if err := tx.Custodies().Create(ctx, &cs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	e.view("reading them back", func(ctx context.Context, tx adapters.Tx) error {
		for _, c := range cs {
			got, err := tx.Custodies().Get(ctx, c.ID)
			noErr(e.t, "Custodies.Get", err)
			same(e, errorf("Custodies.Get of a custody starting %s", c.Period.Start.Format(time.RFC3339Nano)), got, c)
		}
		return nil
	})
}

func testNilAndEmpty(e *env) {
	w := e.world()
	child := e.f.Child()
	child.Contact = &roles.Contact{} // a pointer to nothing comes back nil
	as := e.f.Assessment(w.child.ID, w.nurse, 0)
	as.Disagreements = []behovskompass.Disagreement{}
	as.Scale.Levels = []behovskompass.LevelCode{}
	au := e.f.AuditEntry(w.child.ID, w.nurse)
	au.Reasons, au.PrevHash, au.Hash = []string{}, []byte{}, []byte{}
	ev := e.f.Event(w.child.ID)
	ev.Payload = json.RawMessage{}
	p := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: w.child.ID, Status: plan.Utkast,
		Team: []plan.Member{}, ChildViews: []plan.View{}, GuardianViews: []plan.View{}, Disagreements: []plan.Disagreement{},
		Goals: []plan.Goal{}, Items: []plan.Item{}, FollowUps: []plan.FollowUp{}, SIP: &plan.SIP{Others: []plan.Contribution{}},
		StatusHistory: []plan.StatusChange{}, UpdatedAt: e.f.At(0), UpdatedBy: roles.ProfessionalParty(w.teacher.ID), Summary: "Tom."}
	e.create("storing empty slices",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &child) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Assessments().Create(ctx, &as) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Audit().Append(ctx, &au) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Outbox().Append(ctx, &ev) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &p) })
	e.view("reading them back", func(ctx context.Context, tx adapters.Tx) error {
		c, err := tx.Children().Get(ctx, child.ID)
		noErr(e.t, "Children.Get", err)
		same(e, "Children.Get of a child with an empty Contact (want nil)", c, child)
		a, err := tx.Assessments().Get(ctx, as.ID)
		noErr(e.t, "Assessments.Get", err)
		same(e, "Assessments.Get of empty slices (want nil)", a, as)
		l, err := tx.Audit().Last(ctx)
		noErr(e.t, "Audit.Last", err)
		same(e, "Audit.Last of empty slices (want nil)", l, au)
		v, err := tx.Outbox().Get(ctx, ev.ID)
		noErr(e.t, "Outbox.Get", err)
		same(e, "Outbox.Get of an empty payload (want nil)", v, ev)
		got, err := tx.Plans().Get(ctx, p.ID)
		noErr(e.t, "Plans.Get", err)
		same(e, "Plans.Get of empty slices and an empty SIP (want nil)", got, p)
		return nil
	})
}

func testUnicode(e *env) {
	c := e.f.Child()
	c.GivenName = "Ålö Ängsbäck-Öhrn 🙂 Zoë Ñandú 李"
	c.FamilyName = "\"'\\%_; DROP TABLE children; --"
	c.Contact.Address = "Tab\there\nand a new line"
	e.tx("storing texts", func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &c) })
	got := childRecords.mustGet(e, "Children.Get", c.ID)
	same(e, "Children.Get of Unicode, quotes and control characters", got, c)
}

func testEnumProtection(e *env) {
	for _, level := range roles.ProtectionLevels() {
		c := e.f.Child()
		c.Protection = level
		e.tx("storing a child", func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &c) })
		same(e, errorf("Children.Get of a child with protection %q", level), childRecords.mustGet(e, "Children.Get", c.ID), c)
		g := e.f.Guardian()
		g.Protection = level
		e.tx("storing a guardian", func(ctx context.Context, tx adapters.Tx) error { return tx.Guardians().Create(ctx, &g) })
		same(e, errorf("Guardians.Get of a guardian with protection %q", level), guardianRecords.mustGet(e, "Guardians.Get", g.ID), g)
	}
}

func testEnumOrganisationKinds(e *env) {
	for _, k := range roles.OrganisationKinds() {
		o := e.f.Organisation()
		o.Kind = k
		e.tx("storing an organisation", func(ctx context.Context, tx adapters.Tx) error { return tx.Organisations().Create(ctx, &o) })
		same(e, errorf("Organisations.Get of kind %q", k), organisationRecords.mustGet(e, "Organisations.Get", o.ID), o)
	}
}

func testEnumAgencies(e *env) {
	o := e.f.Organisation()
	e.tx("storing an organisation", func(ctx context.Context, tx adapters.Tx) error { return tx.Organisations().Create(ctx, &o) })
	for _, a := range roles.Agencies() {
		u := e.f.Unit(o, a)
		p := e.f.Professional(u)
		e.create("storing a unit and a professional",
			func(ctx context.Context, tx adapters.Tx) error { return tx.Units().Create(ctx, &u) },
			func(ctx context.Context, tx adapters.Tx) error { return tx.Professionals().Create(ctx, &p) })
		same(e, errorf("Units.Get of a unit of %q", a), unitRecords.mustGet(e, "Units.Get", u.ID), u)
		same(e, errorf("Professionals.Get of a professional of %q", a), professionalRecords.mustGet(e, "Professionals.Get", p.ID), p)
	}
}

func testEnumRoles(e *env) {
	w := e.world()
	for _, r := range roles.Roles() {
		a := e.f.Assignment(w.child.ID, w.nurse, r)
		e.tx("storing an assignment", func(ctx context.Context, tx adapters.Tx) error { return tx.Assignments().Create(ctx, &a) })
		same(e, errorf("Assignments.Get of role %q", r), assignmentRecords.mustGet(e, "Assignments.Get", a.ID), a)
	}
}

func testEnumPartyKinds(e *env) {
	w := e.world()
	for _, k := range roles.PartyKinds() {
		a := e.f.AuditEntry(w.child.ID, w.teacher)
		a.Actor.Kind = k
		a.Allowed = false
		e.appendAudit(&a)
		e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
			got, err := tx.Audit().Last(ctx)
			noErr(e.t, "Audit.Last", err)
			same(e, errorf("Audit.Last of an entry by a %q, denied", k), got, a)
			return nil
		})
	}
}

func testEnumSeverities(e *env) {
	w := e.world()
	for _, s := range adapters.Severities() {
		a := e.f.AuditEntry(w.child.ID, w.teacher)
		a.Severity = s
		e.appendAudit(&a)
		e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
			got, err := tx.Audit().Last(ctx)
			noErr(e.t, "Audit.Last", err)
			same(e, errorf("Audit.Last of an entry of severity %q", s), got, a)
			return nil
		})
	}
}

func testEnumAssessmentCodes(e *env) {
	w := e.world()
	a := e.f.Assessment(w.child.ID, w.teacher, 0)
	a.Areas = nil
	sources := behovskompass.Sources()
	levels := behovskompass.DefaultLevels()
	for i, area := range behovskompass.Areas() {
		a.Areas = append(a.Areas, behovskompass.AreaEntry{Area: area, Concerns: "Något att följa.",
			Level: levels[i%len(levels)], Source: sources[i%len(sources)]})
	}
	a.Disagreements[0].Between = behovskompass.Viewpoints()
	e.tx("storing an assessment", func(ctx context.Context, tx adapters.Tx) error { return tx.Assessments().Create(ctx, &a) })
	same(e, "Assessments.Get of every area, level, source and viewpoint", assessmentRecords.mustGet(e, "Assessments.Get", a.ID), a)
}

func testEnumConcernCodes(e *env) {
	w := e.world()
	for _, s := range behovskompass.Seriousnesses() {
		c := e.f.Concern(w.child.ID, w.nurse, w.barnkontakt, 0)
		c.Seriousness = s
		c.Areas = behovskompass.Areas()
		e.tx("storing a concern", func(ctx context.Context, tx adapters.Tx) error { return tx.Concerns().Create(ctx, &c) })
		same(e, errorf("Concerns.Get of seriousness %q and every area", s), concernRecords.mustGet(e, "Concerns.Get", c.ID), c)
	}
}

func testEnumPlanStatuses(e *env) {
	for _, st := range plan.Statuses() {
		_, p := e.storePlan(0, func(p *plan.Plan) {
			p.Status = st
			for i, is := range plan.ItemStatuses() {
				it := p.Items[0]
				it.ID = roles.MustNewID[plan.Item]()
				it.Status = is
				it.History = nil
				_ = i
				p.Items = append(p.Items, it)
			}
		})
		same(e, errorf("Plans.Get of a plan %q with items of every status", st), planRecords.mustGet(e, "Plans.Get", p.ID), p)
	}
}
