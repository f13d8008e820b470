package roles

import (
	"math"
	"sort"
	"time"

	"github.com/google/uuid"
)

// Records are the stored records about one child that Decide reasons over:
// custody, the guardians (for their protection levels), role assignments,
// consents, recorded disclosures, maturity assessments and significant-harm
// exceptions. Records of other children are ignored, so a caller may pass
// wider slices.
type Records struct {
	Custodies []Custody
	// Guardians give the protection levels: a guardian with custody whose
	// record is missing here counts as protected.
	Guardians   []Guardian
	Assignments []Assignment
	Consents    []Consent
	// Disclosures: only those disclosed on a legal basis open anything (see Decide).
	Disclosures         []Disclosure
	MaturityAssessments []MaturityAssessment
	HarmExceptions      []HarmException
}

// Facts is the index over one child's records that Decide reads: built once per
// child with NewFacts (in microseconds), then asked any number of times without
// allocating. A Facts is immutable and safe for concurrent use; it holds copies,
// so later changes to the records do not reach it: build a new one after a change.
//
// NewFacts does not validate the records (run their Validate methods when
// storing them). Facts are built so that a malformed record can only make
// Decide deny, never allow: a consent with an unknown status never counts, one
// marked withdrawn without a withdrawal counts as withdrawn from the start, a
// consent without an end never holds, and a period without a start never holds.
//
// The common case (up to 3 custodies, 6 role assignments, and a consent with
// up to 4 givers and 8 categories) fits in the Facts value itself, so that
// building it is one allocation and Decide reads one compact block of memory.
type Facts struct {
	// The fields are laid out in the order Decide reads them, so that a
	// request touches as few cache lines as it can: the child and the roles
	// (every professional's request), then consents, custody and givers.
	child          ID[Child]
	birthNs        int64 // the first instant of the birth date in Swedish time
	childProtected bool
	anyProtected   bool // the child or a guardian who has or had custody
	hasHarms       bool // so that the rare lists are read only when they hold something
	hasMaturity    bool
	hasDisclosures bool
	roles          []roleFact
	consents       []consentFact
	roleBuf        [6]roleFact

	cats       []Category // backing store of consentFact.cats and disclosureFact.cats
	consentBuf [1]consentFact
	catBuf     [8]Category
	custodies  []custodyFact
	custodyBuf [3]custodyFact
	givers     []giverFact // backing store of consentFact.givers
	giverBuf   [4]giverFact

	birth       Date
	harms       []harmFact
	maturity    []maturityFact // by start
	disclosures []disclosureFact
}

// span is a half-open interval [from, to) of Unix nanoseconds.
type span struct{ from, to int64 }

func (s span) has(t int64) bool { return s.from <= t && t < s.to }

// nanos returns t in Unix nanoseconds, clamped to the int64 range; ifZero
// stands for the zero time.
func nanos(t time.Time, ifZero int64) int64 {
	if t.IsZero() {
		return ifZero
	}
	const limit = math.MaxInt64 / int64(time.Second)
	switch s := t.Unix(); {
	case s >= limit:
		return math.MaxInt64
	case s <= -limit:
		return math.MinInt64
	}
	return t.UnixNano()
}

// spanOf converts a Period: a period without a start never holds, one without
// an end holds for ever.
func spanOf(p Period) span {
	return span{from: nanos(p.Start, math.MaxInt64), to: nanos(p.End, math.MaxInt64)}
}

type custodyFact struct {
	guardian ID[Guardian]
	span     span
}

type harmFact struct {
	guardian ID[Guardian]
	span     span
}

type maturityFact struct {
	band ConsentBand
	span span
}

type roleFact struct {
	holder uuid.UUID
	span   span
	agency uint16 // agencyBit
	team   bool   // Barnteam or the child's own team
}

type giverFact struct {
	party   uuid.UUID
	child   bool // the giver is the child (else a guardian)
	givenAt int64
}

type consentFact struct {
	id          ID[Consent]
	from, to    uint16 // agencyBit, and the set of receiving agencies
	purpose     Purpose
	valid       span
	withdrawnAt int64 // MaxInt64 when not withdrawn
	vf          civil // the start on the Swedish calendar
	cats        []Category
	givers      []giverFact
}

type disclosureFact struct {
	basis     LegalBasisCode
	from, to  uint16 // agencyBit
	reason    bool
	age       int // the child's age on the day of the disclosure
	decidedAt int64
	recipient uuid.UUID // a named receiving professional, or zero
	cats      []Category
}

