package roles_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodDisclosure: the mentor disclosed the compass assessment to social
// services on the world's consent, with the family told.
func goodDisclosure(w *world, c *roles.Consent) roles.Disclosure {
	return roles.Disclosure{
		ID: fixedID[roles.Disclosure](8, 200), ChildID: childID, Outcome: roles.Utlamnad,
		Categories: []roles.Category{roles.CategoryBehovskompass},
		From:       roles.Skola, To: roles.Socialtjanst, Purpose: roles.PurposeSamordning,
		Basis:          roles.Basis{Kind: roles.BasisConsent, ConsentID: c.ID},
		Views:          []roles.ExpressedView{{By: roles.ChildParty(childID), View: "Okej."}, {By: roles.GuardianParty(g1), View: "Bra."}},
		FamilyInformed: true,
		DecidedBy:      roles.ProfessionalParty(mentor), DecidedAt: w.now, RecordedAt: w.now.Add(time.Minute),
	}
}

func TestDisclosureValidate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age11)
	c := w.consent(parents()...)
	require.NoError(t, func() error { d := goodDisclosure(w, c); return d.Validate() }())
	tests := []struct {
		name string
		edit func(d *roles.Disclosure)
		want string
	}{
		{"no outcome", func(d *roles.Disclosure) { d.Outcome = "" }, "outcome:required"},
		{"an unknown outcome", func(d *roles.Disclosure) { d.Outcome = "kanske" }, "outcome:code"},
		{"no category", func(d *roles.Disclosure) { d.Categories = nil }, "categories:required"},
		{"an unknown category", func(d *roles.Disclosure) { d.Categories = []roles.Category{"allt"} }, "categories[0]:code"},
		{"to itself", func(d *roles.Disclosure) { d.To = roles.Skola }, "to:same_agency"},
		{"from nowhere", func(d *roles.Disclosure) { d.From = "" }, "from:required"},
		{"no purpose", func(d *roles.Disclosure) { d.Purpose = "" }, "purpose:required"},
		{"decided by a guardian", func(d *roles.Disclosure) { d.DecidedBy = roles.GuardianParty(g1) }, "decidedBy:professional"},
		{"a guardian as recipient", func(d *roles.Disclosure) { d.Recipient = roles.GuardianParty(g1) }, "recipient.kind:professional"},
		{"recorded before it was decided", func(d *roles.Disclosure) { d.RecordedAt = d.DecidedAt.Add(-time.Second) }, "recordedAt:recorded_before_decided"},
		{"no decision time", func(d *roles.Disclosure) { d.DecidedAt = time.Time{} }, "decidedAt:required"},
		{"disclosed without a basis", func(d *roles.Disclosure) { d.Basis = roles.Basis{} }, "basis:required"},
		{"a consent basis without the consent", func(d *roles.Disclosure) { d.Basis.ConsentID = roles.ID[roles.Consent]{} }, "basis.consentId:required"},
		{"a consent basis naming a legal basis too", func(d *roles.Disclosure) { d.Basis.LegalBasis = roles.BasisUngaUnder21 }, "basis.legalBasis:basis_kind"},
		{"a legal basis without its code", func(d *roles.Disclosure) { d.Basis = roles.Basis{Kind: roles.BasisLegal} }, "basis.legalBasis:required"},
		{"a legal basis naming a consent too", func(d *roles.Disclosure) {
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisUngaUnder21, ConsentID: c.ID}
		}, "basis.consentId:basis_kind"},
		{"own access is no basis for a disclosure", func(d *roles.Disclosure) { d.Basis = roles.Basis{Kind: roles.BasisOwnAccess} }, "basis.kind:basis_kind"},
		{"a refusal without a reason", func(d *roles.Disclosure) { d.Outcome, d.Basis = roles.EjUtlamnad, roles.Basis{} }, "reason:required"},
		{"the family not told, and not why", func(d *roles.Disclosure) { d.FamilyInformed = false }, "notInformedReason:required"},
		{"a view without words", func(d *roles.Disclosure) { d.Views[0].View = "" }, "views[0].view:required"},
		{"a professional's view among the family's", func(d *roles.Disclosure) { d.Views[1].By = roles.ProfessionalParty(mentor) }, "views[1].by.kind:view_kind"},
		{"another child's view", func(d *roles.Disclosure) { d.Views[0].By = roles.ChildParty(otherKid) }, "views[0].by.id:view_child"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := goodDisclosure(w, c)
			d.Views = append([]roles.ExpressedView(nil), d.Views...)
			tt.edit(&d)
			assert.Contains(t, problemsOf(t, d.Validate()), tt.want)
		})
	}
}

