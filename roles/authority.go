package roles

import (
	"log/slog"
	"time"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

// ConsentBand says whose consent a waiver of secrecy about a child needs. The
// three bands are a closed vocabulary; which ages fall in which band is data
// (Policy.ConsentBands), and a MaturityAssessment may move a child to another band.
type ConsentBand string

// The consent bands, in canonical order.
const (
	// BandVardnadshavare: the guardians with custody consent (with joint
	// custody, each of them); the child's view is sought but the child's
	// consent is not needed. Default: under 12.
	BandVardnadshavare ConsentBand = "vardnadshavare"
	// BandVardnadshavareOchBarn: both the guardians and the child consent.
	// Default: 12 to 14.
	BandVardnadshavareOchBarn ConsentBand = "vardnadshavare_och_barn"
	// BandBarn: the child consents alone; the guardians are informed unless
	// that harms the child (Policy.InformGuardians). Default: from 15.
	BandBarn ConsentBand = "barn"
)

var consentBands = []ConsentBand{BandVardnadshavare, BandVardnadshavareOchBarn, BandBarn}

// ConsentBands returns every consent band in canonical order.
func ConsentBands() []ConsentBand { return append([]ConsentBand(nil), consentBands...) }

// ParseConsentBand returns the band with code s, or an error matching vocab.ErrUnknownCode.
func ParseConsentBand(s string) (ConsentBand, error) {
	return vocab.Parse("consent band", s, consentBands)
}

// Valid reports whether b is a known band.
func (b ConsentBand) Valid() bool { return vocab.Valid(b, consentBands) }

// String returns the code.
func (b ConsentBand) String() string { return string(b) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (b ConsentBand) MarshalText() ([]byte, error) {
	return vocab.Marshal("consent band", b, consentBands)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (b *ConsentBand) UnmarshalText(t []byte) error {
	return vocab.Unmarshal("consent band", b, t, consentBands)
}

// Guardians reports whether the guardians' consent is needed in the band.
func (b ConsentBand) Guardians() bool {
	return b == BandVardnadshavare || b == BandVardnadshavareOchBarn
}

// Child reports whether the child's consent is needed in the band.
func (b ConsentBand) Child() bool { return b == BandVardnadshavareOchBarn || b == BandBarn }

// ConsentBandRule places the children of an age band in a consent band.
type ConsentBandRule struct {
	Ages AgeBand     `json:"ages"`
	Band ConsentBand `json:"band"`
}

// MaturityAssessment records that a professional assessed the child's maturity
// and placed the child in a consent band other than (or the same as) the one
// their age gives: a 13-year-old found mature enough to consent alone, or a
// 15-year-old whose guardians must still consent. While its period lasts it
// overrides the age rule; the latest one that started wins. It applies to every
// consent about the child, whichever agency recorded it (DOMAIN.md does not
// limit it to one agency).
type MaturityAssessment struct {
	ID      ID[MaturityAssessment] `json:"id" validate:"required"`
	ChildID ID[Child]              `json:"childId" validate:"required"`
	// Band is the band the child is placed in.
	Band ConsentBand `json:"band" validate:"required,code"`
	// Reason gives the grounds of the assessment (free text; personal data).
	Reason string `json:"reason" validate:"required,max=4000"`
	// Period is when the assessment applies.
	Period Period `json:"period"`
	// AssessedBy is the professional who made the assessment, in Agency.
	AssessedBy Party     `json:"assessedBy"`
	Agency     Agency    `json:"agency" validate:"required,code"`
	RecordedAt time.Time `json:"recordedAt" validate:"required"`
	Revision   int64     `json:"revision"`
}

// LogValue implements slog.LogValuer without the reason (free text).
func (m MaturityAssessment) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", m.ID.String()), slog.String("child", m.ChildID.String()),
		slog.String("band", string(m.Band)))
}

// Validate checks the assessment and returns a *ValidationError or nil.
func (m *MaturityAssessment) Validate() error {
	ve := &ValidationError{Subject: "maturity assessment"}
	CheckStruct(ve, "", m)
	if !m.Period.Valid() {
		ve.Add("period", "period", "a start is required and the end must come after it")
	}
	if m.AssessedBy.Kind != PartyProfessional {
		ve.Add("assessedBy", "professional", "a maturity assessment is made by a professional")
	}
	return ve.Err()
}

// HarmException records that telling a guardian about, or asking their
// consent to, a disclosure would cause the child significant harm (OSL 12:3).
// While its period lasts the guardian is left out: their consent is not
// needed, they are not informed, and they lose their own access to the plan and
// the combined picture. The reason is mandatory. It applies to every agency
// (DOMAIN.md does not limit it to one).
type HarmException struct {
	ID         ID[HarmException] `json:"id" validate:"required"`
	ChildID    ID[Child]         `json:"childId" validate:"required"`
	GuardianID ID[Guardian]      `json:"guardianId" validate:"required"`
	// Reason says why the guardian is left out (free text; personal data).
	Reason string `json:"reason" validate:"required,max=4000"`
	// Period is when the exception applies.
	Period Period `json:"period"`
	// DecidedBy is the professional who decided it, in Agency.
	DecidedBy  Party     `json:"decidedBy"`
	Agency     Agency    `json:"agency" validate:"required,code"`
	RecordedAt time.Time `json:"recordedAt" validate:"required"`
	Revision   int64     `json:"revision"`
}

// LogValue implements slog.LogValuer without the reason (free text).
func (h HarmException) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", h.ID.String()), slog.String("child", h.ChildID.String()),
		slog.String("guardian", h.GuardianID.String()))
}

