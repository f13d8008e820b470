package roles

import "strconv"

// AgeBand is an inclusive range of ages in whole years. MaxAge < 0 means no upper bound.
type AgeBand struct {
	MinAge int `json:"minAge"`
	MaxAge int `json:"maxAge"`
}

// Contains reports whether age lies in the band.
func (b AgeBand) Contains(age int) bool {
	return age >= b.MinAge && (b.MaxAge < 0 || age <= b.MaxAge)
}

// BarnkontaktRule says which agencies may provide the Barnkontakt for children in an age band.
type BarnkontaktRule struct {
	Ages     AgeBand  `json:"ages"`
	Agencies []Agency `json:"agencies"`
}

// Policy holds the rules a municipality may tune, as data with documented
// defaults (see DefaultPolicy). The zero Policy allows nothing; start from
// DefaultPolicy and change what the municipality decided. A Policy is read,
// never changed, by Decide: share one value between goroutines only while
// nobody modifies it.
type Policy struct {
	// Barnkontakt lists, per age band, the agencies that may provide the
	// Barnkontakt. Default: hälso- och sjukvård (the BVC nurse) for ages 0–5,
	// förskola or skola (head or mentor) from 6. (verify) Dalsland's own
	// practice may differ; this is configuration, not code.
	Barnkontakt []BarnkontaktRule `json:"barnkontakt"`

	// ConsentBands says, per age band of the child (age in whole years on the
	// Swedish calendar date of the decision), whose consent a waiver of secrecy
	// needs. Default (DOMAIN.md): under 12 the guardians, 12 to 14 the
	// guardians and the child, from 15 the child alone. A recorded
	// MaturityAssessment moves a child to another band. Ages without a band
	// leave nobody able to consent.
	ConsentBands []ConsentBandRule `json:"consentBands"`

	// InformGuardians says that when the child consents alone (BandBarn), the
	// guardians are informed unless a significant-harm exception applies to
	// them (Authority.Inform lists them). Default true.
	InformGuardians bool `json:"informGuardians"`

	// MaxConsentMonths is the longest a consent may be valid, in calendar
	// months from its start on the Swedish calendar (the same day of the month
	// and time of day, or the month's last day when that day does not exist).
	// Default 12. A consent that claims longer is rejected by ValidateWith, and
	// Decide treats it as ended after this many months.
	MaxConsentMonths int `json:"maxConsentMonths"`

	// OwnAccess lists the categories that guardians with custody and the child
	// may read themselves. Default: the plan and the combined picture.
	OwnAccess []Category `json:"ownAccess"`

	// ReceiverRoleOptional lets a professional read another agency's
	// information on a consent or a legal basis without holding a role for the
	// child in their own agency. Default false: the reader needs an active role
	// for the child in their own agency (or to be named as the recipient of a
	// recorded disclosure). (design choice: DOMAIN.md asks for a role only
	// within one agency; need-to-know suggests it across agencies too.)
	ReceiverRoleOptional bool `json:"receiverRoleOptional"`

	// LegalBasisReadDays is how many days after a disclosure on a legal basis
	// the receiving agency may read the disclosed categories in the disclosing
	// agency's records. Default 30. (design choice: DOMAIN.md sets no window.)
	LegalBasisReadDays int `json:"legalBasisReadDays"`

	// LegalBases are the legal bases for disclosure without consent. Default:
	// DefaultLegalBases. A municipality may add bases as data.
	LegalBases []LegalBasis `json:"legalBases"`

	// Categories registers local information categories (codes starting with
	// LocalPrefix) with their labels. The built-in categories are always known.
	Categories []Term[Category] `json:"categories,omitempty"`

	// Purposes registers local purposes (codes starting with LocalPrefix) with
	// their labels. The built-in purposes are always known.
	Purposes []Term[Purpose] `json:"purposes,omitempty"`
}

// DefaultPolicy returns the defaults of DOMAIN.md.
func DefaultPolicy() Policy {
	return Policy{
		Barnkontakt: []BarnkontaktRule{
			{Ages: AgeBand{MinAge: 0, MaxAge: 5}, Agencies: []Agency{HalsoSjukvard}},
			{Ages: AgeBand{MinAge: 6, MaxAge: -1}, Agencies: []Agency{Forskola, Skola}},
		},
		ConsentBands: []ConsentBandRule{
			{Ages: AgeBand{MinAge: 0, MaxAge: 11}, Band: BandVardnadshavare},
			{Ages: AgeBand{MinAge: 12, MaxAge: 14}, Band: BandVardnadshavareOchBarn},
			{Ages: AgeBand{MinAge: 15, MaxAge: -1}, Band: BandBarn},
		},
		InformGuardians:    true,
		MaxConsentMonths:   12,
		OwnAccess:          []Category{CategoryPlan, CategoryHelhetsbild},
		LegalBasisReadDays: 30,
		LegalBases:         DefaultLegalBases(),
	}
}

// BarnkontaktEligible reports whether agency may provide the Barnkontakt for a
// child of the given age.
func (p *Policy) BarnkontaktEligible(agency Agency, age int) bool {
	for _, r := range p.Barnkontakt {
		if !r.Ages.Contains(age) {
			continue
		}
		for _, a := range r.Agencies {
			if a == agency {
				return true
			}
		}
	}
	return false
}

