package adaptertest

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// names labels record IDs for messages, so that an order shows as
// [child A, child C] rather than as UUIDs.
type names map[string]string

func (n names) add(id interface{ String() string }, name string) { n[id.String()] = name }

func (n names) of(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if name, ok := n[id]; ok {
			out[i] = name
		} else {
			out[i] = id
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// idsOf returns the IDs of items as text.
func idsOf[T any, I interface{ String() string }](items []T, id func(*T) I) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = id(&items[i]).String()
	}
	return out
}

// sortedIDs returns the IDs in the order of their text form, which for
// UUIDs is their byte order.
func sortedIDs[I interface{ String() string }](ids ...I) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	slices.Sort(out)
	return out
}

// order fails the test unless got lists the IDs of want in the same order.
func (e *env) order(what string, got, want []string, n names) {
	e.t.Helper()
	if !slices.Equal(got, want) {
		e.t.Errorf("%s: got %s, want %s", what, n.of(got), n.of(want))
	}
}

// nilSlice fails the test unless a query with no results returned nil.
func nilSlice[T any](e *env, what string, got []T) {
	e.t.Helper()
	if got != nil {
		e.t.Errorf("%s with no results: got a non-nil slice of %d elements, want nil", what, len(got))
	}
}

func queryCases() []testCase {
	return []testCase{
		{"Children/ByPersonnummer", testChildByPersonnummer},
		{"Children/PersonnummerUnique", testChildPersonnummerUnique},
		{"Guardians/ByPersonnummer", testGuardianByPersonnummer},
		{"Children/OfUnit", testChildrenOfUnit},
		{"Children/OfProfessional", testChildrenOfProfessional},
		{"Custodies/OfChild", testCustodiesOfChild},
		{"Custodies/OfGuardian", testCustodiesOfGuardian},
		{"Organisations/List", testOrganisationsList},
		{"Units/OfOrganisation", testUnitsOfOrganisation},
		{"Professionals/OfUnit", testProfessionalsOfUnit},
		{"Assignments/OfChild", testAssignmentsOfChild},
		{"Assignments/OfHolder", testAssignmentsOfHolder},
		{"Assessments/OfChild", testAssessmentsOfChild},
		{"Assessments/LatestByAgency", testAssessmentsLatest},
		{"Concerns/OfChild", testConcernsOfChild},
		{"Concerns/OfBarnkontakt", testConcernsOfBarnkontakt},
		{"Plans/ByChild", testPlanByChild},
		{"Plans/OnePerChild", testPlanOnePerChild},
		{"Plans/ChildNeverChanges", testPlanChildNeverChanges},
		{"Plans/Revisions", testPlanRevisions},
		{"Plans/Shared", testPlanShared},
		{"Plans/OverdueItems", testOverdueItems},
		{"Plans/DueForFollowUp", testDueForFollowUp},
	}
}

func testChildByPersonnummer(e *env) {
	a, b := e.f.Child(), e.f.Child()
	e.create("creating two children",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &a) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &b) })
	e.view("looking children up", func(ctx context.Context, tx adapters.Tx) error {
		for _, c := range []roles.Child{a, b} {
			got, err := tx.Children().ByPersonnummer(ctx, c.Personnummer)
			noErr(e.t, "Children.ByPersonnummer of a stored child", err)
			same(e, "Children.ByPersonnummer", got, c)
		}
		missing := e.f.ChildPersonnummer()
		_, err := tx.Children().ByPersonnummer(ctx, missing)
		if wantErr(e.t, "Children.ByPersonnummer of a number no child has", err, adapters.ErrNotFound, adapters.EntityChild, "") {
			noPersonalData(e.t, "Children.ByPersonnummer of a number no child has", err.Error(), missing)
		}
		_, err = tx.Children().ByPersonnummer(ctx, roles.Personnummer{})
		wantErr(e.t, "Children.ByPersonnummer of the zero personnummer", err, adapters.ErrNotFound, "", "")
		return nil
	})
}

func testChildPersonnummerUnique(e *env) {
	a, b := e.f.Child(), e.f.Child()
	e.create("creating two children",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &a) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &b) })

	dup := e.f.Child()
	dup.Personnummer = a.Personnummer
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &dup) })
	if wantErr(e.t, "Children.Create with another child's personnummer", err, adapters.ErrAlreadyExists, adapters.EntityChild, "") {
		noPersonalData(e.t, "Children.Create with another child's personnummer", err.Error(), a.Personnummer)
	}

	taken := b
	taken.Personnummer = a.Personnummer
	err = e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Update(ctx, &taken) })
	wantErr(e.t, "Children.Update to another child's personnummer", err, adapters.ErrAlreadyExists, adapters.EntityChild, "")

	// A child may keep its own number; a changed number frees the old one.
	old := a.Personnummer
	a.GivenName = "Ebba"
	e.tx("updating a child, keeping its personnummer", func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Update(ctx, &a) })
	a.Personnummer = e.f.ChildPersonnummer()
	e.tx("giving a child a new personnummer", func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Update(ctx, &a) })
	e.view("looking children up", func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Children().ByPersonnummer(ctx, old)
		wantErr(e.t, "Children.ByPersonnummer of a number the child no longer has", err, adapters.ErrNotFound, adapters.EntityChild, "")
		got, err := tx.Children().ByPersonnummer(ctx, a.Personnummer)
		noErr(e.t, "Children.ByPersonnummer of the child's new number", err)
		same(e, "Children.ByPersonnummer of the child's new number", got, a)
		return nil
	})
	c := e.f.Child()
	c.Personnummer = old
	e.tx("creating a child with the freed personnummer", func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &c) })
}

