package roles

import (
	"errors"
	"fmt"
	"strconv"
)

// LegalBasisCode names a legal basis for disclosure without consent (a
// sekretessbrytande bestämmelse), e.g. "osl_10_18a". Codes are stable; the
// bases themselves are data in Policy.LegalBases, so a municipality can add
// bases without a change to the library. A code is 1 to 64 characters of a-z,
// 0-9 and '_', starting with a letter.
type LegalBasisCode string

// The legal bases of DefaultPolicy. The references follow DOMAIN.md; this is
// not legal advice, and each is data a municipality may tune.
const (
	// BasisOrosanmalan: a concern report to social services (OSL 10:28 with
	// SoL 2025:400 19 kap. 1 §): any agency to social services. Never blocked
	// by missing or withdrawn consent.
	BasisOrosanmalan LegalBasisCode = "osl_10_28_orosanmalan"
	// BasisHalsoTillSocial: health care to social services about a child under
	// 18 when needed for necessary care, treatment or support (OSL 25:12).
	BasisHalsoTillSocial LegalBasisCode = "osl_25_12"
	// BasisSocialTillHalso: social services to health care about a child under
	// 18 when needed for necessary care, treatment or support (OSL 26:9).
	BasisSocialTillHalso LegalBasisCode = "osl_26_9"
	// BasisUngaUnder21: social services to the police about a person under 21
	// at concrete risk of crime (OSL 10:18 a).
	BasisUngaUnder21 LegalBasisCode = "osl_10_18a"
	// BasisBrottMotBarn: health care or social services to the police on a
	// suspected crime against a child (OSL 10:21).
	BasisBrottMotBarn LegalBasisCode = "osl_10_21"
	// BasisAkutFara: social services to the police on an immediate risk (OSL 10:20).
	BasisAkutFara LegalBasisCode = "osl_10_20"
	// BasisUppgiftsskyldighet: a duty to provide information set by law (OSL 10:28).
	BasisUppgiftsskyldighet LegalBasisCode = "osl_10_28"
	// BasisGeneralklausul: the general clause (OSL 10:27). Never available from
	// health care or social services, whatever a policy says.
	BasisGeneralklausul LegalBasisCode = "osl_10_27"
)

// Valid reports whether c has the syntax of a legal-basis code. Whether a
// policy knows it is Policy.LegalBasis's question.
func (c LegalBasisCode) Valid() bool { return isCodeSyntax(string(c)) }

// String returns the code.
func (c LegalBasisCode) String() string { return string(c) }