// ConsentBandFor returns the consent band for a child of the given age by age
// alone (see Facts.Authority for the band with a maturity assessment), and
// false when no band covers the age.
func (p *Policy) ConsentBandFor(age int) (ConsentBand, bool) {
	for i := range p.ConsentBands {
		if p.ConsentBands[i].Ages.Contains(age) {
			return p.ConsentBands[i].Band, true
		}
	}
	return "", false
}

// KnownCategory reports whether c is a built-in category or a local one
// registered in p.Categories.
func (p *Policy) KnownCategory(c Category) bool {
	if c.BuiltIn() {
		return true
	}
	for i := range p.Categories {
		if p.Categories[i].Code == c {
			return true
		}
	}
	return false
}

// KnownPurpose reports whether u is a built-in purpose or a local one
// registered in p.Purposes.
func (p *Policy) KnownPurpose(u Purpose) bool {
	if u.BuiltIn() {
		return true
	}
	for i := range p.Purposes {
		if p.Purposes[i].Code == u {
			return true
		}
	}
	return false
}

// CategoryTerm returns the labels of c: the built-in labels, or the local
// term registered in p.Categories, and false when p does not know c.
func (p *Policy) CategoryTerm(c Category) (Term[Category], bool) {
	if c.BuiltIn() {
		return Term[Category]{Code: c, Swedish: c.Label(), English: c.English()}, true
	}
	for _, t := range p.Categories {
		if t.Code == c {
			return t, true
		}
	}
	return Term[Category]{}, false
}

// PurposeTerm returns the labels of u, as CategoryTerm does for categories.
func (p *Policy) PurposeTerm(u Purpose) (Term[Purpose], bool) {
	if u.BuiltIn() {
		return Term[Purpose]{Code: u, Swedish: u.Label(), English: u.English()}, true
	}
	for _, t := range p.Purposes {
		if t.Code == u {
			return t, true
		}
	}
	return Term[Purpose]{}, false
}

func (p *Policy) ownAccess(c Category) bool {
	for _, x := range p.OwnAccess {
		if x == c {
			return true
		}
	}
	return false
}

// Validate checks the policy: consent bands that do not overlap, a positive
// longest consent validity, known own-access categories, well-formed legal
// bases with unique codes (and the rules the law fixes: the general clause is
// never available from health care or social services; the concern report is
// there, goes to social services and is never blocked by withdrawn consent), and local
// categories and purposes with LocalPrefix codes. It returns a
// *ValidationError or nil.
func (p *Policy) Validate() error {
	ve := &ValidationError{Subject: "policy"}
	for i, r := range p.Barnkontakt {
		checkAgencies(ve, "barnkontakt["+strconv.Itoa(i)+"].agencies", r.Agencies)
	}
	for i, r := range p.ConsentBands {
		path := "consentBands[" + strconv.Itoa(i) + "]"
		if !r.Band.Valid() {
			ve.Add(path+".band", "code", "not a known code")
		}
		if r.Ages.MinAge < 0 || (r.Ages.MaxAge >= 0 && r.Ages.MaxAge < r.Ages.MinAge) {
			ve.Add(path+".ages", "age_band", "minAge at least 0 and maxAge at least minAge (or negative for none)")
		}
		for j := 0; j < i; j++ {
			if bandsOverlap(p.ConsentBands[j].Ages, r.Ages) {
				ve.Add(path+".ages", "overlap", "two consent bands cover the same age")
			}
		}
	}
	if p.MaxConsentMonths < 1 {
		ve.Add("maxConsentMonths", "gte", "at least 1")
	}
	if p.LegalBasisReadDays < 0 {
		ve.Add("legalBasisReadDays", "gte", "at least 0")
	}
	for i, c := range p.OwnAccess {
		if !p.KnownCategory(c) {
			ve.Add("ownAccess["+strconv.Itoa(i)+"]", "code", "not a known category")
		}
	}
	for i := range p.LegalBases {
		path := "legalBases[" + strconv.Itoa(i) + "]"
		p.LegalBases[i].validate(ve, path)
		for j := 0; j < i; j++ {
			if p.LegalBases[j].Code == p.LegalBases[i].Code {
				ve.Add(path+".code", "duplicate", "two legal bases with the same code")
			}
		}
	}
	if p.LegalBasis(BasisOrosanmalan) == nil {
		ve.Add("legalBases", "concern_report", "the concern report (osl_10_28_orosanmalan) must be available: it is a duty by law and never blocked")
	}
	for i, t := range p.Categories {
		checkTerm(ve, "categories["+strconv.Itoa(i)+"]", string(t.Code), t.Swedish, t.English)
	}
	for i, t := range p.Purposes {
		checkTerm(ve, "purposes["+strconv.Itoa(i)+"]", string(t.Code), t.Swedish, t.English)
	}
	return ve.Err()
}

func bandsOverlap(a, b AgeBand) bool {
	aMax, bMax := a.MaxAge, b.MaxAge
	if aMax < 0 {
		aMax = int(^uint(0) >> 1)
	}
	if bMax < 0 {
		bMax = int(^uint(0) >> 1)
	}
	return a.MinAge <= bMax && b.MinAge <= aMax
}

func checkTerm(ve *ValidationError, path, code, sv, en string) {
	if !isLocalCode(code) {
		ve.Add(path+".code", "local_code", "a local code starts with "+LocalPrefix+" followed by a-z, 0-9 or '_'")
	}
	if sv == "" {
		ve.Add(path+".swedish", "required", "a value is required")
	}
	if en == "" {
		ve.Add(path+".english", "required", "a value is required")
	}
}