func testGuardianByPersonnummer(e *env) {
	a := e.f.Guardian()
	e.tx("creating a guardian", func(ctx context.Context, tx adapters.Tx) error { return tx.Guardians().Create(ctx, &a) })
	dup := e.f.Guardian()
	dup.Personnummer = a.Personnummer
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Guardians().Create(ctx, &dup) })
	wantErr(e.t, "Guardians.Create with another guardian's personnummer", err, adapters.ErrAlreadyExists, adapters.EntityGuardian, "")
	e.view("looking guardians up", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Guardians().ByPersonnummer(ctx, a.Personnummer)
		noErr(e.t, "Guardians.ByPersonnummer", err)
		same(e, "Guardians.ByPersonnummer", got, a)
		missing := e.f.AdultPersonnummer()
		_, err = tx.Guardians().ByPersonnummer(ctx, missing)
		if wantErr(e.t, "Guardians.ByPersonnummer of a number no guardian has", err, adapters.ErrNotFound, adapters.EntityGuardian, "") {
			noPersonalData(e.t, "Guardians.ByPersonnummer", err.Error(), missing)
		}
		return nil
	})
}

// childrenAround writes a world and children B, C, D, E with assignments
// whose periods and units test OfUnit and OfProfessional at t = Base + 10 days:
// A (the world's child) twice at the preschool, active; B active; C ended at t;
// D starting at t; E at another unit and with another professional.
type around struct {
	w          *world
	b, c, d, x roles.Child
	ab, bc     roles.Assignment // A's second assignment, C's
	at         time.Time
	n          names
}

func (e *env) childrenAround() *around {
	e.t.Helper()
	a := &around{w: e.f.newWorld(), b: e.f.Child(), c: e.f.Child(), d: e.f.Child(), x: e.f.Child(), at: e.f.At(10 * Day), n: names{}}
	w := a.w
	a.ab = e.f.Assignment(w.child.ID, w.teacher, roles.Barnteam)
	bb := e.f.Assignment(a.b.ID, w.teacher, roles.BarnetsTeam)
	a.bc = e.f.Assignment(a.c.ID, w.teacher, roles.Barnkontakt)
	a.bc.Period = roles.Period{Start: e.f.At(-10 * Day), End: a.at}
	bd := e.f.Assignment(a.d.ID, w.teacher, roles.Barnkontakt)
	bd.Period = roles.Period{Start: a.at}
	bx := e.f.Assignment(a.x.ID, w.nurse, roles.Barnkontakt)
	e.tx("writing children and assignments", func(ctx context.Context, tx adapters.Tx) error {
		if err := w.write(ctx, tx); err != nil {
			return err
		}
		for _, c := range []*roles.Child{&a.b, &a.c, &a.d, &a.x} {
			if err := tx.Children().Create(ctx, c); err != nil {
				return err
			}
		}
		for _, as := range []*roles.Assignment{&a.ab, &bb, &a.bc, &bd, &bx} {
			if err := tx.Assignments().Create(ctx, as); err != nil {
				return err
			}
		}
		return nil
	})
	a.n.add(w.child.ID, "child A")
	a.n.add(a.b.ID, "child B")
	a.n.add(a.c.ID, "child C")
	a.n.add(a.d.ID, "child D")
	a.n.add(a.x.ID, "child E")
	return a
}

func childIDs(cs []roles.Child) []string {
	return idsOf(cs, func(c *roles.Child) roles.ID[roles.Child] { return c.ID })
}

func testChildrenOfUnit(e *env) {
	a := e.childrenAround()
	w := a.w
	query := func(what string, u roles.ID[roles.Unit], want []string) {
		e.t.Helper()
		e.view(what, func(ctx context.Context, tx adapters.Tx) error {
			p, err := tx.Children().OfUnit(ctx, u, a.at, adapters.PageRequest{})
			noErr(e.t, what, err)
			e.order(what, childIDs(p.Items), want, a.n)
			if p.Next != "" {
				e.t.Errorf("%s: Next = %q on the only page, want \"\"", what, p.Next)
			}
			if len(want) == 0 {
				nilSlice(e, what, p.Items)
			}
			for _, c := range p.Items {
				if c.ID == w.child.ID {
					same(e, what+": the child", c, w.child)
				}
			}
			return nil
		})
	}
	query("Children.OfUnit of the preschool (a period holds its start, not its end; each child once, by ID)",
		w.preschool.ID, sortedIDs(w.child.ID, a.b.ID, a.d.ID))
	query("Children.OfUnit of the social services office (the Stödsamordnare's unit)", w.social.ID, sortedIDs(w.child.ID))
	query("Children.OfUnit of a unit with no assignments", roles.MustNewID[roles.Unit](), nil)
	query("Children.OfUnit of the health centre", w.health.ID, sortedIDs(a.x.ID))

	// Reopen C's assignment and move B's to the health centre.
	a.bc.Period.End = time.Time{}
	e.tx("updating assignments", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Assignments().Update(ctx, &a.bc); err != nil {
			return err
		}
		as, err := tx.Assignments().OfChild(ctx, a.b.ID)
		if err != nil || len(as) != 1 {
			e.t.Fatalf("Assignments.OfChild of child B: %d assignments, error %v; want 1", len(as), err)
		}
		as[0].UnitID = w.health.ID
		return tx.Assignments().Update(ctx, &as[0])
	})
	query("Children.OfUnit of the preschool after an assignment was reopened and one moved away",
		w.preschool.ID, sortedIDs(w.child.ID, a.c.ID, a.d.ID))
	query("Children.OfUnit of the health centre after an assignment moved there", w.health.ID, sortedIDs(a.b.ID, a.x.ID))
}