// agencyBit returns a bit for each agency (0 for none).
func agencyBit(a Agency) uint16 {
	switch a {
	case Forskola:
		return 1 << 0
	case Skola:
		return 1 << 1
	case ElevhalsaPsykosocial:
		return 1 << 2
	case ElevhalsaMedicinsk:
		return 1 << 3
	case Socialtjanst:
		return 1 << 4
	case HalsoSjukvard:
		return 1 << 5
	case Polis:
		return 1 << 6
	}
	return 0
}

// NewFacts indexes the records about child for Decide. It returns an error
// matching ErrInvalid when the child has no ID or no valid personnummer (the
// age, and so whose consent is needed, cannot be known without it).
func NewFacts(child *Child, r Records) (*Facts, error) {
	f := new(Facts)
	if err := f.Reset(child, r); err != nil {
		return nil, err
	}
	return f, nil
}

// Reset makes f the index over child's records, as NewFacts would build it,
// in f's own memory: for a caller that builds facts for request after
// request and keeps one Facts to build them in. Reset changes f, so the
// caller must own it: no other goroutine may use f meanwhile, and an error
// leaves f empty (Decide denies every request on it).
func (f *Facts) Reset(child *Child, r Records) error {
	harms, maturity, disclosures := f.harms[:0], f.maturity[:0], f.disclosures[:0]
	*f = Facts{}
	if child == nil || child.ID.IsZero() || !child.Personnummer.Valid() {
		return &ValidationError{Subject: "facts", Problems: []Problem{{Path: "child", Rule: "required", Detail: "a child with an ID and a personnummer"}}}
	}
	*f = Facts{
		child:          child.ID,
		birth:          child.BirthDate(),
		childProtected: child.Protection != Oskyddad,
		harms:          harms,
		maturity:       maturity,
		disclosures:    disclosures,
	}
	f.anyProtected = f.childProtected
	f.birthNs = nanos(f.birth.Start(), math.MinInt64)
	f.custodies = f.custodyBuf[:0]
	f.roles = f.roleBuf[:0]
	f.consents = f.consentBuf[:0]
	f.givers = f.giverBuf[:0]
	f.cats = f.catBuf[:0]

	// Size the shared backing stores once, so that sub-slices stay valid.
	nCats, nGivers := 0, 0
	for i := range r.Consents {
		if r.Consents[i].ChildID == child.ID {
			nCats += len(r.Consents[i].Categories)
			nGivers += len(r.Consents[i].Givers)
		}
	}
	for i := range r.Disclosures {
		if r.Disclosures[i].ChildID == child.ID {
			nCats += len(r.Disclosures[i].Categories)
		}
	}
	if nCats > len(f.catBuf) {
		f.cats = make([]Category, 0, nCats)
	}
	if nGivers > len(f.giverBuf) {
		f.givers = make([]giverFact, 0, nGivers)
	}

	for i := range r.Custodies {
		c := &r.Custodies[i]
		if c.ChildID != child.ID {
			continue
		}
		f.custodies = append(f.custodies, custodyFact{guardian: c.GuardianID, span: spanOf(c.Period)})
		known := false
		for j := range r.Guardians {
			if g := &r.Guardians[j]; g.ID == c.GuardianID && g.Protection == Oskyddad {
				known = true
			}
		}
		if !known {
			f.anyProtected = true // protected, or not known to be unprotected
		}
	}
	for i := range r.HarmExceptions {
		if h := &r.HarmExceptions[i]; h.ChildID == child.ID {
			f.harms = append(f.harms, harmFact{guardian: h.GuardianID, span: spanOf(h.Period)})
		}
	}
	for i := range r.MaturityAssessments {
		if m := &r.MaturityAssessments[i]; m.ChildID == child.ID && m.Band.Valid() {
			f.maturity = append(f.maturity, maturityFact{band: m.Band, span: spanOf(m.Period)})
		}
	}
	if len(f.maturity) > 1 {
		sort.SliceStable(f.maturity, func(a, b int) bool { return f.maturity[a].span.from < f.maturity[b].span.from })
	}
	for i := range r.Assignments {
		a := &r.Assignments[i]
		if a.ChildID != child.ID || !a.Role.IsProfessional() || a.Holder.Kind != PartyProfessional {
			continue
		}
		f.roles = append(f.roles, roleFact{
			holder: a.Holder.ID, span: spanOf(a.Period), agency: agencyBit(a.Agency),
			team: a.Role == BarnetsTeam || a.Role == Barnteam,
		})
	}
	for i := range r.Consents {
		c := &r.Consents[i]
		if c.ChildID != child.ID || !c.Status.Valid() {
			continue
		}
		cf := consentFact{
			id: c.ID, from: agencyBit(c.DisclosingAgency), purpose: c.Purpose,
			valid:       span{from: nanos(c.ValidFrom, math.MaxInt64), to: nanos(c.ValidUntil, math.MinInt64)},
			withdrawnAt: math.MaxInt64,
			vf:          civilOf(c.ValidFrom),
		}
		for _, a := range c.ReceivingAgencies {
			cf.to |= agencyBit(a)
		}
		cf.to &^= cf.from
		if c.Withdrawal != nil {
			cf.withdrawnAt = nanos(c.Withdrawal.At, math.MinInt64)
		} else if c.Status == ConsentAterkallad {
			cf.withdrawnAt = math.MinInt64 // withdrawn, but not recorded when: from the start
		}
		n := len(f.cats)
		f.cats = append(f.cats, c.Categories...)
		cf.cats = f.cats[n:len(f.cats):len(f.cats)]
		n = len(f.givers)
		for _, g := range c.Givers {
			if g.Party.Kind != PartyGuardian && g.Party.Kind != PartyChild {
				continue
			}
			f.givers = append(f.givers, giverFact{
				party: g.Party.ID, child: g.Party.Kind == PartyChild, givenAt: nanos(g.GivenAt, math.MaxInt64),
			})
		}
		cf.givers = f.givers[n:len(f.givers):len(f.givers)]
		f.consents = append(f.consents, cf)
	}
	for i := range r.Disclosures {
		d := &r.Disclosures[i]
		if d.ChildID != child.ID || d.Outcome != Utlamnad || d.Basis.Kind != BasisLegal {
			continue
		}
		df := disclosureFact{
			basis: d.Basis.LegalBasis, from: agencyBit(d.From), to: agencyBit(d.To), reason: d.Reason != "",
			age: f.ageAt(d.DecidedAt), decidedAt: nanos(d.DecidedAt, math.MaxInt64),
		}
		if d.Recipient.Kind == PartyProfessional {
			df.recipient = d.Recipient.ID
		}
		n := len(f.cats)
		f.cats = append(f.cats, d.Categories...)
		df.cats = f.cats[n:len(f.cats):len(f.cats)]
		f.disclosures = append(f.disclosures, df)
	}
	f.hasHarms, f.hasMaturity, f.hasDisclosures = len(f.harms) > 0, len(f.maturity) > 0, len(f.disclosures) > 0
	return nil
}

