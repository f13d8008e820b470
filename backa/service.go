package backa

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// DefaultUpptackarePeriod is how long the Upptäckare role lasts that a
// professional without a role for the child gets by raising a concern: 90
// days. (design choice: DOMAIN.md gives the role no period.)
const DefaultUpptackarePeriod = 90 * 24 * time.Hour

// Options configure a Service. The zero Options (or nil) gives the defaults.
type Options struct {
	// Policy holds the municipality's rules. Default roles.DefaultPolicy().
	// The Service keeps its own copy.
	Policy *roles.Policy

	// Catalog holds the needs compass's texts and scales; an assessment
	// recorded without a scale gets the catalogue's default scale. Default
	// behovskompass.BuiltinCatalog().
	Catalog *behovskompass.Catalog

	// Now is the clock. Default time.Now. A use case reads it once, before its
	// transaction; instants are kept in UTC at microsecond precision.
	Now func() time.Time

	// NewID returns a new UUIDv7. Default uuid.NewV7. A use case calls it once,
	// before its transaction, and derives every ID it needs from that one
	// (see the package documentation), so that a transaction the store retries
	// writes the same IDs.
	NewID func() (uuid.UUID, error)

	// Logger receives one record per use case: its name, the actor's party and
	// agency, the child's ID, the decisions' outcome and reason codes, and the
	// error's kind. Never names, personnummer, contact data or free text.
	// Default: a logger that discards everything.
	Logger *slog.Logger

	// UpptackarePeriod is how long the Upptäckare role lasts that raising a
	// concern gives a professional with no role for the child. Default
	// DefaultUpptackarePeriod.
	UpptackarePeriod time.Duration
}

// Service is Backa barnet's entry point: the use cases a vendor's system
// calls, over a store. Each use case runs in one transaction of the store, in
// which it checks the acting person's access with roles.Decide, applies the
// domain rules, and writes the change, one audit entry per access decision and
// the events, or nothing. A Service is safe for concurrent use.
type Service struct {
	// scratch holds *scratch buffers for use cases to reuse.
	scratch    sync.Pool
	store      adapters.Store
	pol        roles.Policy
	cat        behovskompass.Catalog
	now        func() time.Time
	newID      func() (uuid.UUID, error)
	log        *slog.Logger
	upptackare time.Duration
}