func testChildrenOfProfessional(e *env) {
	a := e.childrenAround()
	w := a.w
	query := func(what string, p roles.ID[roles.Professional], at time.Time, want []string) {
		e.t.Helper()
		e.view(what, func(ctx context.Context, tx adapters.Tx) error {
			pg, err := tx.Children().OfProfessional(ctx, p, at, adapters.PageRequest{})
			noErr(e.t, what, err)
			e.order(what, childIDs(pg.Items), want, a.n)
			if len(want) == 0 {
				nilSlice(e, what, pg.Items)
			}
			return nil
		})
	}
	query("Children.OfProfessional of the teacher at t", w.teacher.ID, a.at, sortedIDs(w.child.ID, a.b.ID, a.d.ID))
	query("Children.OfProfessional of the teacher before t", w.teacher.ID, a.at.Add(-time.Microsecond), sortedIDs(w.child.ID, a.b.ID, a.c.ID))
	query("Children.OfProfessional of the nurse", w.nurse.ID, a.at, sortedIDs(a.x.ID))
	query("Children.OfProfessional of the social worker (Stödsamordnare for child A)", w.socialWorker.ID, a.at, sortedIDs(w.child.ID))
	query("Children.OfProfessional of the social worker a year and a day on", w.socialWorker.ID, e.f.At(366*Day), nil)
	query("Children.OfProfessional of a professional never stored", roles.MustNewID[roles.Professional](), a.at, nil)
}

func custodyIDs(cs []roles.Custody) []string {
	return idsOf(cs, func(c *roles.Custody) roles.ID[roles.Custody] { return c.ID })
}

func testCustodiesOfChild(e *env) {
	w := e.world()
	g2, g3 := e.f.Guardian(), e.f.Guardian()
	c2 := e.f.Custody(w.child.ID, g2.ID)
	c2.Period.Start = w.custody.Period.Start.Add(-100 * Day)
	c3 := e.f.Custody(w.child.ID, g3.ID)
	c3.Period.Start = w.custody.Period.Start
	other := e.f.Child()
	c4 := e.f.Custody(other.ID, g2.ID)
	lonely := e.f.Child()
	e.create("creating guardians and custodies", func(ctx context.Context, tx adapters.Tx) error {
		for _, g := range []*roles.Guardian{&g2, &g3} {
			if err := tx.Guardians().Create(ctx, g); err != nil {
				return err
			}
		}
		for _, c := range []*roles.Child{&other, &lonely} {
			if err := tx.Children().Create(ctx, c); err != nil {
				return err
			}
		}
		for _, c := range []*roles.Custody{&c2, &c3, &c4} {
			if err := tx.Custodies().Create(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	n := names{}
	n.add(w.custody.ID, "custody 1")
	n.add(c2.ID, "custody 2 (earliest)")
	n.add(c3.ID, "custody 3 (same start as 1)")
	want := append([]string{c2.ID.String()}, sortedIDs(w.custody.ID, c3.ID)...)
	e.view("reading custodies", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Custodies().OfChild(ctx, w.child.ID)
		noErr(e.t, "Custodies.OfChild", err)
		e.order("Custodies.OfChild (by start, then ID)", custodyIDs(got), want, n)
		if len(got) == 3 {
			same(e, "Custodies.OfChild: the earliest custody", got[0], c2)
		}
		none, err := tx.Custodies().OfChild(ctx, lonely.ID)
		noErr(e.t, "Custodies.OfChild", err)
		nilSlice(e, "Custodies.OfChild", none)
		return nil
	})
}

func testCustodiesOfGuardian(e *env) {
	w := e.world()
	other := e.f.Child()
	c2 := e.f.Custody(other.ID, w.guardian.ID)
	c2.Period.Start = w.custody.Period.Start.Add(Day)
	e.create("creating a second child in the guardian's custody",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &other) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Custodies().Create(ctx, &c2) })
	n := names{}
	n.add(w.custody.ID, "custody of child A")
	n.add(c2.ID, "custody of child B")
	e.view("reading custodies", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Custodies().OfGuardian(ctx, w.guardian.ID)
		noErr(e.t, "Custodies.OfGuardian", err)
		e.order("Custodies.OfGuardian", custodyIDs(got), []string{w.custody.ID.String(), c2.ID.String()}, n)
		none, err := tx.Custodies().OfGuardian(ctx, roles.MustNewID[roles.Guardian]())
		noErr(e.t, "Custodies.OfGuardian", err)
		nilSlice(e, "Custodies.OfGuardian", none)
		return nil
	})
}

