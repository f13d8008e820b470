package roles

import (
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
//     category, within Policy.LegalBasisReadDays. With Policy.ReceiverNeedsRole
//     the reader also needs a role for the child in their own agency, unless a
//     legal-basis disclosure names them as its recipient.
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
	f := req.Facts
	switch req.Actor.Party.Kind {
	case PartyGuardian, PartyChild:
		decideOwn(&req, &d)
	case PartyProfessional:
		decideProfessional(&req, &d)
	default:
		d.Reasons.add(ReasonActorNotAllowed)
	}
	if d.Reasons.Len() == 0 {
		d.Reasons.add(ReasonDenyByDefault)
	}
	if f.anyProtected {
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
	case !req.Category.Valid() || !req.Policy.KnownCategory(req.Category):
		return ReasonUnknownCategory
	}
	if req.Actor.Party.Kind == PartyProfessional {
		switch {
		case !req.Actor.Agency.Valid(), !req.RecordingAgency.Valid(),
			req.Action == Disclose && !req.Recipient.Valid():
			return ReasonInvalidRequest
		case !req.Purpose.Valid() || !req.Policy.KnownPurpose(req.Purpose):
			return ReasonUnknownPurpose
		}
	} else if req.Purpose != "" && (!req.Purpose.Valid() || !req.Policy.KnownPurpose(req.Purpose)) {
		return ReasonUnknownPurpose
	}
	return reasonNone
}