func TestCheckDisclosure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		now   time.Time
		setup func(w *world) *roles.Consent
		edit  func(w *world, d *roles.Disclosure)
		want  roles.Reason // 0: fits
	}{
		{"on a complete consent that covers it", age11, func(w *world) *roles.Consent { return w.consent(parents()...) }, nil, 0},
		{"on a consent lacking the child's consent at 13", age13, func(w *world) *roles.Consent { return w.consent(parents()...) }, nil, roles.ReasonConsentChildMissing},
		{"on a consent withdrawn before the decision", age11, func(w *world) *roles.Consent {
			c := w.consent(parents()...)
			require.NoError(t, c.Withdraw(roles.GuardianParty(g2), recorder, w.now.AddDate(0, 0, -1)))
			return c
		}, nil, roles.ReasonConsentWithdrawn},
		{"on a consent withdrawn after the decision: still lawful", age11, func(w *world) *roles.Consent {
			c := w.consent(parents()...)
			require.NoError(t, c.Withdraw(roles.GuardianParty(g2), recorder, w.now.AddDate(0, 0, 1)))
			return c
		}, nil, 0},
		{"on a consent that does not name health care", age11, func(w *world) *roles.Consent {
			c := w.consent(parents()...)
			c.ReceivingAgencies = []roles.Agency{roles.Socialtjanst}
			return c
		}, func(w *world, d *roles.Disclosure) { d.To = roles.HalsoSjukvard }, roles.ReasonConsentWrongRecipient},
		{"a category the consent lacks, among others it has", age11, func(w *world) *roles.Consent { return w.consent(parents()...) },
			func(w *world, d *roles.Disclosure) {
				d.Categories = []roles.Category{roles.CategoryBehovskompass, roles.CategoryHalsa}
			}, roles.ReasonConsentWrongCategory},
		{"for another purpose", age11, func(w *world) *roles.Consent { return w.consent(parents()...) },
			func(w *world, d *roles.Disclosure) { d.Purpose = roles.PurposePlan }, roles.ReasonConsentWrongPurpose},
		{"on a consent held by another agency", age11, func(w *world) *roles.Consent { return w.consent(parents()...) },
			func(w *world, d *roles.Disclosure) { d.From = roles.ElevhalsaPsykosocial }, roles.ReasonNoConsent},
		{"on a consent that is not among the facts", age11, func(w *world) *roles.Consent { return w.consent(parents()...) },
			func(w *world, d *roles.Disclosure) { d.Basis.ConsentID = fixedID[roles.Consent](7, 250) }, roles.ReasonConsentUnknown},
		{"decided after the consent expired", age11, func(w *world) *roles.Consent { return w.consent(parents()...) },
			func(w *world, d *roles.Disclosure) {
				d.DecidedAt = w.now.AddDate(1, 0, 0)
				d.RecordedAt = d.DecidedAt
			}, roles.ReasonConsentExpired},
		{"a concern report on its legal basis", age11, nil, func(w *world, d *roles.Disclosure) {
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisOrosanmalan}
			d.Purpose, d.Reason = roles.PurposeOrosanmalan, "Oro."
		}, 0},
		{"a legal basis recorded without the reason it requires", age11, nil, func(w *world, d *roles.Disclosure) {
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisOrosanmalan}
			d.Purpose = roles.PurposeOrosanmalan
		}, roles.ReasonBasisReasonMissing},
		{"OSL 10:18 a recorded at 21", age21, nil, func(w *world, d *roles.Disclosure) {
			d.From, d.To, d.Reason = roles.Socialtjanst, roles.Polis, "Risk."
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisUngaUnder21}
		}, roles.ReasonBasisAge},
		{"OSL 10:18 a recorded at 20", age20, nil, func(w *world, d *roles.Disclosure) {
			d.From, d.To, d.Reason = roles.Socialtjanst, roles.Polis, "Risk."
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisUngaUnder21}
		}, 0},
		{"the general clause recorded by health care", age11, nil, func(w *world, d *roles.Disclosure) {
			d.From, d.To, d.Reason = roles.HalsoSjukvard, roles.Polis, "Skäl."
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisGeneralklausul}
		}, roles.ReasonGeneralClauseRefused},
		{"contact details of a protected child, even on consent", age11, func(w *world) *roles.Consent {
			w.child.Protection = roles.Sekretessmarkering
			c := w.consent(parents()...)
			c.Categories = append(c.Categories, roles.CategoryKontaktuppgifter)
			return c
		}, func(w *world, d *roles.Disclosure) { d.Categories = []roles.Category{roles.CategoryKontaktuppgifter} }, roles.ReasonProtectedContact},
		{"a local category the policy does not know", age11, func(w *world) *roles.Consent { return w.consent(parents()...) },
			func(w *world, d *roles.Disclosure) { d.Categories = []roles.Category{"lokal_x"} }, roles.ReasonUnknownCategory},
		{"a local basis that gives way to a consent withdrawn before the decision", age11, func(w *world) *roles.Consent {
			w.pol.LegalBases = append(w.pol.LegalBases, localBasis(true))
			c := w.consent(parents()...)
			c.ReceivingAgencies = []roles.Agency{roles.Forskola}
			require.NoError(t, c.Withdraw(roles.GuardianParty(g1), recorder, w.now.AddDate(0, 0, -1)))
			return c
		}, func(w *world, d *roles.Disclosure) {
			d.To, d.Reason, d.Categories = roles.Forskola, "Överlämning.", []roles.Category{roles.CategorySkola}
			d.Basis = roles.Basis{Kind: roles.BasisLegal, LegalBasis: "lokal_overlamning"}
		}, roles.ReasonBasisBlockedByWithdrawal},
		{"a refusal needs no basis", age11, nil, func(w *world, d *roles.Disclosure) {
			d.Outcome, d.Basis, d.Reason = roles.EjUtlamnad, roles.Basis{}, "Inget samtycke."
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.now)
			c := &roles.Consent{ID: fixedID[roles.Consent](7, 240)}
			if tt.setup != nil {
				c = tt.setup(w)
			}
			d := goodDisclosure(w, c)
			if tt.edit != nil {
				tt.edit(w, &d)
			}
			err := w.facts().CheckDisclosure(&d, &w.pol)
			if tt.want == 0 {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, roles.ErrBasisMismatch)
			var be *roles.BasisError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, tt.want, be.Reason, "%v", err)
		})
	}
	t.Run("an invalid record is a validation error", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, age11)
		d := goodDisclosure(w, w.consent(parents()...))
		d.Categories = nil
		err := w.facts().CheckDisclosure(&d, &w.pol)
		assert.Contains(t, problemsOf(t, err), "categories:required")
		assert.NotErrorIs(t, err, roles.ErrBasisMismatch)
	})
	t.Run("a record about another child", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, age11)
		d := goodDisclosure(w, w.consent(parents()...))
		d.ChildID, d.Views = otherKid, nil
		assert.Contains(t, problemsOf(t, w.facts().CheckDisclosure(&d, &w.pol)), "childId:child")
	})
}