// NewService returns a Service over store. opts may be nil. It returns an
// error matching roles.ErrInvalid when the policy is invalid.
func NewService(store adapters.Store, opts *Options) (*Service, error) {
	if store == nil {
		return nil, fmt.Errorf("backa: NewService: nil store: %w", roles.ErrInvalid)
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Service{store: store, now: o.Now, newID: o.NewID, log: o.Logger, upptackare: o.UpptackarePeriod}
	if o.Policy != nil {
		s.pol = clonePolicy(*o.Policy)
	} else {
		s.pol = roles.DefaultPolicy()
	}
	if err := s.pol.Validate(); err != nil {
		return nil, fmt.Errorf("backa: NewService: %w", err)
	}
	if o.Catalog != nil {
		s.cat = *o.Catalog
	} else {
		s.cat = behovskompass.BuiltinCatalog()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.newID == nil {
		s.newID = uuid.NewV7
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.upptackare <= 0 {
		s.upptackare = DefaultUpptackarePeriod
	}
	return s, nil
}

// Policy returns a copy of the policy the service decides by.
func (s *Service) Policy() roles.Policy { return clonePolicy(s.pol) }

// clonePolicy copies the slices of p, so that the caller's later changes do
// not reach the service.
func clonePolicy(p roles.Policy) roles.Policy {
	p.Barnkontakt = append([]roles.BarnkontaktRule(nil), p.Barnkontakt...)
	for i := range p.Barnkontakt {
		p.Barnkontakt[i].Agencies = append([]roles.Agency(nil), p.Barnkontakt[i].Agencies...)
	}
	p.ConsentBands = append([]roles.ConsentBandRule(nil), p.ConsentBands...)
	p.OwnAccess = append([]roles.Category(nil), p.OwnAccess...)
	p.LegalBases = append([]roles.LegalBasis(nil), p.LegalBases...)
	for i := range p.LegalBases {
		b := &p.LegalBases[i]
		b.From = append([]roles.Agency(nil), b.From...)
		b.To = append([]roles.Agency(nil), b.To...)
	}
	p.Categories = append([]roles.Term[roles.Category](nil), p.Categories...)
	p.Purposes = append([]roles.Term[roles.Purpose](nil), p.Purposes...)
	return p
}

// op is one run of a use case: what is fixed before its transaction (the
// time, the actor, the base of its IDs) and what one attempt of the
// transaction builds (the child's facts, the audit entries and events to
// write, a refusal).
type op struct {
	s       *Service
	name    string
	now     time.Time
	actor   roles.Actor
	purpose roles.Purpose
	base    uuid.UUID
	pre     uint32 // IDs handed out before the transaction
	n       uint32 // IDs handed out so far

	// One attempt of the transaction.
	ctx     context.Context
	tx      adapters.Tx
	child   roles.Child
	recs    roles.Records
	facts   *roles.Facts
	entries []adapters.AuditEntry
	events  []adapters.Event
	denied  *DeniedError
	allowed int // decisions allowed, for the log
	sc      *scratch
}

// scratch is memory a use case fills and the store copies (the audit
// entries, their reason codes and hashes, the events) or reads (the plan
// the use case read), handed from one use case to the next through
// Service.scratch so that a use case allocates little more than what it
// returns and what the store keeps. Nothing a use case returns refers to it.
type scratch struct {
	op      op
	entries []adapters.AuditEntry
	events  []adapters.Event
	codes   []string // backing store of the entries' Reasons
	hashes  []byte   // backing store of the entries' Hash (and so PrevHash)
	plan    plan.Plan
	facts   roles.Facts
	// payloads is the backing store of the events' payloads, which enc
	// writes as json.Marshal would (then a newline, which is left out).
	payloads bytes.Buffer
	enc      *json.Encoder
}

// scratchMax bounds what a scratch keeps for the next use case: the buffers
// of an unusually large one are left to the garbage collector.
const scratchMax = 64

// newOp starts a use case: it reads the clock and takes the base ID once.
func (s *Service) newOp(name string, actor roles.Actor, purpose roles.Purpose) (*op, error) {
	base, err := s.newID()
	if err != nil {
		return nil, fmt.Errorf("backa: %s: new ID: %w", name, err)
	}
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	o := &sc.op
	*o = op{
		s: s, name: name, now: adapters.NormalizeTime(s.now()),
		actor: actor, purpose: purpose, base: base, sc: sc,
		entries: sc.entries[:0], events: sc.events[:0],
	}
	return o, nil
}

// release hands the op (which lives in its scratch) and its scratch on to the
// next use case, emptied: the store has copied what it stores, and the use
// case's results do not refer to either. The op must not be used after.
func (o *op) release() {
	sc, s := o.sc, o.s
	if sc == nil {
		return
	}
	sc.entries, sc.events = o.entries, o.events
	*o = op{}
	if cap(sc.entries) > scratchMax || cap(sc.events) > scratchMax || cap(sc.codes) > 4*scratchMax ||
		cap(sc.hashes) > sha256.Size*scratchMax {
		return
	}
	clear(sc.entries[:cap(sc.entries)])
	clear(sc.events[:cap(sc.events)])
	clear(sc.codes[:cap(sc.codes)])
	sc.entries, sc.events, sc.codes, sc.hashes = sc.entries[:0], sc.events[:0], sc.codes[:0], sc.hashes[:0]
	sc.plan = plan.Plan{}
	if sc.payloads.Cap() > 64<<10 {
		return
	}
	sc.payloads.Reset()
	s.scratch.Put(sc)
}

// id returns the next ID of the use case: the base first, then IDs derived
// from it (see deriveID).
func (o *op) id() uuid.UUID {
	n := o.n
	o.n++
	return deriveID(o.base, n)
}

// deriveID returns the n-th ID derived from base: base itself for n = 0, else
// a UUIDv7 with base's timestamp and random bits from SHA-256 of base and n.
// IDs derived from distinct bases, or with distinct n, collide only by chance
// (74 random bits).
func deriveID(base uuid.UUID, n uint32) uuid.UUID {
	if n == 0 {
		return base
	}
	var in [20]byte
	copy(in[:16], base[:])
	binary.BigEndian.PutUint32(in[16:], n)
	h := sha256.Sum256(in[:])
	var u uuid.UUID
	copy(u[:6], base[:6])
	copy(u[6:], h[:10])
	u[6] = 0x70 | u[6]&0x0f // version 7
	u[8] = 0x80 | u[8]&0x3f // RFC 9562 variant
	return u
}

// exec runs fn as the use case's one transaction. fn may run more than once
// (a store may retry); each attempt starts afresh. When fn refuses access
// (returns o.deny's error), the transaction commits the audit entries and
// nothing else, and exec returns the *DeniedError.
func (s *Service) exec(ctx context.Context, o *op, fn func(o *op) error) error {
	o.pre = o.n
	err := s.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		o.begin(ctx, tx)
		err := fn(o)
		switch {
		case errors.Is(err, errDeny):
			o.events = o.events[:0]
		case err != nil:
			return err
		}
		return o.flush()
	})
	s.logOp(ctx, o, err)
	denied := o.denied
	o.release()
	if err != nil {
		return err
	}
	if denied != nil {
		return denied
	}
	return nil
}

// view runs fn on a read-only snapshot; fn must not decide access (a read of
// personal data is audited, so it runs in exec).
func (s *Service) view(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	return s.store.View(ctx, fn)
}

// begin resets the op for an attempt of the transaction.
func (o *op) begin(ctx context.Context, tx adapters.Tx) {
	o.ctx, o.tx = ctx, tx
	o.n = o.pre
	o.child, o.recs, o.facts = roles.Child{}, roles.Records{}, nil
	o.entries, o.events, o.denied, o.allowed = o.entries[:0], o.events[:0], nil, 0
	o.sc.codes, o.sc.hashes = o.sc.codes[:0], o.sc.hashes[:0]
	o.sc.payloads.Reset()
}

// flush appends the audit entries, hash-chained to the trail, and the events.
func (o *op) flush() error {
	if len(o.entries) > 0 {
		var prev []byte
		var seq int64
		last, err := o.tx.Audit().Last(o.ctx)
		switch {
		case err == nil:
			prev, seq = last.Hash, last.Seq
		case !errors.Is(err, adapters.ErrNotFound):
			return fmt.Errorf("backa: %s: audit: %w", o.name, err)
		}
		if n := sha256.Size * len(o.entries); cap(o.sc.hashes) < n {
			o.sc.hashes = make([]byte, 0, n)
		}
		for i := range o.entries {
			e := &o.entries[i]
			e.PrevHash = prev
			h := hashAuditEntry(e)
			k := len(o.sc.hashes)
			o.sc.hashes = append(o.sc.hashes, h[:]...)
			e.Hash = o.sc.hashes[k:len(o.sc.hashes):len(o.sc.hashes)]
			if err := o.tx.Audit().Append(o.ctx, e); err != nil {
				return fmt.Errorf("backa: %s: audit: %w", o.name, err)
			}
			seq++
			if e.Seq != seq {
				return fmt.Errorf("backa: %s: audit: the store numbered an entry %d, want %d: %w", o.name, e.Seq, seq, adapters.ErrConflict)
			}
			prev = e.Hash
		}
	}
	for i := range o.events {
		if err := o.tx.Outbox().Append(o.ctx, &o.events[i]); err != nil {
			return fmt.Errorf("backa: %s: outbox: %w", o.name, err)
		}
	}
	return nil
}

// fail wraps an error of the use case with its name.
func (o *op) fail(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("backa: %s: %w", o.name, err)
}

// verifyActor checks the actor against the store and completes a
// professional's agency and unit from their record. A mismatch refuses
// access (audited) with ErrUnknownActor as the cause.
func (o *op) verifyActor() error {
	a := &o.actor
	if a.Party.ID == uuid.Nil || !a.Party.Kind.Valid() {
		return o.denyActor()
	}
	var err error
	switch a.Party.Kind {
	case roles.PartyProfessional:
		var p roles.Professional
		p, err = o.tx.Professionals().Get(o.ctx, roles.ID[roles.Professional](a.Party.ID))
		if err == nil {
			if a.Agency == "" {
				a.Agency = p.Agency
			}
			if a.UnitID.IsZero() {
				a.UnitID = p.UnitID
			}
			if a.Agency != p.Agency || a.UnitID != p.UnitID {
				return o.denyActor()
			}
		}
	case roles.PartyGuardian:
		_, err = o.tx.Guardians().Get(o.ctx, roles.ID[roles.Guardian](a.Party.ID))
	case roles.PartyChild:
		_, err = o.tx.Children().Get(o.ctx, roles.ID[roles.Child](a.Party.ID))
	case roles.PartyRelated:
		_, err = o.tx.RelatedPersons().Get(o.ctx, roles.ID[roles.RelatedPerson](a.Party.ID))
	}
	if a.Party.Kind != roles.PartyProfessional && (a.Agency != "" || !a.UnitID.IsZero()) {
		return o.denyActor()
	}
	switch {
	case errors.Is(err, adapters.ErrNotFound):
		return o.denyActor()
	case err != nil:
		return o.fail(err)
	}
	return nil
}

// professionalOnly refuses access to anyone but a professional (audited),
// for the use cases only professionals may run.
func (o *op) professionalOnly(action roles.Action, cat roles.Category) error {
	if o.actor.Party.Kind == roles.PartyProfessional {
		return nil
	}
	d := roles.Decision{Obligations: roles.ObligationAudit}
	reason := roles.ReasonActorNotAllowed
	if o.actor.Party.Kind == roles.PartyGuardian || o.actor.Party.Kind == roles.PartyChild {
		reason = roles.ReasonOwnAccessReadOnly
		if action == roles.Read {
			reason = roles.ReasonOwnAccessCategory
		}
	}
	req := roles.Request{Action: action, Category: cat, Purpose: o.purpose}
	return o.denyWith(req, d, []roles.Reason{reason}, nil)
}

// denyActor records and returns a refusal for an actor that could not be
// verified.
func (o *op) denyActor() error {
	req := roles.Request{Action: roles.Read, Category: roles.CategoryGrunduppgifter, Purpose: o.purpose}
	return o.denyWith(req, roles.Decision{Obligations: roles.ObligationAudit | roles.ObligationAuditHighSeverity},
		[]roles.Reason{roles.ReasonInvalidRequest}, ErrUnknownActor)
}

// loadChild reads the child and the records about the child that Decide
// reasons over, and indexes them.
func (o *op) loadChild(id roles.ID[roles.Child]) error {
	ctx, tx := o.ctx, o.tx
	c, err := tx.Children().Get(ctx, id)
	if err != nil {
		return o.fail(err)
	}
	var r roles.Records
	if r.Custodies, err = tx.Custodies().OfChild(ctx, id); err != nil {
		return o.fail(err)
	}
	for i := range r.Custodies {
		gid := r.Custodies[i].GuardianID
		if hasGuardian(r.Guardians, gid) {
			continue
		}
		g, err := tx.Guardians().Get(ctx, gid)
		if err != nil {
			return o.fail(err)
		}
		r.Guardians = append(r.Guardians, g)
	}
	if r.Assignments, err = tx.Assignments().OfChild(ctx, id); err != nil {
		return o.fail(err)
	}
	if r.Consents, err = tx.Consents().OfChild(ctx, id); err != nil {
		return o.fail(err)
	}
	if r.Disclosures, err = tx.Disclosures().OfChild(ctx, id); err != nil {
		return o.fail(err)
	}
	if r.MaturityAssessments, err = tx.MaturityAssessments().OfChild(ctx, id); err != nil {
		return o.fail(err)
	}
	if r.HarmExceptions, err = tx.HarmExceptions().OfChild(ctx, id); err != nil {
		return o.fail(err)
	}
	return o.index(c, r)
}

// index makes c and r the op's child and facts.
func (o *op) index(c roles.Child, r roles.Records) error {
	f := &o.sc.facts
	if err := f.Reset(&c, r); err != nil {
		return o.fail(err)
	}
	o.child, o.recs, o.facts = c, r, f
	return nil
}

func hasGuardian(gs []roles.Guardian, id roles.ID[roles.Guardian]) bool {
	for i := range gs {
		if gs[i].ID == id {
			return true
		}
	}
	return false
}

// request returns a request about the op's child by its actor, now.
func (o *op) request(action roles.Action, cat roles.Category, recording roles.Agency) roles.Request {
	return roles.Request{
		Actor: o.actor, Action: action, Category: cat, Child: o.child.ID,
		RecordingAgency: recording, Purpose: o.purpose, At: o.now,
		Facts: o.facts, Policy: &o.s.pol,
	}
}

// decision is an access decision as a use case took it: the request, the
// answer, the ID of its audit entry, and whether the use case may go ahead
// (allowed and, for a view of a protected identity, confirmed).
type decision struct {
	roles.Decision
	req roles.Request
	id  uuid.UUID
	ok  bool
}

// decide answers req and records the decision for the audit trail.
func (o *op) decide(req roles.Request) decision {
	d := decision{Decision: roles.Decide(req), req: req}
	d.ok = d.Allowed
	d.id = o.audit(req, d.Decision, d.Allowed, d.Reasons.Slice())
	return d
}

// decideView answers a read. An allowed read that needs confirmation of a
// protected identity the caller did not give is refused: it is audited as
// refused, with high severity and the reason protected_identity.
func (o *op) decideView(req roles.Request, confirmed bool) decision {
	d := decision{Decision: roles.Decide(req), req: req}
	if d.Allowed && d.Obligations.Has(roles.ObligationConfirm) && !confirmed {
		d.id = o.audit(req, d.Decision, false, []roles.Reason{roles.ReasonProtectedIdentity})
		return d
	}
	d.ok = d.Allowed
	d.id = o.audit(req, d.Decision, d.Allowed, d.Reasons.Slice())
	return d
}

// audit adds the audit entry of one access decision and returns its
// decision ID.
func (o *op) audit(req roles.Request, d roles.Decision, allowed bool, reasons []roles.Reason) uuid.UUID {
	e := adapters.AuditEntry{
		ID:          roles.ID[adapters.AuditEntry](o.id()),
		At:          o.now,
		Actor:       req.Actor.Party,
		ActorAgency: req.Actor.Agency,
		ActorUnit:   req.Actor.UnitID,
		ChildID:     req.Child,
		Action:      string(req.Action),
		Category:    string(req.Category),
		Purpose:     string(req.Purpose),
		Allowed:     allowed,
		BasisKind:   string(d.Basis.Kind),
		DecisionID:  o.id(),
		Severity:    adapters.SeverityNormal,
	}
	switch d.Basis.Kind {
	case roles.BasisConsent:
		e.BasisRef = d.Basis.ConsentID.String()
	case roles.BasisLegal:
		e.BasisRef = string(d.Basis.LegalBasis)
	}
	if len(reasons) > 0 {
		k := len(o.sc.codes)
		for _, r := range reasons {
			o.sc.codes = append(o.sc.codes, r.Code())
		}
		e.Reasons = o.sc.codes[k:len(o.sc.codes):len(o.sc.codes)]
	}
	if d.Obligations.Has(roles.ObligationAuditHighSeverity) || (!allowed && req.Action == roles.Disclose) {
		e.Severity = adapters.SeverityHigh
	}
	if allowed {
		o.allowed++
	}
	o.entries = append(o.entries, e)
	return e.DecisionID
}

// deny makes d, a decision that did not let the use case go ahead, its
// refusal: the transaction commits the audit entries and nothing else.
func (o *op) deny(d decision) error {
	if d.Allowed { // allowed, but the view of a protected identity was not confirmed
		o.setDenied(d.req, d.id, []roles.Reason{roles.ReasonProtectedIdentity}, ErrConfirmationRequired)
	} else {
		o.setDenied(d.req, d.id, d.Reasons.Slice(), nil)
	}
	return errDeny
}

// denyWith records a refusal the service itself decides (an unverified actor,
// an actor kind the use case does not serve) and returns it.
func (o *op) denyWith(req roles.Request, d roles.Decision, reasons []roles.Reason, cause error) error {
	req.Actor, req.Child, req.At = o.actor, o.child.ID, o.now
	id := o.audit(req, d, false, reasons)
	o.setDenied(req, id, reasons, cause)
	return errDeny
}

func (o *op) setDenied(req roles.Request, id uuid.UUID, reasons []roles.Reason, cause error) {
	agency := req.RecordingAgency
	if req.Actor.Party.Kind != roles.PartyProfessional {
		agency = ""
	}
	o.denied = &DeniedError{
		DecisionID: id, Action: req.Action, Category: req.Category, Agency: agency,
		Reasons: reasons, Cause: cause,
	}
}

// event adds an event about the op's child to the outbox, with its payload.
func (o *op) event(p Payload) error {
	sc := o.sc
	if sc.enc == nil {
		sc.enc = json.NewEncoder(&sc.payloads)
	}
	start := sc.payloads.Len()
	end := 0
	if ja, ok := p.(jsonAppender); ok {
		b, err := ja.appendJSON(sc.payloads.AvailableBuffer())
		if err != nil {
			return o.fail(fmt.Errorf("payload of %s: %w", p.EventType(), err))
		}
		sc.payloads.Write(b)
		end = sc.payloads.Len()
	} else {
		if err := sc.enc.Encode(p); err != nil {
			return o.fail(fmt.Errorf("payload of %s: %w", p.EventType(), err))
		}
		end = sc.payloads.Len() - 1 // Encode ends the JSON with a newline, which Marshal does not write
	}
	b := sc.payloads.Bytes()[start:end:end]
	o.events = append(o.events, adapters.Event{
		ID: roles.ID[adapters.Event](o.id()), ChildID: o.child.ID, Type: string(p.EventType()),
		At: o.now, Payload: b,
	})
	return nil
}

// logOp writes the use case's log record: codes and IDs only.
func (s *Service) logOp(ctx context.Context, o *op, err error) {
	level := slog.LevelInfo
	outcome := "ok"
	switch {
	case err != nil:
		level, outcome = slog.LevelError, errorKind(err)
		if errors.Is(err, roles.ErrInvalid) || errors.Is(err, adapters.ErrNotFound) ||
			errors.Is(err, adapters.ErrAlreadyExists) || errors.Is(err, adapters.ErrConflict) ||
			errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			level = slog.LevelWarn
		}
	case o.denied != nil:
		level, outcome = slog.LevelWarn, "denied"
	}
	if !s.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("useCase", o.name),
		slog.String("outcome", outcome),
		slog.String("actor", o.actor.Party.String()),
	}
	if o.actor.Agency != "" {
		attrs = append(attrs, slog.String("agency", string(o.actor.Agency)))
	}
	if !o.child.ID.IsZero() {
		attrs = append(attrs, slog.String("child", o.child.ID.String()))
	}
	attrs = append(attrs, slog.Int("decisions", len(o.entries)), slog.Int("allowed", o.allowed))
	if o.denied != nil {
		attrs = append(attrs, slog.Any("denied", o.denied))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", safeError(err)))
	}
	s.log.LogAttrs(ctx, level, "backa", attrs...)
}