func testOrganisationsList(e *env) {
	e.view("listing an empty store", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Organisations().List(ctx)
		noErr(e.t, "Organisations.List", err)
		nilSlice(e, "Organisations.List", got)
		return nil
	})
	var orgs []roles.Organisation
	for range 3 {
		orgs = append(orgs, e.f.Organisation())
	}
	orgs[1].Kind, orgs[1].Kommun, orgs[1].Name = roles.Privat, "", "MedPro Clinic AB"
	e.tx("creating organisations", func(ctx context.Context, tx adapters.Tx) error {
		for i := range orgs {
			if err := tx.Organisations().Create(ctx, &orgs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	e.view("listing", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Organisations().List(ctx)
		noErr(e.t, "Organisations.List", err)
		want := sortedIDs(orgs[0].ID, orgs[1].ID, orgs[2].ID)
		e.order("Organisations.List (by ID)", idsOf(got, func(o *roles.Organisation) roles.ID[roles.Organisation] { return o.ID }), want, names{})
		for _, g := range got {
			if g.ID == orgs[1].ID {
				same(e, "Organisations.List: the private provider", g, orgs[1])
			}
		}
		return nil
	})
}

func testUnitsOfOrganisation(e *env) {
	w := e.world()
	other := e.f.Organisation()
	u := e.f.Unit(other, roles.Polis)
	e.create("creating another organisation with a unit",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Organisations().Create(ctx, &other) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Units().Create(ctx, &u) })
	n := names{}
	n.add(w.preschool.ID, "preschool")
	n.add(w.social.ID, "social services")
	n.add(w.health.ID, "health centre")
	e.view("reading units", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Units().OfOrganisation(ctx, w.org.ID)
		noErr(e.t, "Units.OfOrganisation", err)
		e.order("Units.OfOrganisation (by ID)", idsOf(got, func(u *roles.Unit) roles.ID[roles.Unit] { return u.ID }),
			sortedIDs(w.preschool.ID, w.social.ID, w.health.ID), n)
		none, err := tx.Units().OfOrganisation(ctx, roles.MustNewID[roles.Organisation]())
		noErr(e.t, "Units.OfOrganisation", err)
		nilSlice(e, "Units.OfOrganisation", none)
		return nil
	})
}

func testProfessionalsOfUnit(e *env) {
	w := e.world()
	p2 := e.f.Professional(w.preschool)
	e.tx("creating a second teacher", func(ctx context.Context, tx adapters.Tx) error { return tx.Professionals().Create(ctx, &p2) })
	n := names{}
	n.add(w.teacher.ID, "teacher 1")
	n.add(p2.ID, "teacher 2")
	e.view("reading professionals", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Professionals().OfUnit(ctx, w.preschool.ID)
		noErr(e.t, "Professionals.OfUnit", err)
		e.order("Professionals.OfUnit (by ID)", idsOf(got, func(p *roles.Professional) roles.ID[roles.Professional] { return p.ID }),
			sortedIDs(w.teacher.ID, p2.ID), n)
		none, err := tx.Professionals().OfUnit(ctx, roles.MustNewID[roles.Unit]())
		noErr(e.t, "Professionals.OfUnit", err)
		nilSlice(e, "Professionals.OfUnit", none)
		return nil
	})
}

func assignmentIDs(as []roles.Assignment) []string {
	return idsOf(as, func(a *roles.Assignment) roles.ID[roles.Assignment] { return a.ID })
}

func testAssignmentsOfChild(e *env) {
	w := e.world()
	old := e.f.Assignment(w.child.ID, w.nurse, roles.Barnkontakt)
	old.Period = roles.Period{Start: e.f.At(-400 * Day), End: e.f.At(0)}
	team := e.f.Assignment(w.child.ID, w.nurse, roles.BarnetsTeam)
	rel := roles.Assignment{ID: roles.MustNewID[roles.Assignment](), ChildID: w.child.ID, Role: roles.Narstaende,
		Holder: roles.RelatedParty(w.related.ID), Period: roles.Period{Start: e.f.At(Day)},
		RecordedBy: roles.GuardianParty(w.guardian.ID), RecordedAt: e.f.At(Day)}
	e.create("creating assignments",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Assignments().Create(ctx, &old) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Assignments().Create(ctx, &team) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Assignments().Create(ctx, &rel) })
	n := names{}
	n.add(old.ID, "former Barnkontakt")
	n.add(w.barnkontakt.ID, "Barnkontakt")
	n.add(w.stodsamordnare.ID, "Stödsamordnare")
	n.add(team.ID, "team member")
	n.add(rel.ID, "närstående")
	want := append(append([]string{old.ID.String()}, sortedIDs(w.barnkontakt.ID, w.stodsamordnare.ID, team.ID)...), rel.ID.String())
	e.view("reading assignments", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Assignments().OfChild(ctx, w.child.ID)
		noErr(e.t, "Assignments.OfChild", err)
		e.order("Assignments.OfChild (all, past ones too, by start, then ID)", assignmentIDs(got), want, n)
		for _, a := range got {
			if a.ID == rel.ID {
				same(e, "Assignments.OfChild: the närstående", a, rel)
			}
		}
		none, err := tx.Assignments().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "Assignments.OfChild", err)
		nilSlice(e, "Assignments.OfChild", none)
		return nil
	})
}

func testAssignmentsOfHolder(e *env) {
	a := e.childrenAround()
	w := a.w
	holder := roles.ProfessionalParty(w.teacher.ID)
	e.view("reading assignments", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Assignments().OfHolder(ctx, holder, a.at)
		noErr(e.t, "Assignments.OfHolder", err)
		var gotChildren []string
		for _, as := range got {
			gotChildren = append(gotChildren, as.ChildID.String())
			if as.Holder != holder || !as.Period.Contains(a.at) {
				e.t.Errorf("Assignments.OfHolder returned an assignment of another holder or not active at t")
			}
		}
		// A has two assignments (same start: by ID), B one, D one; C's has ended.
		want := sortedIDs(w.child.ID, w.child.ID, a.b.ID, a.d.ID)
		e.order("Assignments.OfHolder: the children of the assignments (by child ID)", gotChildren, want, a.n)
		none, err := tx.Assignments().OfHolder(ctx, roles.RelatedParty(w.related.ID), a.at)
		noErr(e.t, "Assignments.OfHolder", err)
		nilSlice(e, "Assignments.OfHolder", none)
		return nil
	})
}