// decideOwn decides a guardian's or the child's own access.
func decideOwn(req *Request, d *Decision) {
	f, p := req.Facts, req.Policy
	if req.Action != Read {
		d.Reasons.add(ReasonOwnAccessReadOnly)
		return
	}
	if req.Category == CategoryKontaktuppgifter && f.anyProtected {
		d.Reasons.add(ReasonProtectedContact)
		return
	}
	if !p.ownAccess(req.Category) {
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
	if !f.custodyAt(g, req.At) {
		d.Reasons.add(ReasonNotGuardian)
		return
	}
	if f.harmAt(g, req.At) {
		d.Reasons.add(ReasonHarmException)
		return
	}
	d.allow(Basis{Kind: BasisOwnAccess}, ReasonGuardianOwnAccess)
}

// decideProfessional decides a professional's request.
func decideProfessional(req *Request, d *Decision) {
	f := req.Facts
	d1, own := req.RecordingAgency, req.Actor.Agency
	switch {
	case req.Action == Disclose && own != d1:
		d.Reasons.add(ReasonDiscloseNotOwner)
		return
	case req.Action == Disclose && req.Recipient == d1:
		d.Reasons.add(ReasonRecipientSameDomain)
		return
	case req.Action == Disclose:
		decideDisclose(req, d)
		return
	case own == d1:
		if r := f.roleAt(req.Actor.Party.ID, d1, req.At); r != reasonNone {
			d.allow(Basis{Kind: BasisSameDomain}, r)
			return
		}
		d.Reasons.add(ReasonNoRole)
		return
	case req.Action == Write:
		d.Reasons.add(ReasonWriteOtherDomain)
		return
	}
	decideCrossRead(req, d)
}

// protectedContact reports whether req asks for protected contact data to
// leave its recording agency.
func (req *Request) protectedContact() bool {
	return req.Category == CategoryKontaktuppgifter && req.Facts.anyProtected
}

// decideCrossRead decides a read by a professional of another agency (D2) of
// information recorded by D1.
func decideCrossRead(req *Request, d *Decision) {
	f, p := req.Facts, req.Policy
	d1, d2 := req.RecordingAgency, req.Actor.Agency
	if req.protectedContact() {
		d.Reasons.add(ReasonProtectedContact)
		return
	}
	hasRole := !p.ReceiverNeedsRole || f.roleAt(req.Actor.Party.ID, d2, req.At) != reasonNone

	c, r1, r2 := f.findConsent(req, d1, d2)
	if c != nil && hasRole {
		d.allow(Basis{Kind: BasisConsent, ConsentID: c.id}, ReasonConsentCovers)
		return
	}
	code, lr := f.findRecordedBasis(req, d1, d2, hasRole)
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

// decideDisclose decides a disclosure from the actor's agency D1 to req.Recipient.
func decideDisclose(req *Request, d *Decision) {
	f, p := req.Facts, req.Policy
	d1, d2 := req.RecordingAgency, req.Recipient
	if req.protectedContact() {
		d.Reasons.add(ReasonProtectedContact)
		return
	}
	age := f.ageAt(req.At)
	// A concern report to social services: never blocked by missing or
	// withdrawn consent, and open to anyone in the recording agency.
	if d2 == Socialtjanst && (req.Purpose == PurposeOrosanmalan || req.LegalBasis == BasisOrosanmalan) {
		b := p.LegalBasis(BasisOrosanmalan)
		if b == nil {
			d.Reasons.add(ReasonBasisUnknown)
			return
		}
		if r := b.fit(d1, d2, age); r != reasonNone {
			d.Reasons.add(r)
			return
		}
		d.allow(Basis{Kind: BasisLegal, LegalBasis: BasisOrosanmalan}, ReasonConcernReport)
		if b.RequiresReason {
			d.Obligations |= ObligationRecordReason
		}
		return
	}
	if f.roleAt(req.Actor.Party.ID, d1, req.At) == reasonNone {
		d.Reasons.add(ReasonNoRole)
		return
	}
	c, r1, r2 := f.findConsent(req, d1, d2)
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
	if r := b.fit(d1, d2, age); r != reasonNone {
		d.Reasons.add(r)
		return
	}
	if b.WithdrawalBlocks && f.withdrawnConsent(d1, d2, req.Category, req.At) {
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

// findConsent returns a consent held by d1 that covers req for d2 at req.At
// and is complete, or nil with the reasons (up to two) of the consent that
// came closest, or ReasonNoConsent.
func (f *Facts) findConsent(req *Request, d1, d2 Agency) (*consentFact, Reason, Reason) {
	best, bestStage := ReasonNoConsent, 0
	var best2 Reason
	var bc bandCache
	for i := range f.consents {
		c := &f.consents[i]
		if c.from != d1 {
			continue
		}
		r, r2 := f.evalConsent(c, req, d2, &bc)
		if r == reasonNone {
			return c, reasonNone, reasonNone
		}
		if s := consentStage(r); s > bestStage {
			best, best2, bestStage = r, r2, s
		}
	}
	return nil, best, best2
}

// bandCache holds the consent band at one moment, worked out once per request.
type bandCache struct {
	done, ok bool
	band     ConsentBand
}

// evalConsent reports why consent c does not cover req for d2 at req.At (up to
// two reasons), or reasonNone when it covers it and is complete.
func (f *Facts) evalConsent(c *consentFact, req *Request, d2 Agency, bc *bandCache) (Reason, Reason) {
	t := req.At
	bit := agencyBit(d2)
	switch {
	case c.to&bit == 0 || bit == 0:
		return ReasonConsentWrongRecipient, reasonNone
	case !hasCategory(c.cats, req.Category):
		return ReasonConsentWrongCategory, reasonNone
	case c.purpose != req.Purpose:
		return ReasonConsentWrongPurpose, reasonNone
	case t.Before(c.validFrom):
		return ReasonConsentNotYetValid, reasonNone
	case !t.Before(c.validUntil) || !t.Before(req.Policy.consentEnd(c.validFrom, c.validUntil)):
		return ReasonConsentExpired, reasonNone
	case c.withdrawn && !t.Before(c.withdrawnAt):
		return ReasonConsentWithdrawn, reasonNone
	}
	if !bc.done {
		bc.band, _, bc.ok = f.bandAt(t, f.ageAt(t), req.Policy)
		bc.done = true
	}
	return f.completeness(c, t, bc.band, bc.ok)
}

// findRecordedBasis returns the code of a recorded legal-basis disclosure from
// d1 to d2 that covers req at req.At, or the reason none does.
func (f *Facts) findRecordedBasis(req *Request, d1, d2 Agency, hasRole bool) (LegalBasisCode, Reason) {
	p, t := req.Policy, req.At
	why := ReasonNoLegalBasis
	window := time.Duration(p.LegalBasisReadDays) * 24 * time.Hour
	for i := range f.disclosures {
		x := &f.disclosures[i]
		if x.from != d1 || x.to != d2 || !hasCategory(x.cats, req.Category) ||
			t.Before(x.decidedAt) || !t.Before(x.decidedAt.Add(window)) {
			continue
		}
		if !hasRole && !(x.recipient.Kind == PartyProfessional && x.recipient.ID == req.Actor.Party.ID) {
			continue
		}
		r := p.legalBasisFit(x.basis, d1, d2, x.age, x.reason)
		if r == reasonNone {
			b := p.LegalBasis(x.basis)
			if b.WithdrawalBlocks && b.Code != BasisOrosanmalan && f.withdrawnConsent(d1, d2, req.Category, t) {
				why = ReasonBasisBlockedByWithdrawal
				continue
			}
			return x.basis, reasonNone
		}
		why = r
	}
	return "", why
}

// withdrawnConsent reports whether a consent from d1 naming d2 and cat was
// withdrawn at or before t.
func (f *Facts) withdrawnConsent(d1, d2 Agency, cat Category, t time.Time) bool {
	bit := agencyBit(d2)
	for i := range f.consents {
		c := &f.consents[i]
		if c.from == d1 && c.to&bit != 0 && c.withdrawn && !t.Before(c.withdrawnAt) && hasCategory(c.cats, cat) {
			return true
		}
	}
	return false
}
