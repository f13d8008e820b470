package roles

import (
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

// ConsentForm says how a consent was given.
type ConsentForm string

// The consent forms, in canonical order.
const (
	Skriftligt ConsentForm = "skriftligt" // in writing
	Muntligt   ConsentForm = "muntligt"   // orally, recorded by the professional
)

var consentForms = []ConsentForm{Skriftligt, Muntligt}

// ConsentForms returns every form in canonical order.
func ConsentForms() []ConsentForm { return append([]ConsentForm(nil), consentForms...) }

// ParseConsentForm returns the form with code s, or an error matching vocab.ErrUnknownCode.
func ParseConsentForm(s string) (ConsentForm, error) {
	return vocab.Parse("consent form", s, consentForms)
}

// Valid reports whether f is a known form.
func (f ConsentForm) Valid() bool { return vocab.Valid(f, consentForms) }

// String returns the code.
func (f ConsentForm) String() string { return string(f) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (f ConsentForm) MarshalText() ([]byte, error) {
	return vocab.Marshal("consent form", f, consentForms)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (f *ConsentForm) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("consent form", f, b, consentForms)
}

// ConsentStatus is where a consent is in its life. Expiry is not a status: it
// follows from ValidUntil and the time asked about.
type ConsentStatus string

// The consent statuses, in canonical order.
const (
	// ConsentAktiv: recorded and not withdrawn. Next: ConsentAterkallad (Withdraw).
	ConsentAktiv ConsentStatus = "aktiv"
	// ConsentAterkallad (återkallad): withdrawn, from Withdrawal.At on. Terminal.
	ConsentAterkallad ConsentStatus = "aterkallad"
)

var consentStatuses = []ConsentStatus{ConsentAktiv, ConsentAterkallad}

// ConsentStatuses returns every status in canonical order.
func ConsentStatuses() []ConsentStatus { return append([]ConsentStatus(nil), consentStatuses...) }

// ParseConsentStatus returns the status with code s, or an error matching vocab.ErrUnknownCode.
func ParseConsentStatus(s string) (ConsentStatus, error) {
	return vocab.Parse("consent status", s, consentStatuses)
}

// Valid reports whether s is a known status.
func (s ConsentStatus) Valid() bool { return vocab.Valid(s, consentStatuses) }

// String returns the code.
func (s ConsentStatus) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (s ConsentStatus) MarshalText() ([]byte, error) {
	return vocab.Marshal("consent status", s, consentStatuses)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (s *ConsentStatus) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("consent status", s, b, consentStatuses)
}

// ConsentGiver is one person who gave a consent: a guardian or the child.
type ConsentGiver struct {
	Party   Party     `json:"party"`
	GivenAt time.Time `json:"givenAt"`
}

// Withdrawal records that a consent was withdrawn. It takes effect at At and is
// never retroactive: what was disclosed before At stays lawful.
type Withdrawal struct {
	// By is the guardian or the child who withdrew the consent.
	By Party `json:"by"`
	// At is when the withdrawal was received; the consent no longer holds from then.
	At time.Time `json:"at"`
	// RecordedBy is the professional who recorded the withdrawal.
	RecordedBy Party `json:"recordedBy"`
}

// Consent (samtycke) is a waiver of secrecy under OSL 12 kap., not a consent
// under the GDPR: agencies process personal data under their public task. It
// is held by the disclosing agency and is specific: who may disclose (the
// DisclosingAgency) to whom (ReceivingAgencies), which information
// (Categories), for what (Purpose), from when until when (ValidUntil is
// mandatory; Policy.MaxConsentMonths caps it), in which form, given by whom and
// recorded by whom.
//
// Whose consent is needed follows from the child's age and custody at the
// moment a decision is made (see Authority): a consent the guardians gave for an
// 11-year-old lacks the child's consent once the child turns 12 under the
// default policy. A consent is complete only if everyone needed gave it.
type Consent struct {
	ID      ID[Consent] `json:"id" validate:"required"`
	ChildID ID[Child]   `json:"childId" validate:"required"`
	// Givers are the guardians and the child who gave the consent, each with when.
	Givers []ConsentGiver `json:"givers"`
	// DisclosingAgency holds the consent: the agency whose information it frees.
	DisclosingAgency Agency `json:"disclosingAgency" validate:"required,code"`
	// ReceivingAgencies may receive the information.
	ReceivingAgencies []Agency `json:"receivingAgencies"`
	// Categories are the information categories covered.
	Categories []Category `json:"categories"`
	// Purpose is what the information may be used for.
	Purpose Purpose `json:"purpose" validate:"required,code"`
	// ValidFrom is the first instant the consent holds.
	ValidFrom time.Time `json:"validFrom"`
	// ValidUntil is the instant it stops holding (exclusive; mandatory). A
	// consent "until 30 June" ends at the start of 1 July in Swedish time.
	ValidUntil time.Time     `json:"validUntil"`
	Form       ConsentForm   `json:"form" validate:"required,code"`
	Status     ConsentStatus `json:"status" validate:"required,code"`
	// Withdrawal is set when the consent was withdrawn (Status ConsentAterkallad).
	Withdrawal *Withdrawal `json:"withdrawal,omitempty"`
	// RecordedBy is the professional who recorded the consent, at RecordedAt.
	RecordedBy Party     `json:"recordedBy"`
	RecordedAt time.Time `json:"recordedAt"`
	// Revision counts stored versions of the record (optimistic concurrency).
	Revision int64 `json:"revision"`
}

// LogValue implements slog.LogValuer: the IDs, the agencies, the purpose and
// the status; a consent holds no names, but the givers are left out as well.
func (c Consent) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", c.ID.String()), slog.String("child", c.ChildID.String()),
		slog.String("from", string(c.DisclosingAgency)), slog.Int("to", len(c.ReceivingAgencies)),
		slog.String("purpose", string(c.Purpose)), slog.String("status", string(c.Status)))
}

