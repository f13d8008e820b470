package adaptertest

import (
	"context"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

func consentQueryCases() []testCase {
	return []testCase{
		{"Consents/OfChild", testConsentsOfChild},
		{"Consents/InForceAt", testConsentsInForce},
		{"Disclosures/OfChild", testDisclosuresOfChild},
		{"MaturityAssessments/OfChild", testMaturityOfChild},
		{"HarmExceptions/OfChild", testHarmOfChild},
		{"Enums/ConsentCodes", testEnumConsentCodes},
		{"Enums/DisclosureCodes", testEnumDisclosureCodes},
	}
}

// consents writes a world and four consents about its child: c1 from day 0
// to day 180, withdrawn on day 90; c2 in force from day 10 to day 40; c3 from
// day 10 too; c4 not yet in force (from day 200). And one about another child.
func (e *env) consents() (w *world, c1, c2, c3, c4 roles.Consent, n names) {
	w = e.world()
	c1 = e.f.Consent(w.child.ID, w.guardian.ID, w.teacher)
	mk := func(from, until time.Duration) roles.Consent {
		c := e.f.Consent(w.child.ID, w.guardian.ID, w.nurse)
		c.Withdrawal, c.Status = nil, roles.ConsentAktiv
		c.ValidFrom, c.ValidUntil = e.f.At(from), e.f.At(until)
		return c
	}
	c2, c3, c4 = mk(10*Day, 40*Day), mk(10*Day, 400*Day), mk(200*Day, 300*Day)
	other := e.world()
	c5 := e.f.Consent(other.child.ID, other.guardian.ID, other.teacher)
	e.tx("creating consents", func(ctx context.Context, tx adapters.Tx) error {
		for _, c := range []*roles.Consent{&c4, &c3, &c2, &c1, &c5} {
			if err := tx.Consents().Create(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	n = names{}
	n.add(c1.ID, "consent day 0-180, withdrawn day 90")
	n.add(c2.ID, "consent day 10-40")
	n.add(c3.ID, "consent day 10-400")
	n.add(c4.ID, "consent day 200-300")
	return w, c1, c2, c3, c4, n
}

func consentIDs(cs []roles.Consent) []string {
	return idsOf(cs, func(c *roles.Consent) roles.ID[roles.Consent] { return c.ID })
}

func testConsentsOfChild(e *env) {
	w, c1, c2, c3, c4, n := e.consents()
	e.view("reading consents", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Consents().OfChild(ctx, w.child.ID)
		noErr(e.t, "Consents.OfChild", err)
		want := append(append([]string{c1.ID.String()}, sortedIDs(c2.ID, c3.ID)...), c4.ID.String())
		e.order("Consents.OfChild (all, by ValidFrom, then ID)", consentIDs(got), want, n)
		if len(got) == 4 {
			same(e, "Consents.OfChild: the withdrawn consent", got[0], c1)
		}
		none, err := tx.Consents().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "Consents.OfChild", err)
		nilSlice(e, "Consents.OfChild", none)
		return nil
	})
}

func testConsentsInForce(e *env) {
	w, c1, c2, c3, c4, n := e.consents()
	for _, tc := range []struct {
		what string
		at   time.Time
		want []string
	}{
		{"before any", e.f.At(-time.Microsecond), nil},
		{"on day 0 (ValidFrom holds)", e.f.At(0), []string{c1.ID.String()}},
		{"on day 10", e.f.At(10 * Day), append([]string{c1.ID.String()}, sortedIDs(c2.ID, c3.ID)...)},
		{"at the end of one (ValidUntil does not hold)", e.f.At(40 * Day), []string{c1.ID.String(), c3.ID.String()}},
		{"just before a withdrawal", e.f.At(90*Day - time.Microsecond), []string{c1.ID.String(), c3.ID.String()}},
		{"at the withdrawal (it holds no more)", e.f.At(90 * Day), []string{c3.ID.String()}},
		{"on day 250", e.f.At(250 * Day), []string{c3.ID.String(), c4.ID.String()}},
		{"on day 400", e.f.At(400 * Day), nil},
	} {
		e.view("reading consents", func(ctx context.Context, tx adapters.Tx) error {
			got, err := tx.Consents().InForceAt(ctx, w.child.ID, tc.at)
			noErr(e.t, "Consents.InForceAt", err)
			e.order("Consents.InForceAt "+tc.what, consentIDs(got), tc.want, n)
			if tc.want == nil {
				nilSlice(e, "Consents.InForceAt "+tc.what, got)
			}
			return nil
		})
	}
}

func testDisclosuresOfChild(e *env) {
	w := e.world()
	c := e.f.Consent(w.child.ID, w.guardian.ID, w.teacher)
	d1 := e.f.Disclosure(w.child.ID, w.guardian.ID, w.teacher, w.nurse, c.ID)
	d2 := e.f.Disclosure(w.child.ID, w.guardian.ID, w.teacher, w.socialWorker, c.ID)
	d2.DecidedAt = d1.DecidedAt.Add(-time.Hour)
	d3 := e.f.Disclosure(w.child.ID, w.guardian.ID, w.nurse, w.socialWorker, c.ID)
	d3.DecidedAt = d1.DecidedAt
	e.tx("creating disclosures", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Consents().Create(ctx, &c); err != nil {
			return err
		}
		for _, d := range []*roles.Disclosure{&d1, &d2, &d3} {
			if err := tx.Disclosures().Create(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	n := names{}
	n.add(d1.ID, "disclosure day 1 (a)")
	n.add(d2.ID, "disclosure an hour earlier")
	n.add(d3.ID, "disclosure day 1 (b)")
	e.view("reading disclosures", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Disclosures().OfChild(ctx, w.child.ID)
		noErr(e.t, "Disclosures.OfChild", err)
		e.order("Disclosures.OfChild (by DecidedAt, then ID)", idsOf(got, func(d *roles.Disclosure) roles.ID[roles.Disclosure] { return d.ID }),
			append([]string{d2.ID.String()}, sortedIDs(d1.ID, d3.ID)...), n)
		none, err := tx.Disclosures().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "Disclosures.OfChild", err)
		nilSlice(e, "Disclosures.OfChild", none)
		return nil
	})
}

func testMaturityOfChild(e *env) {
	w := e.world()
	m1 := e.f.MaturityAssessment(w.child.ID, w.socialWorker)
	m2 := e.f.MaturityAssessment(w.child.ID, w.nurse)
	m2.Period.Start = m1.Period.Start.Add(-Day)
	e.tx("creating maturity assessments", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.MaturityAssessments().Create(ctx, &m1); err != nil {
			return err
		}
		return tx.MaturityAssessments().Create(ctx, &m2)
	})
	n := names{}
	n.add(m1.ID, "assessment day 0")
	n.add(m2.ID, "assessment day -1")
	e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.MaturityAssessments().OfChild(ctx, w.child.ID)
		noErr(e.t, "MaturityAssessments.OfChild", err)
		e.order("MaturityAssessments.OfChild (by start, then ID)", idsOf(got, func(m *roles.MaturityAssessment) roles.ID[roles.MaturityAssessment] { return m.ID }),
			[]string{m2.ID.String(), m1.ID.String()}, n)
		none, err := tx.MaturityAssessments().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "MaturityAssessments.OfChild", err)
		nilSlice(e, "MaturityAssessments.OfChild", none)
		return nil
	})
}

