package roles

import (
	"testing"
	"time"
)

// The golden files of the consent and disclosure types. The people are
// invented; the child's personnummer is from Skatteverket's test list.
var (
	gcGuardian2 = mustID[Guardian]("0193f1a0-0000-7000-8000-0000000000b2")
	gcConsentID = mustID[Consent]("0193f1a0-0000-7000-8000-0000000000c1")
	gcSocial    = mustID[Professional]("0193f1a0-0000-7000-8000-0000000000c2")
	gcDiscID    = mustID[Disclosure]("0193f1a0-0000-7000-8000-0000000000c3")
	gcDisc2ID   = mustID[Disclosure]("0193f1a0-0000-7000-8000-0000000000c4")
	gcFrom      = time.Date(2026, time.August, 17, 8, 30, 0, 0, time.UTC)
)

func gcConsent() Consent {
	return Consent{
		ID: gcConsentID, ChildID: childID,
		Givers: []ConsentGiver{
			{Party: GuardianParty(guardianID), GivenAt: gcFrom},
			{Party: GuardianParty(gcGuardian2), GivenAt: gcFrom.Add(26 * time.Hour)},
		},
		DisclosingAgency:  Skola,
		ReceivingAgencies: []Agency{Socialtjanst, HalsoSjukvard},
		Categories:        []Category{CategoryBehovskompass, CategoryOro},
		Purpose:           PurposeSamordning,
		ValidFrom:         gcFrom, ValidUntil: gcFrom.AddDate(1, 0, 0),
		Form: Skriftligt, Status: ConsentAktiv,
		RecordedBy: ProfessionalParty(profID), RecordedAt: gcFrom.Add(27 * time.Hour),
		Revision: 1,
	}
}

func TestGoldenConsentAndDisclosure(t *testing.T) {
	t.Parallel()
	withdrawn := gcConsent()
	if err := withdrawn.Withdraw(GuardianParty(gcGuardian2), ProfessionalParty(profID), gcFrom.AddDate(0, 3, 0)); err != nil {
		t.Fatal(err)
	}
	withdrawn.Revision = 2

	onConsent := Disclosure{
		ID: gcDiscID, ChildID: childID, Outcome: Utlamnad,
		Categories: []Category{CategoryBehovskompass},
		From:       Skola, FromUnitID: unitID, To: Socialtjanst,
		Recipient: ProfessionalParty(gcSocial), Purpose: PurposeSamordning,
		Basis: Basis{Kind: BasisConsent, ConsentID: gcConsentID},
		Views: []ExpressedView{
			{By: ChildParty(childID), View: "Jag vill att socialtjänsten vet."},
			{By: GuardianParty(guardianID), View: "Vi är positiva."},
		},
		FamilyInformed: true,
		DecidedBy:      ProfessionalParty(profID), DecidedAt: gcFrom.AddDate(0, 1, 0),
		RecordedAt: gcFrom.AddDate(0, 1, 0).Add(time.Minute), Revision: 1,
	}
	concern := Disclosure{
		ID: gcDisc2ID, ChildID: childID, Outcome: Utlamnad,
		Categories: []Category{CategoryGrunduppgifter, CategoryOro},
		From:       Forskola, To: Socialtjanst, Purpose: PurposeOrosanmalan,
		Basis:             Basis{Kind: BasisLegal, LegalBasis: BasisOrosanmalan},
		Reason:            "Oro för barnets omsorg.",
		FamilyInformed:    false,
		NotInformedReason: "Att informera kan skada barnet.",
		DecidedBy:         ProfessionalParty(profID), DecidedAt: gcFrom, RecordedAt: gcFrom, Revision: 1,
	}
	refused := Disclosure{
		ID: gcDisc2ID, ChildID: childID, Outcome: EjUtlamnad,
		Categories: []Category{CategoryHalsa},
		From:       HalsoSjukvard, To: Skola, Purpose: PurposeSamordning,
		Reason:         "Samtycke saknas och ingen bestämmelse medger utlämnande.",
		FamilyInformed: true,
		DecidedBy:      ProfessionalParty(prof2ID), DecidedAt: gcFrom, RecordedAt: gcFrom, Revision: 1,
	}
	for _, d := range []Disclosure{onConsent, concern, refused} {
		if err := d.Validate(); err != nil {
			t.Fatalf("golden disclosure invalid: %v", err)
		}
	}

	child := testChild()
	g2 := testGuardian()
	g2.ID = gcGuardian2
	recs := Records{
		Guardians: []Guardian{testGuardian(), g2},
		Custodies: []Custody{
			{ChildID: childID, GuardianID: guardianID, Period: Period{Start: child.BirthDate().Start()}},
			{ChildID: childID, GuardianID: gcGuardian2, Period: Period{Start: child.BirthDate().Start()}},
		},
		Assignments: []Assignment{
			{ChildID: childID, Role: BarnetsTeam, Holder: ProfessionalParty(gcSocial), Agency: Socialtjanst, Period: Period{Start: gcFrom}},
		},
		Consents: []Consent{gcConsent()},
	}
	f, err := NewFacts(&child, recs)
	if err != nil {
		t.Fatal(err)
	}
	pol := DefaultPolicy()
	at := gcFrom.AddDate(0, 2, 0)
	allowed := Decide(Request{
		Actor: ProfessionalActor(gcSocial, Socialtjanst, unitID), Action: Read, Category: CategoryBehovskompass,
		Child: childID, RecordingAgency: Skola, Purpose: PurposeSamordning, At: at, Facts: f, Policy: &pol,
	})
	denied := Decide(Request{
		Actor: ProfessionalActor(gcSocial, Socialtjanst, unitID), Action: Read, Category: CategoryHalsa,
		Child: childID, RecordingAgency: HalsoSjukvard, Purpose: PurposeSamordning, At: at, Facts: f, Policy: &pol,
	})
	concernDecision := Decide(Request{
		Actor: ProfessionalActor(prof2ID, Forskola, unitID), Action: Disclose, Category: CategoryOro,
		Child: childID, RecordingAgency: Forskola, Recipient: Socialtjanst, Purpose: PurposeOrosanmalan, At: at, Facts: f, Policy: &pol,
	})
	if !allowed.Allowed || denied.Allowed || !concernDecision.Allowed {
		t.Fatalf("golden decisions: %v / %v / %v", allowed, denied, concernDecision)
	}

	tests := []struct {
		name string
		v    any
	}{
		{"consent", gcConsent()},
		{"consent_withdrawn", withdrawn},
		{"disclosure_consent", onConsent},
		{"disclosure_concern_report", concern},
		{"disclosure_refused", refused},
		{"decision_allowed", allowed},
		{"decision_denied", denied},
		{"decision_concern_report", concernDecision},
		{"authority", f.Authority(&pol, at)},
		{"policy_default", DefaultPolicy()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkGolden(t, tt.name, tt.v)
		})
	}
}