// ErrAlreadyWithdrawn is returned by Consent.Withdraw for a consent that was
// withdrawn before.
var ErrAlreadyWithdrawn = errors.New("consent already withdrawn")

// Validate checks the consent on its own and returns a *ValidationError
// listing every broken rule with its path, or nil. ValidateWith adds the
// policy's rules.
func (c *Consent) Validate() error {
	ve := &ValidationError{Subject: "consent"}
	c.check(ve)
	return ve.Err()
}

// ValidateWith is Validate plus the rules of the policy: every category and the
// purpose known to p, and a validity of at most p.MaxConsentMonths months.
func (c *Consent) ValidateWith(p *Policy) error {
	ve := &ValidationError{Subject: "consent"}
	c.check(ve)
	for i, cat := range c.Categories {
		if cat.Valid() && !p.KnownCategory(cat) {
			ve.Add("categories["+strconv.Itoa(i)+"]", "unknown_category", "the policy does not know this category")
		}
	}
	if c.Purpose.Valid() && !p.KnownPurpose(c.Purpose) {
		ve.Add("purpose", "unknown_purpose", "the policy does not know this purpose")
	}
	if !c.ValidFrom.IsZero() && !c.ValidUntil.IsZero() && c.ValidUntil.After(p.consentLimit(civilOf(c.ValidFrom))) {
		ve.Add("validUntil", "max_validity", "longer than the policy's longest consent validity ("+strconv.Itoa(p.MaxConsentMonths)+" months)")
	}
	return ve.Err()
}

func (c *Consent) check(ve *ValidationError) {
	CheckStruct(ve, "", c)
	if len(c.Givers) == 0 {
		ve.Add("givers", "required", "at least one guardian or the child")
	}
	for i, g := range c.Givers {
		path := "givers[" + strconv.Itoa(i) + "]"
		switch g.Party.Kind {
		case PartyGuardian:
		case PartyChild:
			if g.Party.ID != c.ChildID.UUID() {
				ve.Add(path+".party.id", "giver_child", "the child who gives consent is the consent's child")
			}
		default:
			ve.Add(path+".party.kind", "giver_kind", "a consent is given by a guardian or the child")
		}
		if g.Party.ID == [16]byte{} {
			ve.Add(path+".party.id", "required", "a value is required")
		}
		if g.GivenAt.IsZero() {
			ve.Add(path+".givenAt", "required", "a value is required")
		} else if !c.RecordedAt.IsZero() && g.GivenAt.After(c.RecordedAt) {
			ve.Add(path+".givenAt", "given_after_recorded", "a consent is recorded after it was given")
		}
		for j := 0; j < i; j++ {
			if c.Givers[j].Party == g.Party {
				ve.Add(path+".party", "duplicate", "the same person is listed twice")
			}
		}
	}
	if len(c.ReceivingAgencies) == 0 {
		ve.Add("receivingAgencies", "required", "at least one receiving agency")
	}
	checkAgencies(ve, "receivingAgencies", c.ReceivingAgencies)
	for i, a := range c.ReceivingAgencies {
		if a == c.DisclosingAgency && a != "" {
			ve.Add("receivingAgencies["+strconv.Itoa(i)+"]", "receiver_is_discloser", "an agency does not disclose to itself")
		}
	}
	checkCategories(ve, "categories", c.Categories)
	if c.ValidFrom.IsZero() {
		ve.Add("validFrom", "required", "a value is required")
	}
	switch {
	case c.ValidUntil.IsZero():
		ve.Add("validUntil", "required", "an end is mandatory")
	case !c.ValidFrom.IsZero() && !c.ValidUntil.After(c.ValidFrom):
		ve.Add("validUntil", "period_order", "the end must come after the start")
	}
	if c.RecordedBy.Kind != PartyProfessional || c.RecordedBy.ID == [16]byte{} {
		ve.Add("recordedBy", "professional", "a consent is recorded by a professional")
	}
	if c.RecordedAt.IsZero() {
		ve.Add("recordedAt", "required", "a value is required")
	}
	switch {
	case c.Status == ConsentAterkallad && c.Withdrawal == nil:
		ve.Add("withdrawal", "required", "a withdrawn consent records who withdrew it and when")
	case c.Status == ConsentAktiv && c.Withdrawal != nil:
		ve.Add("status", "withdrawal", "a consent with a withdrawal has status aterkallad")
	}
	if w := c.Withdrawal; w != nil {
		if w.By.Kind != PartyGuardian && w.By.Kind != PartyChild || w.By.ID == [16]byte{} {
			ve.Add("withdrawal.by", "withdrawer_kind", "a consent is withdrawn by a guardian or the child")
		}
		if w.At.IsZero() {
			ve.Add("withdrawal.at", "required", "a value is required")
		} else if !c.RecordedAt.IsZero() && w.At.Before(c.RecordedAt) {
			ve.Add("withdrawal.at", "withdrawal_before_recorded", "a consent is withdrawn after it was recorded")
		}
		if w.RecordedBy.Kind != PartyProfessional || w.RecordedBy.ID == [16]byte{} {
			ve.Add("withdrawal.recordedBy", "professional", "a withdrawal is recorded by a professional")
		}
	}
}