// LogValue implements slog.LogValuer: the decision's ID, what was refused and
// the reason codes.
func (e *DeniedError) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("decision", e.DecisionID.String()),
		slog.String("action", string(e.Action)),
		slog.String("category", string(e.Category)),
		slog.String("agency", string(e.Agency)),
		slog.Any("reasons", e.Codes()),
	)
}

// errorKind names the class of err for logs.
func errorKind(err error) string {
	switch {
	case errors.Is(err, ErrDenied):
		return "denied"
	case errors.Is(err, roles.ErrInvalid):
		return "invalid"
	case errors.Is(err, adapters.ErrNotFound):
		return "not_found"
	case errors.Is(err, adapters.ErrAlreadyExists):
		return "already_exists"
	case errors.Is(err, adapters.ErrConflict):
		return "conflict"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "cancelled"
	}
	return "error"
}

// safeError returns err's message when err is made of the library's own
// errors, which never hold personal data; otherwise only its kind, since a
// store's driver may quote values in its messages.
func safeError(err error) string {
	var (
		ve *roles.ValidationError
		ae *adapters.Error
		de *DeniedError
		be *roles.BasisError
	)
	if errors.As(err, &ve) || errors.As(err, &ae) || errors.As(err, &de) || errors.As(err, &be) ||
		errors.Is(err, roles.ErrInvalid) {
		return err.Error()
	}
	return errorKind(err)
}
