package roles

import (
	"log/slog"
	"math"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

// DisclosureOutcome says whether information was disclosed.
type DisclosureOutcome string

// The outcomes, in canonical order.
const (
	// Utlamnad (utlämnad): the information was disclosed.
	Utlamnad DisclosureOutcome = "utlamnad"
	// EjUtlamnad (ej utlämnad): a request to disclose was refused.
	EjUtlamnad DisclosureOutcome = "ej_utlamnad"
)

var disclosureOutcomes = []DisclosureOutcome{Utlamnad, EjUtlamnad}

// DisclosureOutcomes returns every outcome in canonical order.
func DisclosureOutcomes() []DisclosureOutcome {
	return append([]DisclosureOutcome(nil), disclosureOutcomes...)
}

// ParseDisclosureOutcome returns the outcome with code s, or an error matching vocab.ErrUnknownCode.
func ParseDisclosureOutcome(s string) (DisclosureOutcome, error) {
	return vocab.Parse("disclosure outcome", s, disclosureOutcomes)
}

// Valid reports whether o is a known outcome.
func (o DisclosureOutcome) Valid() bool { return vocab.Valid(o, disclosureOutcomes) }

// String returns the code.
func (o DisclosureOutcome) String() string { return string(o) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (o DisclosureOutcome) MarshalText() ([]byte, error) {
	return vocab.Marshal("disclosure outcome", o, disclosureOutcomes)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (o *DisclosureOutcome) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("disclosure outcome", o, b, disclosureOutcomes)
}

// ExpressedView is a view the child or a guardian expressed about a disclosure.
type ExpressedView struct {
	// By is the child or a guardian.
	By Party `json:"by"`
	// View is what they said (free text; personal data).
	View string `json:"view" validate:"required,max=4000"`
}

// Disclosure records a decision to disclose, or not to disclose, information
// about a child from one agency to another: what (Categories), from and to
// whom, why (Purpose, Reason), on which basis (a consent by ID or a legal basis
// by code), the views the child and the guardians expressed, whether the family
// was told and if not why, who decided and when. Every such decision is recorded.
type Disclosure struct {
	ID      ID[Disclosure]    `json:"id" validate:"required"`
	ChildID ID[Child]         `json:"childId" validate:"required"`
	Outcome DisclosureOutcome `json:"outcome" validate:"required,code"`
	// Categories are the information categories disclosed (or refused).
	Categories []Category `json:"categories"`
	// From is the disclosing agency, where the information was recorded.
	From       Agency   `json:"from" validate:"required,code"`
	FromUnitID ID[Unit] `json:"fromUnitId,omitzero"`
	// To is the receiving agency.
	To       Agency   `json:"to" validate:"required,code"`
	ToUnitID ID[Unit] `json:"toUnitId,omitzero"`
	// Recipient is the receiving professional, where known.
	Recipient Party   `json:"recipient,omitzero" validate:"omitempty"`
	Purpose   Purpose `json:"purpose" validate:"required,code"`
	// Basis is the consent or the legal basis of a disclosure; for a refusal,
	// the basis that was considered, if any.
	Basis Basis `json:"basis,omitzero"`
	// Reason says why (free text; personal data). Required for a refusal, and
	// for a legal basis that requires it (Policy; see Facts.CheckDisclosure).
	Reason string `json:"reason,omitempty" validate:"max=4000"`
	// Views are the views the child and the guardians expressed.
	Views []ExpressedView `json:"views,omitempty"`
	// FamilyInformed says whether the family was told of the decision.
	FamilyInformed bool `json:"familyInformed"`
	// NotInformedReason says why the family was not told (required then).
	NotInformedReason string `json:"notInformedReason,omitempty" validate:"max=4000"`
	// DecidedBy is the professional who decided, at DecidedAt.
	DecidedBy  Party     `json:"decidedBy"`
	DecidedAt  time.Time `json:"decidedAt" validate:"required"`
	RecordedAt time.Time `json:"recordedAt" validate:"required"`
	Revision   int64     `json:"revision"`
}

// LogValue implements slog.LogValuer: the IDs, outcome, agencies and basis;
// never the reason or the views, which are free text about the family.
func (d Disclosure) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", d.ID.String()), slog.String("child", d.ChildID.String()),
		slog.String("outcome", string(d.Outcome)), slog.String("from", string(d.From)),
		slog.String("to", string(d.To)), slog.String("basis", d.Basis.String()))
}