// Validate checks the exception and returns a *ValidationError or nil.
func (h *HarmException) Validate() error {
	ve := &ValidationError{Subject: "harm exception"}
	CheckStruct(ve, "", h)
	if !h.Period.Valid() {
		ve.Add("period", "period", "a start is required and the end must come after it")
	}
	if h.DecidedBy.Kind != PartyProfessional {
		ve.Add("decidedBy", "professional", "a significant-harm exception is decided by a professional")
	}
	return ve.Err()
}

// Authority says whose consent a waiver of secrecy about one child needs at one
// moment: it follows from the child's age, custody, any maturity assessment and
// any significant-harm exceptions then.
type Authority struct {
	// Age is the child's age in whole years on the Swedish calendar date.
	Age int `json:"age"`
	// Band is the consent band; "" when no band covers the age.
	Band ConsentBand `json:"band,omitempty"`
	// ByMaturity says that a maturity assessment set the band.
	ByMaturity bool `json:"byMaturity"`
	// Guardians are the guardians whose consent is needed: those with custody,
	// except any left out.
	Guardians []ID[Guardian] `json:"guardians,omitempty"`
	// Child says that the child's own consent is needed.
	Child bool `json:"child"`
	// LeftOut are guardians with custody left out by a significant-harm exception.
	LeftOut []ID[Guardian] `json:"leftOut,omitempty"`
	// Inform are the guardians to inform of a consent the child gave alone.
	Inform []ID[Guardian] `json:"inform,omitempty"`
}

// Possible reports whether anyone can consent: a band covers the child; when
// the band needs the guardians, some guardian has custody (all of them may be
// left out, but custody unknown is not the same as guardians left out); and at
// least one person's consent is needed.
func (a *Authority) Possible() bool {
	if a.Band == "" || (a.Band.Guardians() && len(a.Guardians)+len(a.LeftOut) == 0) {
		return false
	}
	return a.Child || len(a.Guardians) > 0
}

// Missing returns the parties whose consent is needed at t and not given in c
// by then. It is empty when c is complete, and nil-safe on c (a nil c misses everyone).
func (a *Authority) Missing(c *Consent, child ID[Child], t time.Time) []Party {
	var out []Party
	for _, g := range a.Guardians {
		p := GuardianParty(g)
		if c == nil || !c.givenBy(p, t) {
			out = append(out, p)
		}
	}
	if a.Child {
		p := ChildParty(child)
		if c == nil || !c.givenBy(p, t) {
			out = append(out, p)
		}
	}
	return out
}

// Complete reports whether c holds the consent of everyone the authority
// needs, given by t, and at least one person is needed.
func (a *Authority) Complete(c *Consent, child ID[Child], t time.Time) bool {
	return a.Possible() && len(a.Missing(c, child, t)) == 0
}