// MarshalText implements encoding.TextMarshaler; an empty code is written as "".
func (c LegalBasisCode) MarshalText() ([]byte, error) {
	if c != "" && !c.Valid() {
		return nil, malformedCode("legal basis code", string(c))
	}
	return []byte(c), nil
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting malformed codes.
func (c *LegalBasisCode) UnmarshalText(b []byte) error {
	if len(b) > 0 && !isCodeSyntax(string(b)) {
		return malformedCode("legal basis code", string(b))
	}
	*c = LegalBasisCode(b)
	return nil
}

// malformedCode reports a code that breaks the code syntax; it matches ErrInvalid.
// Codes are not personal data; the code is quoted, cut to maxCodeLen bytes.
func malformedCode(vocabulary, s string) error {
	if len(s) > maxCodeLen {
		s = s[:maxCodeLen] + "..."
	}
	return fmt.Errorf("%s: malformed code %s: %w", vocabulary, strconv.Quote(s), ErrInvalid)
}

// LegalBasis is one legal basis for disclosure without consent, as data: which
// agencies may disclose on it to which, about a child of which ages, and whether
// the person disclosing must record a reason. Lists of agencies are explicit:
// an empty list allows no agency.
type LegalBasis struct {
	// Code identifies the basis.
	Code LegalBasisCode `json:"code"`
	// Reference is the provision in words ("OSL 10 kap. 18 a §").
	Reference string `json:"reference"`
	// Swedish describes the basis in Swedish.
	Swedish string `json:"swedish"`
	// English describes the basis in English.
	English string `json:"english"`
	// From lists the agencies that may disclose on this basis.
	From []Agency `json:"from"`
	// To lists the agencies that may receive on this basis.
	To []Agency `json:"to"`
	// Ages limits the child's age (in whole years, on the day of the
	// disclosure); MaxAge < 0 means no upper limit.
	Ages AgeBand `json:"ages"`
	// RequiresReason says that the person disclosing must record a reason.
	RequiresReason bool `json:"requiresReason"`
	// WithdrawalBlocks says that a withdrawn consent covering the same
	// disclosure stops this basis from being used. False for every basis of
	// DefaultPolicy (a legal basis does not rest on consent); a municipality may
	// set it on a local basis. It is ignored for BasisOrosanmalan: a concern
	// report is never blocked by withdrawn consent.
	WithdrawalBlocks bool `json:"withdrawalBlocks"`
}

// allAgencies returns a fresh list of every agency.
func allAgencies() []Agency { return Agencies() }

// DefaultLegalBases returns the legal bases of DOMAIN.md, as DefaultPolicy holds
// them. Every one requires a recorded reason and none gives way to a withdrawn
// consent.
//
// (verify) The agencies and ages follow DOMAIN.md: OSL 10:21 names police "or
// prosecutor", and the library has no prosecutor agency, so the police stand for
// both; whether the general clause (OSL 10:27) reaches school and psychosocial
// elevhälsa information (OSL 23 kap.) is to be verified, so they are listed and
// a municipality may remove them. Health care and social services are refused
// the general clause in code, not only in this data.
func DefaultLegalBases() []LegalBasis {
	under18 := AgeBand{MinAge: 0, MaxAge: 17}
	anyAge := AgeBand{MinAge: 0, MaxAge: -1}
	health := []Agency{HalsoSjukvard, ElevhalsaMedicinsk}
	return []LegalBasis{
		{
			Code: BasisOrosanmalan, Reference: "OSL 10 kap. 28 §; SoL (2025:400) 19 kap. 1 §",
			Swedish: "Orosanmälan till socialtjänsten", English: "Concern report to social services",
			From: allAgencies(), To: []Agency{Socialtjanst}, Ages: under18, RequiresReason: true,
		},
		{
			Code: BasisHalsoTillSocial, Reference: "OSL 25 kap. 12 §",
			Swedish: "Från hälso- och sjukvård till socialtjänst när barnet behöver nödvändig vård eller stöd",
			English: "Health care to social services when the child needs necessary care or support",
			From:    append([]Agency(nil), health...), To: []Agency{Socialtjanst}, Ages: under18, RequiresReason: true,
		},
		{
			Code: BasisSocialTillHalso, Reference: "OSL 26 kap. 9 §",
			Swedish: "Från socialtjänst till hälso- och sjukvård när barnet behöver nödvändig vård eller stöd",
			English: "Social services to health care when the child needs necessary care or support",
			From:    []Agency{Socialtjanst}, To: append([]Agency(nil), health...), Ages: under18, RequiresReason: true,
		},
		{
			Code: BasisUngaUnder21, Reference: "OSL 10 kap. 18 a §",
			Swedish: "Från socialtjänst till polis om en person under 21 år som riskerar att begå brott",
			English: "Social services to the police about a person under 21 at concrete risk of crime",
			From:    []Agency{Socialtjanst}, To: []Agency{Polis}, Ages: AgeBand{MinAge: 0, MaxAge: 20}, RequiresReason: true,
		},
		{
			Code: BasisBrottMotBarn, Reference: "OSL 10 kap. 21 §",
			Swedish: "Från hälso- och sjukvård eller socialtjänst till polis vid misstänkt brott mot barn",
			English: "Health care or social services to the police on a suspected crime against a child",
			From:    []Agency{HalsoSjukvard, ElevhalsaMedicinsk, Socialtjanst}, To: []Agency{Polis}, Ages: under18, RequiresReason: true,
		},
		{
			Code: BasisAkutFara, Reference: "OSL 10 kap. 20 §",
			Swedish: "Från socialtjänst till polis vid akut fara",
			English: "Social services to the police on an immediate risk",
			From:    []Agency{Socialtjanst}, To: []Agency{Polis}, Ages: anyAge, RequiresReason: true,
		},
		{
			Code: BasisUppgiftsskyldighet, Reference: "OSL 10 kap. 28 §",
			Swedish: "Uppgiftsskyldighet enligt lag eller förordning",
			English: "Duty to provide information by law",
			From:    allAgencies(), To: allAgencies(), Ages: anyAge, RequiresReason: true,
		},
		{
			Code: BasisGeneralklausul, Reference: "OSL 10 kap. 27 §",
			Swedish: "Generalklausulen: intresset av att uppgiften lämnas har företräde framför sekretessen",
			English: "The general clause: the interest in disclosure clearly outweighs secrecy",
			From:    []Agency{Forskola, Skola, ElevhalsaPsykosocial, Polis}, To: allAgencies(), Ages: anyAge, RequiresReason: true,
		},
	}
}

// generalClauseRefused reports whether the general clause is closed to from.
func generalClauseRefused(from Agency) bool { return from.IsHealthCare() || from == Socialtjanst }

func hasAgency(list []Agency, a Agency) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// fit reports why b does not fit a disclosure from one agency to another about a
// child of the given age, or reasonNone when it fits. The reason is checked
// apart (see RequiresReason).
func (b *LegalBasis) fit(from, to Agency, age int) Reason {
	switch {
	case b.Code == BasisGeneralklausul && generalClauseRefused(from):
		return ReasonGeneralClauseRefused
	case from == to:
		return ReasonRecipientSameDomain
	case !hasAgency(b.From, from):
		return ReasonBasisWrongFrom
	case !hasAgency(b.To, to):
		return ReasonBasisWrongTo
	case !b.Ages.Contains(age):
		return ReasonBasisAge
	}
	return reasonNone
}

// ErrBasisMismatch is matched (with errors.Is) by every *BasisError: a
// disclosure's basis does not fit it.
var ErrBasisMismatch = errors.New("basis does not fit the disclosure")

// BasisError reports that the basis recorded for a disclosure (a legal basis or
// a consent) does not fit it: the agencies, the child's age, a missing reason,
// a consent that does not cover it. It names the basis and the rule, never
// personal data. It matches ErrBasisMismatch and ErrInvalid with errors.Is.
type BasisError struct {
	// LegalBasis is the legal basis checked, if any.
	LegalBasis LegalBasisCode
	// ConsentID is the consent checked, if any.
	ConsentID ID[Consent]
	// Reason is the rule broken, with its Swedish and English text.
	Reason Reason
}

// Error implements error.
func (e *BasisError) Error() string {
	s := "disclosure basis"
	switch {
	case e.LegalBasis != "":
		s += " " + string(e.LegalBasis)
	case !e.ConsentID.IsZero():
		s += " consent " + e.ConsentID.String()
	}
	return s + " does not fit: " + e.Reason.English() + " (rule " + e.Reason.Code() + ")"
}

// Unwrap returns ErrBasisMismatch and ErrInvalid.
func (e *BasisError) Unwrap() []error { return []error{ErrBasisMismatch, ErrInvalid} }

// CheckLegalBasis checks that the legal basis code fits a disclosure from one
// agency to another about a child of the given age (in whole years on the day
// of the disclosure), with or without a recorded reason. It returns nil or a
// *BasisError naming the rule broken: basis_unknown, general_clause_refused,
// recipient_same_domain, basis_wrong_from, basis_wrong_to, basis_age or
// basis_reason_missing.
func (p *Policy) CheckLegalBasis(code LegalBasisCode, from, to Agency, age int, reasonRecorded bool) error {
	r := p.legalBasisFit(code, from, to, age, reasonRecorded)
	if r == reasonNone {
		return nil
	}
	return &BasisError{LegalBasis: code, Reason: r}
}

func (p *Policy) legalBasisFit(code LegalBasisCode, from, to Agency, age int, reasonRecorded bool) Reason {
	b := p.LegalBasis(code)
	if b == nil {
		return ReasonBasisUnknown
	}
	if r := b.fit(from, to, age); r != reasonNone {
		return r
	}
	if b.RequiresReason && !reasonRecorded {
		return ReasonBasisReasonMissing
	}
	return reasonNone
}

// LegalBasis returns the policy's legal basis with the code, or nil.
func (p *Policy) LegalBasis(code LegalBasisCode) *LegalBasis {
	if code == "" {
		return nil
	}
	for i := range p.LegalBases {
		if p.LegalBases[i].Code == code {
			return &p.LegalBases[i]
		}
	}
	return nil
}

// validate checks one basis on its own, and the rules the law fixes for the
// bases of DOMAIN.md whatever a policy says.
func (b *LegalBasis) validate(ve *ValidationError, prefix string) {
	if !b.Code.Valid() {
		ve.Add(prefix+".code", "code", "a code of a-z, 0-9 and '_' starting with a letter")
	}
	if b.Reference == "" {
		ve.Add(prefix+".reference", "required", "a value is required")
	}
	if len(b.From) == 0 {
		ve.Add(prefix+".from", "required", "at least one disclosing agency")
	}
	if len(b.To) == 0 {
		ve.Add(prefix+".to", "required", "at least one receiving agency")
	}
	checkAgencies(ve, prefix+".from", b.From)
	checkAgencies(ve, prefix+".to", b.To)
	if b.Ages.MinAge < 0 || (b.Ages.MaxAge >= 0 && b.Ages.MaxAge < b.Ages.MinAge) {
		ve.Add(prefix+".ages", "age_band", "minAge at least 0 and maxAge at least minAge (or negative for none)")
	}
	switch b.Code {
	case BasisGeneralklausul:
		for i, a := range b.From {
			if generalClauseRefused(a) {
				ve.Add(prefix+".from["+strconv.Itoa(i)+"]", "general_clause_refused", "the general clause is not available from health care or social services")
			}
		}
	case BasisOrosanmalan:
		if len(b.To) != 1 || b.To[0] != Socialtjanst {
			ve.Add(prefix+".to", "concern_report", "a concern report goes to social services only")
		}
		if b.WithdrawalBlocks {
			ve.Add(prefix+".withdrawalBlocks", "concern_report", "a concern report is never blocked by withdrawn consent")
		}
	}
}

func checkAgencies(ve *ValidationError, path string, as []Agency) {
	for i, a := range as {
		if !a.Valid() {
			ve.Add(path+"["+strconv.Itoa(i)+"]", "code", "not a known code")
		}
		for j := 0; j < i; j++ {
			if as[j] == a {
				ve.Add(path+"["+strconv.Itoa(i)+"]", "duplicate", "listed twice")
			}
		}
	}
}