// Validate checks the record on its own and returns a *ValidationError listing
// every broken rule with its path, or nil. Whether the basis fits (the
// agencies, the child's age, a consent's coverage) is Facts.CheckDisclosure's
// question.
func (d *Disclosure) Validate() error {
	ve := &ValidationError{Subject: "disclosure"}
	CheckStruct(ve, "", d)
	checkCategories(ve, "categories", d.Categories)
	if d.From != "" && d.From == d.To {
		ve.Add("to", "same_agency", "a disclosure goes to another agency")
	}
	if d.DecidedBy.Kind != PartyProfessional || d.DecidedBy.ID == [16]byte{} {
		ve.Add("decidedBy", "professional", "a disclosure is decided by a professional")
	}
	if !d.Recipient.IsZero() && d.Recipient.Kind != PartyProfessional {
		ve.Add("recipient.kind", "professional", "the recipient is a professional")
	}
	if !d.DecidedAt.IsZero() && !d.RecordedAt.IsZero() && d.RecordedAt.Before(d.DecidedAt) {
		ve.Add("recordedAt", "recorded_before_decided", "a decision is recorded after it is made")
	}
	b := d.Basis
	switch {
	case b.IsZero() && d.Outcome == Utlamnad:
		ve.Add("basis", "required", "a disclosure rests on a consent or a legal basis")
	case b.IsZero():
	case b.Kind == BasisConsent:
		if b.ConsentID.IsZero() {
			ve.Add("basis.consentId", "required", "a value is required")
		}
		if b.LegalBasis != "" {
			ve.Add("basis.legalBasis", "basis_kind", "a consent basis names no legal basis")
		}
	case b.Kind == BasisLegal:
		if b.LegalBasis == "" || !b.LegalBasis.Valid() {
			ve.Add("basis.legalBasis", "required", "a legal-basis code is required")
		}
		if !b.ConsentID.IsZero() {
			ve.Add("basis.consentId", "basis_kind", "a legal basis names no consent")
		}
	default:
		ve.Add("basis.kind", "basis_kind", "a disclosure rests on a consent or a legal basis")
	}
	if d.Outcome == EjUtlamnad && d.Reason == "" {
		ve.Add("reason", "required", "a refusal to disclose records why")
	}
	if !d.FamilyInformed && d.NotInformedReason == "" {
		ve.Add("notInformedReason", "required", "when the family is not told, record why")
	}
	for i, v := range d.Views {
		path := "views[" + strconv.Itoa(i) + "]"
		CheckStruct(ve, path, &v)
		switch v.By.Kind {
		case PartyGuardian:
		case PartyChild:
			if v.By.ID != d.ChildID.UUID() {
				ve.Add(path+".by.id", "view_child", "the child's view is the disclosure's child's")
			}
		default:
			ve.Add(path+".by.kind", "view_kind", "views are the child's or a guardian's")
		}
	}
	return ve.Err()
}

// CheckDisclosure checks that a recorded disclosure about the facts' child
// fits its basis, and returns nil, a *ValidationError when the record is
// invalid on its own, or a *BasisError (matching ErrBasisMismatch) naming the
// rule broken:
//
//   - a refusal (EjUtlamnad) needs no basis;
//   - contact data of a child or guardian with a protected identity is never
//     disclosed (protected_contact);
//   - a legal basis must be in the policy and fit the agencies, the child's age
//     on the day of the decision and, where the basis requires it, carry a
//     reason (see CheckLegalBasis); the general clause is refused from health
//     care and social services; a basis that gives way to withdrawn consent
//     (LegalBasis.WithdrawalBlocks) fails once such a consent was withdrawn;
//   - a consent must be among the facts, held by the disclosing agency, name
//     the receiving agency, every category and the purpose, be in force at
//     DecidedAt and complete for the child's age and custody then.
func (f *Facts) CheckDisclosure(d *Disclosure, p *Policy) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.ChildID != f.child {
		return &ValidationError{Subject: "disclosure", Problems: []Problem{{Path: "childId", Rule: "child", Detail: "the facts are about another child"}}}
	}
	if d.Outcome == EjUtlamnad {
		return nil
	}
	fail := func(r Reason) error {
		return &BasisError{LegalBasis: d.Basis.LegalBasis, ConsentID: d.Basis.ConsentID, Reason: r}
	}
	if f.anyProtected && hasCategory(d.Categories, CategoryKontaktuppgifter) {
		return fail(ReasonProtectedContact)
	}
	for _, c := range d.Categories {
		if !p.KnownCategory(c) {
			return fail(ReasonUnknownCategory)
		}
	}
	if !p.KnownPurpose(d.Purpose) {
		return fail(ReasonUnknownPurpose)
	}
	t := d.DecidedAt
	req := Request{Purpose: d.Purpose, At: t, Policy: p}
	e := eval{req: &req, f: f, p: p, t: nanos(t, math.MinInt64)}
	if d.Basis.Kind == BasisLegal {
		if r := p.legalBasisFit(d.Basis.LegalBasis, d.From, d.To, f.ageAt(t), d.Reason != ""); r != reasonNone {
			return fail(r)
		}
		if b := p.LegalBasis(d.Basis.LegalBasis); b.WithdrawalBlocks && b.Code != BasisOrosanmalan {
			for _, cat := range d.Categories {
				req.Category = cat
				if e.withdrawnConsent(agencyBit(d.From), agencyBit(d.To)) {
					return fail(ReasonBasisBlockedByWithdrawal)
				}
			}
		}
		return nil
	}
	c := f.consent(d.Basis.ConsentID)
	if c == nil {
		return fail(ReasonConsentUnknown)
	}
	if c.from != agencyBit(d.From) {
		return fail(ReasonNoConsent)
	}
	for _, cat := range d.Categories {
		req.Category = cat
		if r, _ := e.evalConsent(c, agencyBit(d.To)); r != reasonNone {
			return fail(r)
		}
	}
	return nil
}