// Child returns the ID of the child the facts are about.
func (f *Facts) Child() ID[Child] { return f.child }

// Protected reports whether the child, or a guardian who has or had custody,
// has a protected identity. A protection level that is not set, and a guardian
// with custody whose record is not among Records.Guardians, count as protected.
func (f *Facts) Protected() bool { return f.anyProtected }

// ageAt returns the child's age in whole years on the Swedish date of t.
func (f *Facts) ageAt(t time.Time) int { return f.birth.YearsUntil(civilOf(t).date) }

const (
	nsPerDay  = int64(24 * time.Hour)
	nsPerYear = 31556952 * int64(time.Second) // the mean Gregorian year, 365.2425 days
)

// quickAge returns the child's age at t (Unix nanoseconds) without the
// calendar when it can: the k-th birthday falls within two and a half days of
// k mean years after birth (leap days, a birthday on 29 February kept on 28
// February, an hour of summer time), so an age more than three days from a
// birthday follows from the instants alone. Nearer a birthday, or before
// birth, it reports false and the calendar must answer.
func (f *Facts) quickAge(t int64) (int, bool) {
	if d := t - f.birthNs; d >= 0 && f.birthNs != math.MinInt64 {
		a := d / nsPerYear
		if rem := d - a*nsPerYear; rem > 3*nsPerDay && nsPerYear-rem > 3*nsPerDay {
			return int(a), true
		}
	}
	return 0, false
}