func assessmentIDs(as []behovskompass.Assessment) []string {
	return idsOf(as, func(a *behovskompass.Assessment) roles.ID[behovskompass.Assessment] { return a.ID })
}

// sortedDesc returns the IDs in descending order.
func sortedDesc[I interface{ String() string }](ids ...I) []string {
	out := sortedIDs(ids...)
	slices.Reverse(out)
	return out
}

func testAssessmentsOfChild(e *env) {
	w := e.world()
	a1 := e.f.Assessment(w.child.ID, w.teacher, Day)
	a2 := e.f.Assessment(w.child.ID, w.nurse, 3*Day)
	a3 := e.f.Assessment(w.child.ID, w.socialWorker, 3*Day)
	other := e.f.Child()
	a4 := e.f.Assessment(other.ID, w.teacher, 2*Day)
	e.tx("creating assessments", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Children().Create(ctx, &other); err != nil {
			return err
		}
		for _, a := range []*behovskompass.Assessment{&a1, &a2, &a3, &a4} {
			if err := tx.Assessments().Create(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
	n := names{}
	n.add(a1.ID, "day 1")
	n.add(a2.ID, "day 3 (nurse)")
	n.add(a3.ID, "day 3 (social worker)")
	want := append(sortedDesc(a2.ID, a3.ID), a1.ID.String())
	e.view("reading assessments", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Assessments().OfChild(ctx, w.child.ID)
		noErr(e.t, "Assessments.OfChild", err)
		e.order("Assessments.OfChild (newest first, then ID descending)", assessmentIDs(got), want, n)
		if len(got) == 3 {
			same(e, "Assessments.OfChild: the oldest", got[2], a1)
		}
		none, err := tx.Assessments().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "Assessments.OfChild", err)
		nilSlice(e, "Assessments.OfChild", none)
		return nil
	})
}

func testAssessmentsLatest(e *env) {
	w := e.world()
	t1 := e.f.Assessment(w.child.ID, w.teacher, Day)
	t2 := e.f.Assessment(w.child.ID, w.teacher, 5*Day)
	n1 := e.f.Assessment(w.child.ID, w.nurse, 2*Day)
	s1 := e.f.Assessment(w.child.ID, w.socialWorker, 3*Day)
	s2 := e.f.Assessment(w.child.ID, w.socialWorker, 3*Day)
	e.tx("creating assessments", func(ctx context.Context, tx adapters.Tx) error {
		for _, a := range []*behovskompass.Assessment{&t2, &t1, &n1, &s1, &s2} {
			if err := tx.Assessments().Create(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
	sLatest := s1
	if s2.ID.Compare(s1.ID) > 0 {
		sLatest = s2
	}
	n := names{}
	n.add(t1.ID, "förskola, day 1")
	n.add(t2.ID, "förskola, day 5")
	n.add(n1.ID, "hälso- och sjukvård, day 2")
	n.add(s1.ID, "socialtjänst, day 3 (a)")
	n.add(s2.ID, "socialtjänst, day 3 (b)")
	// Canonical agency order: förskola, ..., socialtjänst, hälso- och sjukvård.
	want := []string{t2.ID.String(), sLatest.ID.String(), n1.ID.String()}
	e.view("reading the latest assessments", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Assessments().LatestByAgency(ctx, w.child.ID)
		noErr(e.t, "Assessments.LatestByAgency", err)
		e.order("Assessments.LatestByAgency (one per agency, agencies in canonical order, latest by time then ID)", assessmentIDs(got), want, n)
		if len(got) == 3 {
			same(e, "Assessments.LatestByAgency: förskola's", got[0], t2)
		}
		none, err := tx.Assessments().LatestByAgency(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "Assessments.LatestByAgency", err)
		nilSlice(e, "Assessments.LatestByAgency", none)
		return nil
	})
}

func concernIDs(cs []behovskompass.Concern) []string {
	return idsOf(cs, func(c *behovskompass.Concern) roles.ID[behovskompass.Concern] { return c.ID })
}

func testConcernsOfChild(e *env) {
	w := e.world()
	c1 := e.f.Concern(w.child.ID, w.nurse, w.barnkontakt, Day)
	c2 := e.f.Concern(w.child.ID, w.socialWorker, w.barnkontakt, 2*Day)
	c3 := e.f.Concern(w.child.ID, w.teacher, w.barnkontakt, 2*Day)
	e.tx("creating concerns", func(ctx context.Context, tx adapters.Tx) error {
		for _, c := range []*behovskompass.Concern{&c1, &c2, &c3} {
			if err := tx.Concerns().Create(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	n := names{}
	n.add(c1.ID, "day 1")
	n.add(c2.ID, "day 2 (a)")
	n.add(c3.ID, "day 2 (b)")
	e.view("reading concerns", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Concerns().OfChild(ctx, w.child.ID)
		noErr(e.t, "Concerns.OfChild", err)
		e.order("Concerns.OfChild (newest first, then ID descending)", concernIDs(got), append(sortedDesc(c2.ID, c3.ID), c1.ID.String()), n)
		none, err := tx.Concerns().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "Concerns.OfChild", err)
		nilSlice(e, "Concerns.OfChild", none)
		return nil
	})
}

func testConcernsOfBarnkontakt(e *env) {
	w := e.world()
	other := e.world()
	c1 := e.f.Concern(w.child.ID, w.nurse, w.barnkontakt, Day)
	c2 := e.f.Concern(w.child.ID, w.nurse, w.barnkontakt, 2*Day)
	c3 := e.f.Concern(other.child.ID, other.nurse, other.barnkontakt, 3*Day)
	e.tx("creating concerns", func(ctx context.Context, tx adapters.Tx) error {
		for _, c := range []*behovskompass.Concern{&c1, &c2, &c3} {
			if err := tx.Concerns().Create(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	n := names{}
	n.add(c1.ID, "day 1")
	n.add(c2.ID, "day 2")
	e.view("reading concerns", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Concerns().OfBarnkontakt(ctx, w.teacher.ID, adapters.PageRequest{})
		noErr(e.t, "Concerns.OfBarnkontakt", err)
		e.order("Concerns.OfBarnkontakt (the teacher's only, newest first)", concernIDs(got.Items), []string{c2.ID.String(), c1.ID.String()}, n)
		if len(got.Items) == 2 {
			same(e, "Concerns.OfBarnkontakt", got.Items[1], c1)
		}
		none, err := tx.Concerns().OfBarnkontakt(ctx, w.nurse.ID, adapters.PageRequest{})
		noErr(e.t, "Concerns.OfBarnkontakt", err)
		nilSlice(e, "Concerns.OfBarnkontakt", none.Items)
		return nil
	})
}

// storePlan writes a world and a plan for its child, and returns both.
func (e *env) storePlan(extra int, adjust func(*plan.Plan)) (*world, plan.Plan) {
	e.t.Helper()
	w := e.f.newWorld()
	p := e.f.Plan(w.planPeople(), extra)
	if adjust != nil {
		adjust(&p)
	}
	e.tx("writing a child and a plan", func(ctx context.Context, tx adapters.Tx) error {
		if err := w.write(ctx, tx); err != nil {
			return err
		}
		return tx.Plans().Create(ctx, &p)
	})
	return w, p
}

func testPlanByChild(e *env) {
	w, p := e.storePlan(2, nil)
	lonely := e.world()
	e.view("reading plans", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Plans().ByChild(ctx, w.child.ID)
		noErr(e.t, "Plans.ByChild", err)
		same(e, "Plans.ByChild", got, p)
		_, err = tx.Plans().ByChild(ctx, lonely.child.ID)
		wantErr(e.t, "Plans.ByChild of a child without a plan", err, adapters.ErrNotFound, adapters.EntityPlan, "")
		return nil
	})
}

func testPlanOnePerChild(e *env) {
	w, p := e.storePlan(0, nil)
	second := e.f.Plan(w.planPeople(), 0)
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &second) })
	wantErr(e.t, "Plans.Create of a second plan for a child", err, adapters.ErrAlreadyExists, adapters.EntityPlan, "")

	p.Status = plan.Avslutad
	p.StatusHistory = append(slices.Clip(p.StatusHistory), plan.StatusChange{At: e.f.At(40 * Day), By: p.UpdatedBy, From: plan.Aktiv, To: plan.Avslutad})
	e.tx("closing the plan", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p) })
	err = e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &second) })
	wantErr(e.t, "Plans.Create of a second plan for a child whose plan is closed", err, adapters.ErrAlreadyExists, adapters.EntityPlan, "")
	e.view("reading the plan", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Plans().ByChild(ctx, w.child.ID)
		noErr(e.t, "Plans.ByChild", err)
		same(e, "Plans.ByChild after a second plan was refused", got, p)
		return nil
	})
}