func TestBasisErrorMessage(t *testing.T) {
	t.Parallel()
	e := &roles.BasisError{LegalBasis: roles.BasisUngaUnder21, Reason: roles.ReasonBasisAge}
	assert.Equal(t, "disclosure basis osl_10_18a does not fit: The child's age is outside the legal basis's limits. (rule basis_age)", e.Error())
	id := fixedID[roles.Consent](7, 1)
	e = &roles.BasisError{ConsentID: id, Reason: roles.ReasonConsentExpired}
	assert.Contains(t, e.Error(), "consent "+id.String())
}

func TestLogValuesHoldNoFreeText(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age13)
	c := w.consent(all()...)
	d := goodDisclosure(w, c)
	d.Reason, d.NotInformedReason, d.FamilyInformed = "HEMLIGT-SKÄL", "HEMLIGT-SKÄL-2", false
	w.mature(roles.BandBarn, w.now, time.Time{})
	w.harm(g1, w.now, time.Time{})
	w.maturity[0].Reason, w.harms[0].Reason = "HEMLIGT-SKÄL-3", "HEMLIGT-SKÄL-4"
	var buf strings.Builder
	log := slog.New(slog.NewTextHandler(&buf, nil))
	log.Info("x", "consent", *c, "disclosure", d, "maturity", w.maturity[0], "harm", w.harms[0])
	out := buf.String()
	assert.NotContains(t, out, "HEMLIGT")
	assert.NotContains(t, out, "Okej")
	assert.Contains(t, out, d.ID.String())
	assert.Contains(t, out, "basis=consent:"+c.ID.String())
	assert.Contains(t, out, "band=barn")
}
