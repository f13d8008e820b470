package roles

import (
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
	Custodies           []Custody
	Guardians           []Guardian
	Assignments         []Assignment
	Consents            []Consent
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
// marked withdrawn without a withdrawal counts as withdrawn from the start, and
// a period without an end where one is needed never holds.
type Facts struct {
	child          ID[Child]
	birth          Date
	childProtected bool
	anyProtected   bool // the child or a guardian with custody at any time
	custodies      []custodyFact
	harms          []harmFact
	maturity       []maturityFact // by period start
	roles          []roleFact
	consents       []consentFact
	disclosures    []disclosureFact
	cats           []Category     // backing store of consentFact.cats and disclosureFact.cats
	givers         []ConsentGiver // backing store of consentFact.givers
}

type custodyFact struct {
	guardian ID[Guardian]
	period   Period
}

type harmFact struct {
	guardian ID[Guardian]
	period   Period
}

type maturityFact struct {
	band   ConsentBand
	period Period
}

type roleFact struct {
	holder uuid.UUID
	agency Agency
	role   Role
	period Period
}

type consentFact struct {
	id          ID[Consent]
	from        Agency
	to          uint16 // agencyBit set
	purpose     Purpose
	validFrom   time.Time
	validUntil  time.Time
	withdrawn   bool
	withdrawnAt time.Time
	cats        []Category
	givers      []ConsentGiver
}

type disclosureFact struct {
	basis     LegalBasisCode
	from, to  Agency
	recipient Party
	decidedAt time.Time
	age       int // the child's age on the day of the disclosure
	reason    bool
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
	if child == nil || child.ID.IsZero() || !child.Personnummer.Valid() {
		return nil, &ValidationError{Subject: "facts", Problems: []Problem{{Path: "child", Rule: "required", Detail: "a child with an ID and a personnummer"}}}
	}
	f := &Facts{
		child:          child.ID,
		birth:          child.BirthDate(),
		childProtected: child.Protection.Protected() || !child.Protection.Valid(),
	}
	f.anyProtected = f.childProtected

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
	f.cats = make([]Category, 0, nCats)
	f.givers = make([]ConsentGiver, 0, nGivers)

	for i := range r.Custodies {
		c := &r.Custodies[i]
		if c.ChildID != child.ID {
			continue
		}
		f.custodies = append(f.custodies, custodyFact{guardian: c.GuardianID, period: c.Period})
		for j := range r.Guardians {
			g := &r.Guardians[j]
			if g.ID == c.GuardianID && (g.Protection.Protected() || !g.Protection.Valid()) {
				f.anyProtected = true
			}
		}
	}
	for i := range r.HarmExceptions {
		h := &r.HarmExceptions[i]
		if h.ChildID == child.ID {
			f.harms = append(f.harms, harmFact{guardian: h.GuardianID, period: h.Period})
		}
	}
	for i := range r.MaturityAssessments {
		m := &r.MaturityAssessments[i]
		if m.ChildID == child.ID && m.Band.Valid() {
			f.maturity = append(f.maturity, maturityFact{band: m.Band, period: m.Period})
		}
	}
	if len(f.maturity) > 1 {
		sort.SliceStable(f.maturity, func(a, b int) bool {
			return f.maturity[a].period.Start.Before(f.maturity[b].period.Start)
		})
	}
	for i := range r.Assignments {
		a := &r.Assignments[i]
		if a.ChildID != child.ID || !a.Role.IsProfessional() || a.Holder.Kind != PartyProfessional {
			continue
		}
		f.roles = append(f.roles, roleFact{holder: a.Holder.ID, agency: a.Agency, role: a.Role, period: a.Period})
	}
	for i := range r.Consents {
		c := &r.Consents[i]
		if c.ChildID != child.ID || !c.Status.Valid() {
			continue
		}
		cf := consentFact{
			id: c.ID, from: c.DisclosingAgency, purpose: c.Purpose,
			validFrom: c.ValidFrom, validUntil: c.ValidUntil,
		}
		for _, a := range c.ReceivingAgencies {
			cf.to |= agencyBit(a)
		}
		cf.to &^= agencyBit(c.DisclosingAgency)
		if c.Withdrawal != nil {
			cf.withdrawn, cf.withdrawnAt = true, c.Withdrawal.At
		} else if c.Status == ConsentAterkallad {
			cf.withdrawn = true // withdrawn, but not recorded when: from the start
		}
		n := len(f.cats)
		f.cats = append(f.cats, c.Categories...)
		cf.cats = f.cats[n:len(f.cats):len(f.cats)]
		n = len(f.givers)
		f.givers = append(f.givers, c.Givers...)
		cf.givers = f.givers[n:len(f.givers):len(f.givers)]
		f.consents = append(f.consents, cf)
	}
	for i := range r.Disclosures {
		d := &r.Disclosures[i]
		if d.ChildID != child.ID || d.Outcome != Utlamnad || d.Basis.Kind != BasisLegal {
			continue
		}
		df := disclosureFact{
			basis: d.Basis.LegalBasis, from: d.From, to: d.To, recipient: d.Recipient,
			decidedAt: d.DecidedAt, age: f.ageAt(d.DecidedAt), reason: d.Reason != "",
		}
		n := len(f.cats)
		f.cats = append(f.cats, d.Categories...)
		df.cats = f.cats[n:len(f.cats):len(f.cats)]
		f.disclosures = append(f.disclosures, df)
	}
	return f, nil
}

// Child returns the ID of the child the facts are about.
func (f *Facts) Child() ID[Child] { return f.child }

// Protected reports whether the child, or a guardian who has or had custody,
// has a protected identity.
func (f *Facts) Protected() bool { return f.anyProtected }

// ageAt returns the child's age in whole years on the Swedish date of t.
func (f *Facts) ageAt(t time.Time) int { return f.birth.YearsUntil(DateOf(t)) }

// harmAt reports whether a significant-harm exception leaves guardian out at t.
func (f *Facts) harmAt(g ID[Guardian], t time.Time) bool {
	for i := range f.harms {
		if f.harms[i].guardian == g && f.harms[i].period.Contains(t) {
			return true
		}
	}
	return false
}

// custodyAt reports whether guardian has custody at t.
func (f *Facts) custodyAt(g ID[Guardian], t time.Time) bool {
	for i := range f.custodies {
		if f.custodies[i].guardian == g && f.custodies[i].period.Contains(t) {
			return true
		}
	}
	return false
}

// bandAt returns the consent band at t: the latest-started maturity assessment
// in force, or else the policy's band for age.
func (f *Facts) bandAt(t time.Time, age int, p *Policy) (band ConsentBand, byMaturity, ok bool) {
	for i := len(f.maturity) - 1; i >= 0; i-- {
		if f.maturity[i].period.Contains(t) {
			return f.maturity[i].band, true, true
		}
	}
	band, ok = p.ConsentBandFor(age)
	return band, false, ok
}

// roleAt returns the reason an active professional role gives holder for the
// child in agency at t: ReasonSameDomainRole for a personal role (Barnkontakt,
// Stödsamordnare, Upptäckare), ReasonChildTeamMember for team membership, or
// reasonNone.
func (f *Facts) roleAt(holder uuid.UUID, agency Agency, t time.Time) Reason {
	r := reasonNone
	for i := range f.roles {
		x := &f.roles[i]
		if x.holder != holder || x.agency != agency || !x.period.Contains(t) {
			continue
		}
		if x.role == BarnetsTeam || x.role == Barnteam {
			r = ReasonChildTeamMember
			continue
		}
		return ReasonSameDomainRole
	}
	return r
}

// given reports whether p gave consent c at or before t.
func (c *consentFact) given(p Party, t time.Time) bool {
	for i := range c.givers {
		g := &c.givers[i]
		if g.Party == p && !g.GivenAt.IsZero() && !g.GivenAt.After(t) {
			return true
		}
	}
	return false
}

// completeness reports why c is not complete at t (up to two reasons), or
// reasonNone when everyone needed gave it by t.
func (f *Facts) completeness(c *consentFact, t time.Time, band ConsentBand, bandOK bool) (Reason, Reason) {
	if !bandOK {
		return ReasonConsentNoAuthority, reasonNone
	}
	var r1, r2 Reason
	needed := 0
	if band.Guardians() {
		custodians := 0
		for i := range f.custodies {
			cu := &f.custodies[i]
			if !cu.period.Contains(t) {
				continue
			}
			custodians++
			if f.harmAt(cu.guardian, t) {
				continue
			}
			needed++
			if !c.given(Party{Kind: PartyGuardian, ID: uuid.UUID(cu.guardian)}, t) {
				r1 = ReasonConsentGuardianMissing
			}
		}
		if custodians == 0 {
			return ReasonConsentNoAuthority, reasonNone
		}
	}
	if band.Child() {
		needed++
		if !c.given(Party{Kind: PartyChild, ID: uuid.UUID(f.child)}, t) {
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
	band, byMaturity, ok := f.bandAt(t, age, p)
	a := Authority{Age: age, ByMaturity: byMaturity}
	if !ok {
		return a
	}
	a.Band = band
	a.Child = band.Child()
	for i := range f.custodies {
		cu := &f.custodies[i]
		if !cu.period.Contains(t) {
			continue
		}
		switch {
		case f.harmAt(cu.guardian, t):
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