func testPlanChildNeverChanges(e *env) {
	_, p := e.storePlan(0, nil)
	other := e.world()
	moved := Expected(p)
	moved.ChildID = other.child.ID
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &moved) })
	wantErr(e.t, "Plans.Update with another ChildID", err, roles.ErrInvalid, "", "")
	e.view("reading plans", func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Plans().ByChild(ctx, other.child.ID)
		wantErr(e.t, "Plans.ByChild of the other child after a refused move", err, adapters.ErrNotFound, adapters.EntityPlan, "")
		return nil
	})
}

func testPlanRevisions(e *env) {
	_, p1 := e.storePlan(1, nil)
	p2 := Expected(p1)
	p2.Summary, p2.UpdatedAt = "Ny insats.", p1.UpdatedAt.Add(Day)
	p2.Items = append(p2.Items, plan.Item{ID: roles.MustNewID[plan.Item](), Description: "Läxhjälp.",
		GoalID: p2.Goals[0].ID, Area: p2.Goals[0].Areas[0], Agency: roles.Skola, Status: plan.Planerad})
	e.tx("revision 2", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p2) })
	p3 := Expected(p2)
	p3.Summary, p3.UpdatedAt, p3.Reason = "Ändrad anledning.", p2.UpdatedAt.Add(Day), "Ny bedömning."
	e.tx("revision 3", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p3) })
	e.view("reading revisions", func(ctx context.Context, tx adapters.Tx) error {
		for i, want := range []plan.Plan{p1, p2, p3} {
			rev := int64(i + 1)
			want.Revision = rev
			got, err := tx.Plans().Revision(ctx, p1.ID, rev)
			noErr(e.t, errorf("Plans.Revision %d", rev), err)
			same(e, errorf("Plans.Revision %d", rev), got, want)
		}
		for _, rev := range []int64{0, 4, -1} {
			_, err := tx.Plans().Revision(ctx, p1.ID, rev)
			wantErr(e.t, errorf("Plans.Revision %d of a plan at revision 3", rev), err, adapters.ErrNotFound, "", "")
		}
		_, err := tx.Plans().Revision(ctx, roles.MustNewID[plan.Plan](), 1)
		wantErr(e.t, "Plans.Revision of a plan never stored", err, adapters.ErrNotFound, "", "")

		log, err := tx.Plans().Revisions(ctx, p1.ID, adapters.PageRequest{})
		noErr(e.t, "Plans.Revisions", err)
		var want []plan.LogEntry
		for i, p := range []plan.Plan{p3, p2, p1} {
			p.Revision = int64(3 - i)
			x := Expected(p)
			want = append(want, x.LogEntry())
		}
		same(e, "Plans.Revisions (newest first)", log.Items, want)
		if log.Next != "" {
			e.t.Errorf("Plans.Revisions: Next = %q on the only page, want \"\"", log.Next)
		}
		none, err := tx.Plans().Revisions(ctx, roles.MustNewID[plan.Plan](), adapters.PageRequest{})
		noErr(e.t, "Plans.Revisions of a plan never stored", err)
		nilSlice(e, "Plans.Revisions of a plan never stored", none.Items)
		return nil
	})
}