func testHarmOfChild(e *env) {
	w := e.world()
	h1 := e.f.HarmException(w.child.ID, w.guardian.ID, w.socialWorker)
	h2 := e.f.HarmException(w.child.ID, w.guardian.ID, w.socialWorker)
	h2.Period.Start = h1.Period.Start
	e.tx("creating harm exceptions", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.HarmExceptions().Create(ctx, &h1); err != nil {
			return err
		}
		return tx.HarmExceptions().Create(ctx, &h2)
	})
	e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.HarmExceptions().OfChild(ctx, w.child.ID)
		noErr(e.t, "HarmExceptions.OfChild", err)
		e.order("HarmExceptions.OfChild (by start, then ID)", idsOf(got, func(h *roles.HarmException) roles.ID[roles.HarmException] { return h.ID }),
			sortedIDs(h1.ID, h2.ID), names{})
		none, err := tx.HarmExceptions().OfChild(ctx, roles.MustNewID[roles.Child]())
		noErr(e.t, "HarmExceptions.OfChild", err)
		nilSlice(e, "HarmExceptions.OfChild", none)
		return nil
	})
}

func testEnumConsentCodes(e *env) {
	w := e.world()
	for i, form := range roles.ConsentForms() {
		for j, st := range roles.ConsentStatuses() {
			c := e.f.Consent(w.child.ID, w.guardian.ID, w.teacher)
			c.Form, c.Status = form, st
			c.Categories = roles.Categories()
			c.ReceivingAgencies = roles.Agencies()
			c.Purpose = roles.Purposes()[(i*2+j)%len(roles.Purposes())]
			e.tx("storing a consent", func(ctx context.Context, tx adapters.Tx) error { return tx.Consents().Create(ctx, &c) })
			same(e, errorf("Consents.Get of form %q, status %q, every category and agency", form, st), consentRecords.mustGet(e, "Consents.Get", c.ID), c)
		}
	}
	for _, p := range roles.Purposes() {
		c := e.f.Consent(w.child.ID, w.guardian.ID, w.teacher)
		c.Purpose = p
		c.Categories = []roles.Category{"lokal_fritidsgard"}
		e.tx("storing a consent", func(ctx context.Context, tx adapters.Tx) error { return tx.Consents().Create(ctx, &c) })
		same(e, errorf("Consents.Get of purpose %q and a local category", p), consentRecords.mustGet(e, "Consents.Get", c.ID), c)
	}
	for _, b := range roles.ConsentBands() {
		m := e.f.MaturityAssessment(w.child.ID, w.socialWorker)
		m.Band = b
		e.tx("storing a maturity assessment", func(ctx context.Context, tx adapters.Tx) error { return tx.MaturityAssessments().Create(ctx, &m) })
		same(e, errorf("MaturityAssessments.Get of band %q", b), maturityRecords.mustGet(e, "MaturityAssessments.Get", m.ID), m)
	}
}

