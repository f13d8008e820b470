package roles_test

import (
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// exampleFacts is a child born 2017-01-01 (a Skatteverket test number) in
// joint custody of two guardians, with a mentor at school as Barnkontakt and a
// social worker in the child's team. consent, when set, is added to the records.
func exampleFacts(consent func(child roles.ID[roles.Child], g1, g2 roles.ID[roles.Guardian], mentor roles.ID[roles.Professional]) roles.Consent) (*roles.Facts, roles.ID[roles.Child], roles.ID[roles.Professional], roles.ID[roles.Professional]) {
	child := roles.Child{
		ID: roles.MustNewID[roles.Child](), Personnummer: roles.MustParsePersonnummer("201701012393"),
		GivenName: "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad,
	}
	born := child.BirthDate().Start()
	g1, g2 := roles.MustNewID[roles.Guardian](), roles.MustNewID[roles.Guardian]()
	mentor, social := roles.MustNewID[roles.Professional](), roles.MustNewID[roles.Professional]()
	since := time.Date(2026, time.August, 1, 8, 0, 0, 0, time.UTC)
	recs := roles.Records{
		Guardians: []roles.Guardian{{ID: g1, Protection: roles.Oskyddad}, {ID: g2, Protection: roles.Oskyddad}},
		Custodies: []roles.Custody{
			{ChildID: child.ID, GuardianID: g1, Period: roles.Period{Start: born}},
			{ChildID: child.ID, GuardianID: g2, Period: roles.Period{Start: born}},
		},
		Assignments: []roles.Assignment{
			{ChildID: child.ID, Role: roles.Barnkontakt, Holder: roles.ProfessionalParty(mentor), Agency: roles.Skola, Period: roles.Period{Start: since}},
			{ChildID: child.ID, Role: roles.BarnetsTeam, Holder: roles.ProfessionalParty(social), Agency: roles.Socialtjanst, Period: roles.Period{Start: since}},
		},
	}
	if consent != nil {
		recs.Consents = []roles.Consent{consent(child.ID, g1, g2, mentor)}
	}
	f, err := roles.NewFacts(&child, recs)
	if err != nil {
		panic(err)
	}
	return f, child.ID, mentor, social
}

// The guardians of a 9-year-old let the school share its needs-compass
// assessment with social services for coordinated support. The mentor may
// disclose it, and the decision says on which consent.
func ExampleDecide_consent() {
	pol := roles.DefaultPolicy()
	var consentID roles.ID[roles.Consent]
	f, child, mentor, _ := exampleFacts(func(child roles.ID[roles.Child], g1, g2 roles.ID[roles.Guardian], mentor roles.ID[roles.Professional]) roles.Consent {
		from := time.Date(2026, time.September, 1, 8, 0, 0, 0, time.UTC)
		c := roles.Consent{
			ID: roles.MustNewID[roles.Consent](), ChildID: child,
			Givers: []roles.ConsentGiver{
				{Party: roles.GuardianParty(g1), GivenAt: from},
				{Party: roles.GuardianParty(g2), GivenAt: from},
			},
			DisclosingAgency:  roles.Skola,
			ReceivingAgencies: []roles.Agency{roles.Socialtjanst},
			Categories:        []roles.Category{roles.CategoryBehovskompass},
			Purpose:           roles.PurposeSamordning,
			ValidFrom:         from, ValidUntil: from.AddDate(1, 0, 0),
			Form: roles.Skriftligt, Status: roles.ConsentAktiv,
			RecordedBy: roles.ProfessionalParty(mentor), RecordedAt: from,
		}
		if err := c.ValidateWith(&pol); err != nil {
			panic(err)
		}
		consentID = c.ID
		return c
	})
	d := roles.Decide(roles.Request{
		Actor:  roles.ProfessionalActor(mentor, roles.Skola, roles.ID[roles.Unit]{}),
		Action: roles.Disclose, Category: roles.CategoryBehovskompass,
		Child: child, RecordingAgency: roles.Skola, Recipient: roles.Socialtjanst,
		Purpose: roles.PurposeSamordning,
		At:      time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC),
		Facts:   f, Policy: &pol,
	})
	fmt.Println("allowed:", d.Allowed)
	fmt.Println("basis:", d.Basis.Kind, d.Basis.ConsentID == consentID)
	fmt.Println("why:", d.Reasons.First().English())
	fmt.Println("must:", d.Obligations)
	// Output:
	// allowed: true
	// basis: consent true
	// why: A valid and complete consent covers the recipient, the category and the purpose.
	// must: audit|record_disclosure
}