// testPlanShared writes revisions that share memory with the plans the store
// gave and was given, as plan.Plan.Change makes them, and checks that the
// store changed none of those plans in place.
func testPlanShared(e *env) {
	_, p := e.storePlan(2, func(p *plan.Plan) {
		p.Items[0].Outcomes = []plan.Note{{At: e.f.At(Day), By: p.UpdatedBy, Text: "Kom i gång."}}
	})
	created, passed := Expected(p), snapshot(p)
	var r1 plan.Plan
	e.view("reading the plan", func(ctx context.Context, tx adapters.Tx) error {
		var err error
		r1, err = tx.Plans().ByChild(ctx, p.ChildID)
		noErr(e.t, "Plans.ByChild", err)
		return nil
	})
	same(e, "Plans.ByChild", r1, created)
	snapshotR1 := snapshot(r1)

	// Revision 2 shares every slice but the items with revision 1, and each
	// item's history and outcomes.
	p2 := r1
	p2.Summary, p2.UpdatedAt = "Ändrad insats.", r1.UpdatedAt.Add(Day)
	p2.Items = append([]plan.Item(nil), r1.Items...)
	p2.Items[1].Description = "Läxhjälp två dagar i veckan."
	given, passed2 := Expected(p2), snapshot(p2)
	e.tx("revision 2", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p2) })
	given.Revision, passed2.Revision = 2, 2
	unchanged(e, "the plan passed to Plans.Update, after it", p2, passed2)
	unchanged(e, "the plan passed to Plans.Create, after an Update that shares its memory", p, passed)
	unchanged(e, "the plan Plans.ByChild returned, after an Update that shares its memory", r1, snapshotR1)

	// Revision 3 shares everything with revision 2 but the reason.
	var r2 plan.Plan
	e.view("reading revision 2", func(ctx context.Context, tx adapters.Tx) error {
		var err error
		r2, err = tx.Plans().ByChild(ctx, p.ChildID)
		noErr(e.t, "Plans.ByChild", err)
		return nil
	})
	same(e, "Plans.ByChild at revision 2", r2, given)
	snapshotR2 := snapshot(r2)
	p3 := r2
	p3.Summary, p3.UpdatedAt, p3.Reason = "Ny anledning.", r2.UpdatedAt.Add(Day), "Ny bedömning."
	e.tx("revision 3", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p3) })
	unchanged(e, "the plan Plans.ByChild returned at revision 2, after revision 3", r2, snapshotR2)
	unchanged(e, "the plan passed to Plans.Update at revision 2, after revision 3", p2, passed2)
	e.view("reading every revision", func(ctx context.Context, tx adapters.Tx) error {
		want3 := Expected(p3)
		for rev, want := range map[int64]plan.Plan{1: created, 2: given, 3: want3} {
			got, err := tx.Plans().Revision(ctx, p.ID, rev)
			noErr(e.t, errorf("Plans.Revision %d", rev), err)
			same(e, errorf("Plans.Revision %d after revisions that share memory", rev), got, want)
		}
		return nil
	})
}

// itemRefs returns "plan/item" keys of overdue items.
func itemRefs(items []adapters.PlanItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.PlanID.String() + "/" + it.Item.ID.String()
	}
	return out
}

func ref(p plan.Plan, i int) string { return p.ID.String() + "/" + p.Items[i].ID.String() }