func testEnumDisclosureCodes(e *env) {
	w := e.world()
	c := e.f.Consent(w.child.ID, w.guardian.ID, w.teacher)
	e.tx("storing a consent", func(ctx context.Context, tx adapters.Tx) error { return tx.Consents().Create(ctx, &c) })
	var bases []roles.Basis
	for _, k := range roles.BasisKinds() {
		bases = append(bases, roles.Basis{Kind: k})
	}
	bases = append(bases, roles.Basis{Kind: roles.BasisConsent, ConsentID: c.ID})
	for _, lb := range roles.DefaultLegalBases() {
		bases = append(bases, roles.Basis{Kind: roles.BasisLegal, LegalBasis: lb.Code})
	}
	for i, b := range bases {
		d := e.f.Disclosure(w.child.ID, w.guardian.ID, w.teacher, w.nurse, c.ID)
		d.Basis = b
		d.Outcome = roles.DisclosureOutcomes()[i%len(roles.DisclosureOutcomes())]
		d.FamilyInformed = i%2 == 0
		e.tx("storing a disclosure", func(ctx context.Context, tx adapters.Tx) error { return tx.Disclosures().Create(ctx, &d) })
		same(e, errorf("Disclosures.Get with basis %s, outcome %q", b, d.Outcome), disclosureRecords.mustGet(e, "Disclosures.Get", d.ID), d)
	}
}