// harmAt reports whether a significant-harm exception leaves guardian out at t.
func (f *Facts) harmAt(g ID[Guardian], t int64) bool {
	if !f.hasHarms {
		return false
	}
	for i := range f.harms {
		if f.harms[i].guardian == g && f.harms[i].span.has(t) {
			return true
		}
	}
	return false
}

// custodyAt reports whether guardian has custody at t.
func (f *Facts) custodyAt(g ID[Guardian], t int64) bool {
	for i := range f.custodies {
		if f.custodies[i].guardian == g && f.custodies[i].span.has(t) {
			return true
		}
	}
	return false
}

// bandAt returns the consent band at t for a child of the given age: the
// latest-started maturity assessment in force, or else the policy's band.
func (f *Facts) bandAt(t int64, age int, p *Policy) (band ConsentBand, byMaturity, ok bool) {
	if f.hasMaturity {
		for i := len(f.maturity) - 1; i >= 0; i-- {
			if f.maturity[i].span.has(t) {
				return f.maturity[i].band, true, true
			}
		}
	}
	band, ok = p.ConsentBandFor(age)
	return band, false, ok
}

// roleAt returns the reason an active professional role gives holder for the
// child in agency (an agencyBit) at t: ReasonSameDomainRole for a personal role
// (Barnkontakt, Stödsamordnare, Upptäckare), ReasonChildTeamMember for team
// membership, or reasonNone.
func (f *Facts) roleAt(holder uuid.UUID, agency uint16, t int64) Reason {
	r := reasonNone
	for i := range f.roles {
		x := &f.roles[i]
		if x.holder != holder || x.agency != agency || agency == 0 || !x.span.has(t) {
			continue
		}
		if !x.team {
			return ReasonSameDomainRole
		}
		r = ReasonChildTeamMember
	}
	return r
}

// given reports whether the person gave consent c at or before t.
func (c *consentFact) given(id uuid.UUID, child bool, t int64) bool {
	for i := range c.givers {
		g := &c.givers[i]
		if g.party == id && g.child == child && g.givenAt <= t {
			return true
		}
	}
	return false
}

// completeness reports why c is not complete at t (up to two reasons), or
// reasonNone when everyone the band needs gave it by t.
func (f *Facts) completeness(c *consentFact, t int64, band ConsentBand, bandOK bool) (Reason, Reason) {
	if !bandOK {
		return ReasonConsentNoAuthority, reasonNone
	}
	var r1, r2 Reason
	needed := 0
	if band.Guardians() {
		custodians := 0
		for i := range f.custodies {
			cu := &f.custodies[i]
			if !cu.span.has(t) {
				continue
			}
			custodians++
			if f.harmAt(cu.guardian, t) {
				continue
			}
			needed++
			if !c.given(uuid.UUID(cu.guardian), false, t) {
				r1 = ReasonConsentGuardianMissing
			}
		}
		if custodians == 0 {
			return ReasonConsentNoAuthority, reasonNone
		}
	}
	if band.Child() {
		needed++
		if !c.given(uuid.UUID(f.child), true, t) {
			if r1 == reasonNone {
				r1 = ReasonConsentChildMissing
			} else {
				r2 = ReasonConsentChildMissing
			}
		}
	}
	if needed == 0 {
		return ReasonConsentNoAuthority, reasonNone
	}
	return r1, r2
}

// Authority returns whose consent a waiver of secrecy about the child needs at
// t under policy p (see Authority).
func (f *Facts) Authority(p *Policy, t time.Time) Authority {
	age := f.ageAt(t)
	tn := nanos(t, math.MinInt64)
	band, byMaturity, ok := f.bandAt(tn, age, p)
	a := Authority{Age: age, ByMaturity: byMaturity}
	if !ok {
		return a
	}
	a.Band = band
	a.Child = band.Child()
	for i := range f.custodies {
		cu := &f.custodies[i]
		if !cu.span.has(tn) {
			continue
		}
		switch {
		case f.harmAt(cu.guardian, tn):
			a.LeftOut = append(a.LeftOut, cu.guardian)
		case band.Guardians():
			a.Guardians = append(a.Guardians, cu.guardian)
		case p.InformGuardians:
			a.Inform = append(a.Inform, cu.guardian)
		}
	}
	return a
}

// consent returns the consent fact with the ID, or nil.
func (f *Facts) consent(id ID[Consent]) *consentFact {
	for i := range f.consents {
		if f.consents[i].id == id {
			return &f.consents[i]
		}
	}
	return nil
}