func testOverdueItems(e *env) {
	// The fixture plan's items: 0 socialtjänst due day 60 (pågående),
	// 1 hälso- och sjukvård due day 61 (planerad), 2 förskola due day 62
	// (genomförd: never overdue).
	_, p1 := e.storePlan(0, nil)
	_, p2 := e.storePlan(0, func(p *plan.Plan) {
		p.Items = append(p.Items, p.Items[0])
		p.Items[3].ID = roles.MustNewID[plan.Item]()
		p.Items[3].Status = plan.Avbruten // terminal: never overdue
		p.Items[3].History = append(p.Items[3].History, plan.ItemStatusChange{At: e.f.At(3 * Day), By: p.UpdatedBy, From: plan.Pagaende, To: plan.Avbruten})
		p.Items = append(p.Items, p.Items[0])
		p.Items[4].ID = roles.MustNewID[plan.Item]()
		p.Items[4].Due = roles.Date{} // no due date: never overdue
	})
	_, draft := e.storePlan(0, func(p *plan.Plan) { p.Status = plan.Utkast })
	n := names{}
	n[ref(p1, 0)] = "plan 1, socialtjänst day 60"
	n[ref(p1, 1)] = "plan 1, hälso- och sjukvård day 61"
	n[ref(p2, 0)] = "plan 2, socialtjänst day 60"
	n[ref(p2, 1)] = "plan 2, hälso- och sjukvård day 61"
	n[ref(draft, 0)] = "draft plan, socialtjänst day 60"
	byPlan := func(a, b plan.Plan, i int) []string {
		if a.ID.Compare(b.ID) > 0 {
			a, b = b, a
		}
		return []string{ref(a, i), ref(b, i)}
	}
	query := func(what string, agency roles.Agency, on roles.Date, want []string) {
		e.t.Helper()
		e.view(what, func(ctx context.Context, tx adapters.Tx) error {
			got, err := tx.Plans().OverdueItems(ctx, agency, on, adapters.PageRequest{})
			noErr(e.t, what, err)
			e.order(what, itemRefs(got.Items), want, n)
			if len(want) == 0 {
				nilSlice(e, what, got.Items)
			}
			for _, it := range got.Items {
				if it.PlanID == p1.ID && it.Item.ID == p1.Items[0].ID {
					same(e, what+": plan 1's item", it, adapters.PlanItem{PlanID: p1.ID, ChildID: p1.ChildID, Revision: p1.Revision, Item: p1.Items[0]})
				}
			}
			return nil
		})
	}
	query("Plans.OverdueItems of socialtjänst on day 60 (due that day is not overdue)", roles.Socialtjanst, e.f.Date(60), nil)
	query("Plans.OverdueItems of socialtjänst on day 61 (active plans only, not terminal, by due, plan ID)", roles.Socialtjanst, e.f.Date(61), byPlan(p1, p2, 0))
	query("Plans.OverdueItems of hälso- och sjukvård on day 61", roles.HalsoSjukvard, e.f.Date(61), nil)
	query("Plans.OverdueItems of hälso- och sjukvård on day 62", roles.HalsoSjukvard, e.f.Date(62), byPlan(p1, p2, 1))
	query("Plans.OverdueItems of förskola on day 100 (its item is genomförd)", roles.Forskola, e.f.Date(100), nil)
	query("Plans.OverdueItems of polis", roles.Polis, e.f.Date(100), nil)

	// Item 0 of plan 1 is done; plan 2 gets an earlier socialtjänst item. A
	// plan is a value: the next revisions are copies, for a store may keep
	// the memory of the plans it was given.
	p1, p2 = Expected(p1), Expected(p2)
	p1.Items[0].Status = plan.Genomford
	p1.Items[0].History = append(p1.Items[0].History, plan.ItemStatusChange{At: e.f.At(31 * Day), By: p1.UpdatedBy, From: plan.Pagaende, To: plan.Genomford})
	e.tx("finishing an item", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p1) })
	p2.Items[1].Agency = roles.Socialtjanst
	e.tx("moving an item to socialtjänst", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p2) })
	n[ref(p2, 1)] = "plan 2, item moved to socialtjänst, day 61"
	query("Plans.OverdueItems of socialtjänst on day 62 after updates", roles.Socialtjanst, e.f.Date(62), []string{ref(p2, 0), ref(p2, 1)})
	query("Plans.OverdueItems of hälso- och sjukvård on day 62 after updates", roles.HalsoSjukvard, e.f.Date(62), []string{ref(p1, 1)})
}

func testDueForFollowUp(e *env) {
	_, p90 := e.storePlan(0, nil)
	_, p80 := e.storePlan(0, func(p *plan.Plan) { p.NextReview = e.f.Date(80) })
	_, p90b := e.storePlan(0, nil)
	_, p100 := e.storePlan(0, func(p *plan.Plan) { p.NextReview = e.f.Date(100) })
	_, draft := e.storePlan(0, func(p *plan.Plan) { p.Status = plan.Utkast; p.NextReview = e.f.Date(10) })
	_, closed := e.storePlan(0, func(p *plan.Plan) { p.Status = plan.Avslutad; p.NextReview = e.f.Date(10) })
	_ = draft
	_ = closed
	n := names{}
	n.add(p90.ID, "plan due day 90 (a)")
	n.add(p90b.ID, "plan due day 90 (b)")
	n.add(p80.ID, "plan due day 80")
	n.add(p100.ID, "plan due day 100")
	query := func(what string, by roles.Date, want []string) {
		e.t.Helper()
		e.view(what, func(ctx context.Context, tx adapters.Tx) error {
			got, err := tx.Plans().DueForFollowUp(ctx, by, adapters.PageRequest{})
			noErr(e.t, what, err)
			e.order(what, idsOf(got.Items, func(p *plan.Plan) roles.ID[plan.Plan] { return p.ID }), want, n)
			if len(want) == 0 {
				nilSlice(e, what, got.Items)
			}
			for _, p := range got.Items {
				if p.ID == p80.ID {
					same(e, what+": the plan due day 80", p, p80)
				}
			}
			return nil
		})
	}
	query("Plans.DueForFollowUp by day 79 (drafts and closed plans never)", e.f.Date(79), nil)
	query("Plans.DueForFollowUp by day 89", e.f.Date(89), []string{p80.ID.String()})
	query("Plans.DueForFollowUp by day 90 (on the day counts; by date, then ID)", e.f.Date(90), append([]string{p80.ID.String()}, sortedIDs(p90.ID, p90b.ID)...))

	p80.NextReview = e.f.Date(200)
	e.tx("moving a review date", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p80) })
	query("Plans.DueForFollowUp by day 100 after a review date moved", e.f.Date(100), append(sortedIDs(p90.ID, p90b.ID), p100.ID.String()))
}