// Health care asks for social services' notes about the child. There is no
// consent and no legal basis, so the answer is no, with the reasons in Swedish
// and English.
func ExampleDecide_denied() {
	f, child, _, _ := exampleFacts(nil)
	doctor := roles.MustNewID[roles.Professional]()
	pol := roles.DefaultPolicy()
	d := roles.Decide(roles.Request{
		Actor:  roles.ProfessionalActor(doctor, roles.HalsoSjukvard, roles.ID[roles.Unit]{}),
		Action: roles.Read, Category: roles.CategorySocialtjanst,
		Child: child, RecordingAgency: roles.Socialtjanst, Purpose: roles.PurposeSamordning,
		At:    time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC),
		Facts: f, Policy: &pol,
	})
	fmt.Println("allowed:", d.Allowed)
	for r := range d.Reasons.All() {
		fmt.Printf("%s\n  sv: %s\n  en: %s\n", r.Code(), r.Swedish(), r.English())
	}
	// Output:
	// allowed: false
	// no_role_receiving
	//   sv: Ingen aktiv roll för barnet i den mottagande verksamheten.
	//   en: No active role for the child in the receiving agency.
	// no_consent
	//   sv: Den utlämnande verksamheten har inget samtycke för barnet.
	//   en: The disclosing agency holds no consent for the child.
	// no_legal_basis
	//   sv: Ingen sekretessbrytande bestämmelse som passar är registrerad eller angiven.
	//   en: No legal basis that fits is recorded or invoked.
}

// A teacher who holds no role for the child reports a concern to social
// services. No consent exists, and the guardians could not stop it by
// withdrawing one: a concern report rests on the law (SoL 2025:400 19 kap.
// 1 §, OSL 10:28). The teacher must record the disclosure and its reason.
func ExampleDecide_concernReport() {
	f, child, _, _ := exampleFacts(nil)
	teacher := roles.MustNewID[roles.Professional]()
	pol := roles.DefaultPolicy()
	d := roles.Decide(roles.Request{
		Actor:  roles.ProfessionalActor(teacher, roles.Skola, roles.ID[roles.Unit]{}),
		Action: roles.Disclose, Category: roles.CategoryOro,
		Child: child, RecordingAgency: roles.Skola, Recipient: roles.Socialtjanst,
		Purpose: roles.PurposeOrosanmalan,
		At:      time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC),
		Facts:   f, Policy: &pol,
	})
	fmt.Println(d)
	fmt.Println(d.Reasons.First().Swedish())
	fmt.Println("must:", d.Obligations)
	// Output:
	// allowed legal_basis:osl_10_28_orosanmalan [concern_report]
	// En orosanmälan till socialtjänsten hindras aldrig av att samtycke saknas eller har återkallats.
	// must: audit|record_disclosure|record_reason
}

// Whose consent is needed depends on the child's age on the day: under the
// default policy the guardians decide for a child under 12, the guardians and
// the child from 12, and the child alone from 15 (with the guardians informed).
func ExampleFacts_Authority() {
	f, _, _, _ := exampleFacts(nil)
	pol := roles.DefaultPolicy()
	for _, day := range []time.Time{
		time.Date(2028, time.December, 31, 12, 0, 0, 0, time.UTC),
		time.Date(2029, time.January, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2032, time.January, 1, 12, 0, 0, 0, time.UTC),
	} {
		a := f.Authority(&pol, day)
		fmt.Printf("age %d: band %s, guardians %d, child %v, inform %d\n", a.Age, a.Band, len(a.Guardians), a.Child, len(a.Inform))
	}
	// Output:
	// age 11: band vardnadshavare, guardians 2, child false, inform 0
	// age 12: band vardnadshavare_och_barn, guardians 2, child true, inform 0
	// age 15: band barn, guardians 0, child true, inform 2
}

// A recorded disclosure is checked against its basis: OSL 10:18 a lets social
// services tell the police about a person under 21, not older.
func ExamplePolicy_CheckLegalBasis() {
	pol := roles.DefaultPolicy()
	fmt.Println(pol.CheckLegalBasis(roles.BasisUngaUnder21, roles.Socialtjanst, roles.Polis, 20, true))
	fmt.Println(pol.CheckLegalBasis(roles.BasisUngaUnder21, roles.Socialtjanst, roles.Polis, 21, true))
	fmt.Println(pol.CheckLegalBasis(roles.BasisGeneralklausul, roles.HalsoSjukvard, roles.Polis, 10, true))
	// Output:
	// <nil>
	// disclosure basis osl_10_18a does not fit: The child's age is outside the legal basis's limits. (rule basis_age)
	// disclosure basis osl_10_27 does not fit: The general clause (OSL 10:27) is not available from health care or social services. (rule general_clause_refused)
}
