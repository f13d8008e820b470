package roles

import (
	"math"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

// Action is what an actor wants to do with information.
type Action string

// The actions, in canonical order.
const (
	// Read: see the information.
	Read Action = "read"
	// Write: record or change information in the actor's own agency.
	Write Action = "write"
	// Disclose: hand the recording agency's information to another agency
	// (Request.Recipient).
	Disclose Action = "disclose"
)

var actions = []Action{Read, Write, Disclose}

// Actions returns every action in canonical order.
func Actions() []Action { return append([]Action(nil), actions...) }

// ParseAction returns the action with code s, or an error matching vocab.ErrUnknownCode.
func ParseAction(s string) (Action, error) { return vocab.Parse("action", s, actions) }

// Valid reports whether a is a known action.
func (a Action) Valid() bool { return a == Read || a == Write || a == Disclose }

// String returns the code.
func (a Action) String() string { return string(a) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (a Action) MarshalText() ([]byte, error) { return vocab.Marshal("action", a, actions) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (a *Action) UnmarshalText(b []byte) error { return vocab.Unmarshal("action", a, b, actions) }

// BasisKind says on what ground a Decision allows a request.
type BasisKind string

// The basis kinds, in canonical order.
const (
	// BasisSameDomain: the actor holds an active role for the child (or is in
	// the child's team) in the agency that recorded the information.
	BasisSameDomain BasisKind = "same_domain_role"
	// BasisConsent: a consent, by its ID.
	BasisConsent BasisKind = "consent"
	// BasisLegal: a legal basis for disclosure without consent, by its code.
	BasisLegal BasisKind = "legal_basis"
	// BasisOwnAccess: a guardian's or the child's own access to the plan and
	// the combined picture.
	BasisOwnAccess BasisKind = "own_access"
)

var basisKinds = []BasisKind{BasisSameDomain, BasisConsent, BasisLegal, BasisOwnAccess}

// BasisKinds returns every basis kind in canonical order.
func BasisKinds() []BasisKind { return append([]BasisKind(nil), basisKinds...) }

// ParseBasisKind returns the kind with code s, or an error matching vocab.ErrUnknownCode.
func ParseBasisKind(s string) (BasisKind, error) { return vocab.Parse("basis kind", s, basisKinds) }

// Valid reports whether k is a known kind.
func (k BasisKind) Valid() bool { return vocab.Valid(k, basisKinds) }

// String returns the code.
func (k BasisKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (k BasisKind) MarshalText() ([]byte, error) { return vocab.Marshal("basis kind", k, basisKinds) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (k *BasisKind) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("basis kind", k, b, basisKinds)
}

// Basis is the ground of a decision or a disclosure: its kind, and the consent
// or the legal basis it rests on.
type Basis struct {
	Kind BasisKind `json:"kind,omitempty"`
	// ConsentID is set for BasisConsent.
	ConsentID ID[Consent] `json:"consentId,omitzero"`
	// LegalBasis is set for BasisLegal.
	LegalBasis LegalBasisCode `json:"legalBasis,omitempty"`
}

// IsZero reports whether b is unset (a denial has no basis).
func (b Basis) IsZero() bool { return b == Basis{} }

// String returns "kind", "consent:<id>" or "legal_basis:<code>".
func (b Basis) String() string {
	switch b.Kind {
	case BasisConsent:
		return string(b.Kind) + ":" + b.ConsentID.String()
	case BasisLegal:
		return string(b.Kind) + ":" + string(b.LegalBasis)
	}
	return string(b.Kind)
}

// Actor is who asks: a professional (with the agency and unit they act in), a
// guardian or the child.
type Actor struct {
	Party Party `json:"party"`
	// Agency is the professional's agency; empty for a guardian or the child.
	Agency Agency `json:"agency,omitempty"`
	// UnitID is the professional's unit, where known (for the audit trail).
	UnitID ID[Unit] `json:"unitId,omitzero"`
}

// ProfessionalActor is a professional acting in agency at unit.
func ProfessionalActor(id ID[Professional], agency Agency, unit ID[Unit]) Actor {
	return Actor{Party: ProfessionalParty(id), Agency: agency, UnitID: unit}
}

// GuardianActor is a guardian acting for themselves.
func GuardianActor(id ID[Guardian]) Actor { return Actor{Party: GuardianParty(id)} }

// ChildActor is the child acting for themselves.
func ChildActor(id ID[Child]) Actor { return Actor{Party: ChildParty(id)} }

// Request asks: may Actor do Action on Category of the Child's information,
// recorded by RecordingAgency, for Purpose, at At? Facts and Policy are what
// the answer rests on.
type Request struct {
	Actor  Actor
	Action Action
	// Category is the information category acted on.
	Category Category
	// Child is the child the information is about; it must match Facts.
	Child ID[Child]
	// RecordingAgency is the agency that recorded the information (the secrecy
	// domain it belongs to). For guardians and the child it may be empty.
	RecordingAgency Agency
	// Recipient is the receiving agency of a Disclose; unused otherwise.
	Recipient Agency
	// Purpose is what the actor acts for. Required for professionals.
	Purpose Purpose
	// LegalBasis is the legal basis a professional invokes for a Disclose
	// without consent; optional. A Disclose to social services for
	// PurposeOrosanmalan invokes BasisOrosanmalan by itself.
	LegalBasis LegalBasisCode
	// At is when the action happens.
	At time.Time
	// Facts are the child's records, indexed (NewFacts).
	Facts *Facts
	// Policy holds the municipality's rules.
	Policy *Policy
}

// Decision answers a Request: allowed or not, on which basis, why (at least
// one reason, in Swedish and English, never with personal data), and what the
// caller must do (Obligations; audit always). A Decision is a small value that
// Decide returns without allocating.
type Decision struct {
	Allowed     bool        `json:"allowed"`
	Basis       Basis       `json:"basis,omitzero"`
	Reasons     Reasons     `json:"reasons"`
	Obligations Obligations `json:"obligations"`
}

// String returns "allowed <basis> [reasons]" or "denied [reasons]".
func (d Decision) String() string {
	var b strings.Builder
	if d.Allowed {
		b.WriteString("allowed ")
		b.WriteString(d.Basis.String())
	} else {
		b.WriteString("denied")
	}
	b.WriteString(" [")
	b.WriteString(d.Reasons.String())
	b.WriteString("]")
	return b.String()
}

func (d *Decision) allow(b Basis, r Reason) {
	d.Allowed = true
	d.Basis = b
	d.Reasons = Reasons{}
	d.Reasons.add(r)
}

// Decide answers req. It is pure (it reads req and nothing else), denies by
// default, and does not allocate.
//
// The rules, in order:
//
//   - A request without actor, valid action, child, time, facts or policy, or
//     whose facts are about another child, or whose category or purpose the
//     policy does not know, is denied.
//   - Contact data (CategoryKontaktuppgifter) of a child or guardian with a
//     protected identity never leaves the recording agency: any request for it
//     by anyone but a professional of that agency is denied, whatever a consent
//     or legal basis says.
//   - A guardian with custody, or the child, may read the categories of
//     Policy.OwnAccess (the plan and the combined picture), unless a
//     significant-harm exception applies to that guardian.
//   - A professional of the recording agency may read and write with an active
//     role for the child in that agency (Barnkontakt, Stödsamordnare,
//     Upptäckare, Barnteam or the child's own team).
//   - A professional of another agency never writes, and reads only on a
//     consent held by the recording agency that names the reader's agency, the
//     category and the purpose, is in force at At (not before its start, not
//     after its end or the policy's cap, not withdrawn by At) and is complete
//     for the child's age and custody at At; or on a recorded disclosure on a
//     legal basis that fits (agencies, the child's age then, a reason where
//     needed) from the recording agency to the reader's, covering the
//     category, within Policy.LegalBasisReadDays. Unless
//     Policy.ReceiverRoleOptional, the reader also needs a role for the child in
//     their own agency, or to be named as the recipient of the legal-basis
//     disclosure.
//   - A professional of the recording agency may disclose to another agency: a
//     concern report to social services (PurposeOrosanmalan or
//     BasisOrosanmalan) always, if BasisOrosanmalan in the policy fits the
//     child's age, with or without a role, whatever the state of any consent;
//     otherwise with an active role and a consent as above, or a legal basis
//     invoked in Request.LegalBasis that fits.
//
// Every decision carries ObligationAudit; one about a child whose identity, or a
// guardian's, is protected carries ObligationAuditHighSeverity, and when
// allowed ObligationConfirm and (except a same-agency professional's access to
// the contact data itself) ObligationWithholdContact. Every Disclose carries
// ObligationRecordDisclosure, allowed or not.
func Decide(req Request) Decision {
	d := Decision{Obligations: ObligationAudit}
	if req.Action == Disclose {
		d.Obligations |= ObligationRecordDisclosure
	}
	if r := req.check(); r != reasonNone {
		d.Reasons.add(r)
		if req.Facts != nil && req.Facts.anyProtected {
			d.Obligations |= ObligationAuditHighSeverity
		}
		return d
	}
	e := eval{req: &req, f: req.Facts, p: req.Policy, t: nanos(req.At, math.MinInt64), d: &d}
	switch req.Actor.Party.Kind {
	case PartyGuardian, PartyChild:
		e.own()
	case PartyProfessional:
		e.professional()
	default:
		d.Reasons.add(ReasonActorNotAllowed)
	}
	if d.Reasons.Len() == 0 {
		d.Reasons.add(ReasonDenyByDefault)
	}
	if e.f.anyProtected {
		d.Obligations |= ObligationAuditHighSeverity
		if d.Allowed {
			d.Obligations |= ObligationConfirm
			if !(req.Category == CategoryKontaktuppgifter && req.Actor.Party.Kind == PartyProfessional &&
				req.Actor.Agency == req.RecordingAgency && req.Action != Disclose) {
				d.Obligations |= ObligationWithholdContact
			}
			d.Reasons.add(ReasonProtectedIdentity)
		}
	}
	return d
}

// check returns why req cannot be decided at all, or reasonNone.
func (req *Request) check() Reason {
	switch {
	case req.Facts == nil, req.Policy == nil, req.At.IsZero(), req.Child.IsZero(),
		!req.Action.Valid(), req.Actor.Party.ID == [16]byte{}:
		return ReasonInvalidRequest
	case req.Facts.child != req.Child:
		return ReasonFactsMismatch
	case !req.Policy.KnownCategory(req.Category):
		return ReasonUnknownCategory
	}
	if req.Actor.Party.Kind == PartyProfessional {
		switch {
		case agencyBit(req.Actor.Agency) == 0, agencyBit(req.RecordingAgency) == 0,
			req.Action == Disclose && agencyBit(req.Recipient) == 0:
			return ReasonInvalidRequest
		case !req.Policy.KnownPurpose(req.Purpose):
			return ReasonUnknownPurpose
		}
	} else if req.Purpose != "" && !req.Policy.KnownPurpose(req.Purpose) {
		return ReasonUnknownPurpose
	}
	return reasonNone
}

// eval is one run of Decide: the request, and what it works out about the
// moment of the request once (the moment on the Swedish calendar, the child's
// age and consent band then). It lives on Decide's stack.
type eval struct {
	req *Request
	f   *Facts
	p   *Policy
	d   *Decision
	t   int64 // req.At in Unix nanoseconds

	civDone, bandDone, bandOK bool
	civ                       civil
	band                      ConsentBand
}

// now returns the moment of the request on the Swedish calendar.
func (e *eval) now() civil {
	if !e.civDone {
		e.civ, e.civDone = civilOf(e.req.At), true
	}
	return e.civ
}

// age returns the child's age at the moment of the request.
func (e *eval) age() int {
	if a, ok := e.f.quickAge(e.t); ok {
		return a
	}
	return e.f.birth.YearsUntil(e.now().date)
}

// consentBand returns the consent band at the moment of the request.
func (e *eval) consentBand() (ConsentBand, bool) {
	if !e.bandDone {
		e.band, _, e.bandOK = e.f.bandAt(e.t, e.age(), e.p)
		e.bandDone = true
	}
	return e.band, e.bandOK
}

// own decides a guardian's or the child's own access.
func (e *eval) own() {
	req, f, d := e.req, e.f, e.d
	if req.Action != Read {
		d.Reasons.add(ReasonOwnAccessReadOnly)
		return
	}
	if req.Category == CategoryKontaktuppgifter && f.anyProtected {
		d.Reasons.add(ReasonProtectedContact)
		return
	}
	if !e.p.ownAccess(req.Category) {
		d.Reasons.add(ReasonOwnAccessCategory)
		return
	}
	if req.Actor.Party.Kind == PartyChild {
		if req.Actor.Party.ID != f.child.UUID() {
			d.Reasons.add(ReasonNotTheChild)
			return
		}
		d.allow(Basis{Kind: BasisOwnAccess}, ReasonChildOwnAccess)
		return
	}
	g := ID[Guardian](req.Actor.Party.ID)
	if !f.custodyAt(g, e.t) {
		d.Reasons.add(ReasonNotGuardian)
		return
	}
	if f.harmAt(g, e.t) {
		d.Reasons.add(ReasonHarmException)
		return
	}
	d.allow(Basis{Kind: BasisOwnAccess}, ReasonGuardianOwnAccess)
}

// professional decides a professional's request.
func (e *eval) professional() {
	req, d := e.req, e.d
	d1, own := req.RecordingAgency, req.Actor.Agency
	switch {
	case req.Action == Disclose && own != d1:
		d.Reasons.add(ReasonDiscloseNotOwner)
	case req.Action == Disclose && req.Recipient == d1:
		d.Reasons.add(ReasonRecipientSameDomain)
	case req.Action == Disclose:
		e.disclose()
	case own == d1:
		if r := e.f.roleAt(req.Actor.Party.ID, agencyBit(d1), e.t); r != reasonNone {
			d.allow(Basis{Kind: BasisSameDomain}, r)
			return
		}
		d.Reasons.add(ReasonNoRole)
	case req.Action == Write:
		d.Reasons.add(ReasonWriteOtherDomain)
	default:
		e.crossRead()
	}
}

// protectedContact reports whether the request asks for protected contact
// data to leave its recording agency.
func (e *eval) protectedContact() bool {
	return e.req.Category == CategoryKontaktuppgifter && e.f.anyProtected
}

// crossRead decides a read by a professional of another agency (D2) of
// information recorded by D1.
func (e *eval) crossRead() {
	req, d := e.req, e.d
	d1, d2 := agencyBit(req.RecordingAgency), agencyBit(req.Actor.Agency)
	if e.protectedContact() {
		d.Reasons.add(ReasonProtectedContact)
		return
	}
	hasRole := e.p.ReceiverRoleOptional || e.f.roleAt(req.Actor.Party.ID, d2, e.t) != reasonNone

	c, r1, r2 := e.findConsent(d1, d2)
	if c != nil && hasRole {
		d.allow(Basis{Kind: BasisConsent, ConsentID: c.id}, ReasonConsentCovers)
		return
	}
	code, lr := e.findRecordedBasis(d1, d2, hasRole)
	if lr == reasonNone {
		d.allow(Basis{Kind: BasisLegal, LegalBasis: code}, ReasonLegalBasisFits)
		return
	}
	if !hasRole {
		d.Reasons.add(ReasonNoRoleReceiving)
		if c != nil {
			return // the consent would cover it: the missing role is the whole story
		}
	}
	d.Reasons.add(r1)
	d.Reasons.add(r2)
	d.Reasons.add(lr)
}

// disclose decides a disclosure from the actor's agency D1 to req.Recipient.
func (e *eval) disclose() {
	req, d, p := e.req, e.d, e.p
	d1, d2 := req.RecordingAgency, req.Recipient
	if e.protectedContact() {
		d.Reasons.add(ReasonProtectedContact)
		return
	}
	// A concern report to social services: never blocked by missing or
	// withdrawn consent, and open to anyone in the recording agency.
	if d2 == Socialtjanst && (req.Purpose == PurposeOrosanmalan || req.LegalBasis == BasisOrosanmalan) {
		b := p.LegalBasis(BasisOrosanmalan)
		if b == nil {
			d.Reasons.add(ReasonBasisUnknown)
			return
		}
		if r := b.fit(d1, d2, e.age()); r != reasonNone {
			d.Reasons.add(r)
			return
		}
		d.allow(Basis{Kind: BasisLegal, LegalBasis: BasisOrosanmalan}, ReasonConcernReport)
		if b.RequiresReason {
			d.Obligations |= ObligationRecordReason
		}
		return
	}
	if e.f.roleAt(req.Actor.Party.ID, agencyBit(d1), e.t) == reasonNone {
		d.Reasons.add(ReasonNoRole)
		return
	}
	c, r1, r2 := e.findConsent(agencyBit(d1), agencyBit(d2))
	if c != nil {
		d.allow(Basis{Kind: BasisConsent, ConsentID: c.id}, ReasonConsentCovers)
		return
	}
	if req.LegalBasis == "" {
		d.Reasons.add(r1)
		d.Reasons.add(r2)
		d.Reasons.add(ReasonNoLegalBasis)
		return
	}
	b := p.LegalBasis(req.LegalBasis)
	if b == nil {
		d.Reasons.add(ReasonBasisUnknown)
		return
	}
	if r := b.fit(d1, d2, e.age()); r != reasonNone {
		d.Reasons.add(r)
		return
	}
	if b.WithdrawalBlocks && e.withdrawnConsent(agencyBit(d1), agencyBit(d2)) {
		d.Reasons.add(ReasonBasisBlockedByWithdrawal)
		return
	}
	d.allow(Basis{Kind: BasisLegal, LegalBasis: b.Code}, ReasonLegalBasisFits)
	if b.RequiresReason {
		d.Obligations |= ObligationRecordReason
	}
}

// consentStage orders how far a consent got towards covering a request; the
// reason of the one that got furthest explains a denial.
func consentStage(r Reason) int {
	switch r {
	case ReasonConsentWrongRecipient:
		return 1
	case ReasonConsentWrongCategory:
		return 2
	case ReasonConsentWrongPurpose:
		return 3
	case ReasonConsentNotYetValid:
		return 4
	case ReasonConsentExpired:
		return 5
	case ReasonConsentWithdrawn:
		return 6
	}
	return 7 // incomplete
}

// findConsent returns a consent held by d1 that covers the request for d2 (both
// agencyBits) at its moment and is complete, or nil with the reasons (up to
// two) of the consent that came closest, or ReasonNoConsent.
func (e *eval) findConsent(d1, d2 uint16) (*consentFact, Reason, Reason) {
	best, bestStage := ReasonNoConsent, 0
	var best2 Reason
	for i := range e.f.consents {
		c := &e.f.consents[i]
		if c.from != d1 || d1 == 0 {
			continue
		}
		r, r2 := e.evalConsent(c, d2)
		if r == reasonNone {
			return c, reasonNone, reasonNone
		}
		if s := consentStage(r); s > bestStage {
			best, best2, bestStage = r, r2, s
		}
	}
	return nil, best, best2
}

// evalConsent reports why consent c does not cover the request for d2 at its
// moment (up to two reasons), or reasonNone when it covers it and is complete.
func (e *eval) evalConsent(c *consentFact, d2 uint16) (Reason, Reason) {
	t := e.t
	switch {
	case c.to&d2 == 0 || d2 == 0:
		return ReasonConsentWrongRecipient, reasonNone
	case !hasCategory(c.cats, e.req.Category):
		return ReasonConsentWrongCategory, reasonNone
	case c.purpose != e.req.Purpose:
		return ReasonConsentWrongPurpose, reasonNone
	case t < c.valid.from:
		return ReasonConsentNotYetValid, reasonNone
	case t >= c.valid.to || e.capped(c):
		return ReasonConsentExpired, reasonNone
	case t >= c.withdrawnAt:
		return ReasonConsentWithdrawn, reasonNone
	}
	band, ok := e.consentBand()
	return e.f.completeness(c, t, band, ok)
}

// capped reports whether consent c has reached the policy's longest validity
// at the moment of the request. Any n calendar months last at least 30n-2 days
// (and a change of summer time moves an hour): a consent younger than 30n-3
// days cannot be capped, and only an older one needs the calendar.
func (e *eval) capped(c *consentFact) bool {
	if n := int64(e.p.MaxConsentMonths); n > 0 && e.t-c.valid.from < (30*n-3)*nsPerDay {
		return false
	}
	return e.t >= nanos(e.p.consentLimit(c.vf), math.MaxInt64)
}

// findRecordedBasis returns the code of a recorded legal-basis disclosure from
// d1 to d2 (agencyBits) that covers the request at its moment, or the reason
// none does.
func (e *eval) findRecordedBasis(d1, d2 uint16, hasRole bool) (LegalBasisCode, Reason) {
	req, p, t := e.req, e.p, e.t
	why := ReasonNoLegalBasis
	if !e.f.hasDisclosures {
		return "", why
	}
	window := int64(p.LegalBasisReadDays) * int64(24*time.Hour)
	for i := range e.f.disclosures {
		x := &e.f.disclosures[i]
		if x.from != d1 || x.to != d2 || d1 == 0 || !hasCategory(x.cats, req.Category) ||
			t < x.decidedAt || t-x.decidedAt >= window {
			continue
		}
		if !hasRole && (x.recipient != req.Actor.Party.ID || x.recipient == [16]byte{}) {
			continue
		}
		r := p.legalBasisFit(x.basis, req.RecordingAgency, req.Actor.Agency, x.age, x.reason)
		if r == reasonNone {
			b := p.LegalBasis(x.basis)
			if b.WithdrawalBlocks && b.Code != BasisOrosanmalan && e.withdrawnConsent(d1, d2) {
				why = ReasonBasisBlockedByWithdrawal
				continue
			}
			return x.basis, reasonNone
		}
		why = r
	}
	return "", why
}

// withdrawnConsent reports whether a consent from d1 naming d2 (agencyBits) and
// the request's category was withdrawn at or before the request's moment.
func (e *eval) withdrawnConsent(d1, d2 uint16) bool {
	for i := range e.f.consents {
		c := &e.f.consents[i]
		if c.from == d1 && c.to&d2 != 0 && e.t >= c.withdrawnAt && hasCategory(c.cats, e.req.Category) {
			return true
		}
	}
	return false
}