func checkCategories(ve *ValidationError, path string, cs []Category) {
	if len(cs) == 0 {
		ve.Add(path, "required", "at least one information category")
	}
	for i, c := range cs {
		if !c.Valid() {
			ve.Add(path+"["+strconv.Itoa(i)+"]", "code", "not a known code")
		}
		for j := 0; j < i; j++ {
			if cs[j] == c {
				ve.Add(path+"["+strconv.Itoa(i)+"]", "duplicate", "listed twice")
			}
		}
	}
}

// Withdraw records that by (a guardian or the child) withdrew the consent at
// at, as recorded by the professional recordedBy. The consent stops holding
// from at; it is never retroactive, so at may not be before the consent was
// recorded. A consent already withdrawn gives ErrAlreadyWithdrawn; bad
// arguments give a *ValidationError. The caller stores the result.
func (c *Consent) Withdraw(by, recordedBy Party, at time.Time) error {
	if c.Status == ConsentAterkallad || c.Withdrawal != nil {
		return ErrAlreadyWithdrawn
	}
	w := &Withdrawal{By: by, At: at, RecordedBy: recordedBy}
	ve := &ValidationError{Subject: "withdrawal"}
	if by.Kind != PartyGuardian && by.Kind != PartyChild || by.ID == [16]byte{} {
		ve.Add("by", "withdrawer_kind", "a consent is withdrawn by a guardian or the child")
	}
	if at.IsZero() {
		ve.Add("at", "required", "a value is required")
	} else if at.Before(c.RecordedAt) {
		ve.Add("at", "withdrawal_before_recorded", "a consent is withdrawn after it was recorded")
	}
	if recordedBy.Kind != PartyProfessional || recordedBy.ID == [16]byte{} {
		ve.Add("recordedBy", "professional", "a withdrawal is recorded by a professional")
	}
	if err := ve.Err(); err != nil {
		return err
	}
	c.Withdrawal = w
	c.Status = ConsentAterkallad
	return nil
}

// InForceAt reports whether the consent holds at t as far as the record alone
// says: t in [ValidFrom, ValidUntil), not withdrawn by t. Whether it is
// complete, and the policy's cap on validity, are Decide's to check.
func (c *Consent) InForceAt(t time.Time) bool {
	return !t.Before(c.ValidFrom) && t.Before(c.ValidUntil) && !c.WithdrawnAt(t)
}

// WithdrawnAt reports whether the consent was withdrawn at or before t.
func (c *Consent) WithdrawnAt(t time.Time) bool {
	return c.Withdrawal != nil && !t.Before(c.Withdrawal.At)
}

// Covers reports whether the consent names the receiving agency, the category
// and the purpose.
func (c *Consent) Covers(to Agency, cat Category, purpose Purpose) bool {
	return hasAgency(c.ReceivingAgencies, to) && hasCategory(c.Categories, cat) && c.Purpose == purpose
}

// givenBy reports whether p gave the consent at or before t.
func (c *Consent) givenBy(p Party, t time.Time) bool {
	for _, g := range c.Givers {
		if g.Party == p && !g.GivenAt.IsZero() && !g.GivenAt.After(t) {
			return true
		}
	}
	return false
}

func hasCategory(list []Category, c Category) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}
