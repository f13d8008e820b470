package memstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/backabarnet/backabarnet/adapters"
)

// Store is an adapters.Store in memory. The zero Store is not usable; call New.
// A Store is safe for concurrent use.
type Store struct {
	// writer admits one write transaction at a time (a semaphore rather than
	// a mutex, so that waiting for it heeds the context).
	writer chan struct{}
	// mu guards the committed state: Views hold it for reading, a commit for
	// writing. The one write transaction reads the committed state without it:
	// only its own commit changes that state.
	mu sync.RWMutex
	st state
	// spareDirty and spareKeys are buffers that write transactions hand on
	// to the next (see committer.release); the one holding writer owns them.
	spareDirty []committer
	spareKeys  []ikey
}

var _ adapters.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	s := &Store{writer: make(chan struct{}, 1)}
	s.st.init()
	return s
}

// txKey marks a context as inside a transaction of one store.
type txKey struct{ s *Store }

// InTx implements adapters.Store. Write transactions run one at a time, each on
// a working copy that is merged into the committed state when fn returns nil;
// meanwhile Views read the committed state. InTx never calls fn more than once.
// A panic in fn discards the working copy and propagates unchanged.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	if ctx.Value(txKey{s}) != nil {
		return fmt.Errorf("memstore: InTx: %w", adapters.ErrNestedTx)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	t := newTx(s, true)
	t.dirty, t.keyBuf = s.spareDirty, s.spareKeys
	defer func() {
		t.done.Store(true)
		for _, c := range t.dirty {
			c.release()
		}
		if cap(t.dirty) <= spareMax {
			clear(t.dirty)
			s.spareDirty = t.dirty[:0]
		}
		if cap(t.keyBuf) <= spareMax {
			s.spareKeys = t.keyBuf[:0]
		}
		t.dirty, t.keyBuf = nil, nil
		<-s.writer
	}()
	if err := fn(context.WithValue(ctx, txKey{s}, t), t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	t.commit()
	s.mu.Unlock()
	return nil
}

// View implements adapters.Store: fn reads the committed state, which no commit
// changes until fn returns.
func (s *Store) View(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	if ctx.Value(txKey{s}) != nil {
		return fmt.Errorf("memstore: View: %w", adapters.ErrNestedTx)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	t := newTx(s, false)
	defer func() {
		t.done.Store(true)
		s.mu.RUnlock()
	}()
	return fn(context.WithValue(ctx, txKey{s}, t), t)
}

// committer is a part of a transaction's working copy that merges into the
// committed state.
type committer interface {
	// commit merges the working copy into the committed state.
	commit()
	// release ends the transaction's use of the working copy: it drops the
	// transaction's reference to it, and may hand its emptied buffers to
	// the next write transaction. Write transactions run one at a time, and
	// only the one holding Store.writer reads or writes these spares; a
	// transaction used after it ended (an error, ErrTxDone) never reaches
	// its working copy.
	release()
}

// spareMax bounds the buffers a write transaction hands on: those of a bulk
// transaction are left to the garbage collector.
const spareMax = 64

// tx is one transaction: the repositories, each with the working copy of what
// the transaction wrote.
type tx struct {
	s     *Store
	write bool
	done  atomic.Bool
	dirty []committer
	// keyBuf is scratch space for the index keys of a record being checked.
	keyBuf []ikey

	children       childrenRepo
	guardians      guardiansRepo
	custodies      custodiesRepo
	relatedPersons relatedRepo
	organisations  organisationsRepo
	units          unitsRepo
	professionals  professionalsRepo
	assignments    assignmentsRepo
	consents       consentsRepo
	disclosures    disclosuresRepo
	maturity       maturityRepo
	harms          harmRepo
	assessments    assessmentsRepo
	concerns       concernsRepo
	plans          plansRepo
	audit          auditRepo
	outbox         outboxRepo
}

func newTx(s *Store, write bool) *tx {
	t := &tx{s: s, write: write}
	st := &s.st
	t.children.repo = repo[childID, child]{tx: t, base: st.children}
	t.guardians.repo = repo[guardianID, guardian]{tx: t, base: st.guardians}
	t.custodies.repo = repo[custodyID, custody]{tx: t, base: st.custodies}
	t.relatedPersons.repo = repo[relatedID, related]{tx: t, base: st.related}
	t.organisations.repo = repo[organisationID, organisation]{tx: t, base: st.organisations}
	t.units.repo = repo[unitID, unit]{tx: t, base: st.units}
	t.professionals.repo = repo[professionalID, professional]{tx: t, base: st.professionals}
	t.assignments.repo = repo[assignmentID, assignment]{tx: t, base: st.assignments}
	t.consents.repo = repo[consentID, consent]{tx: t, base: st.consents}
	t.disclosures.repo = repo[disclosureID, disclosure]{tx: t, base: st.disclosures}
	t.maturity.repo = repo[maturityID, maturity]{tx: t, base: st.maturity}
	t.harms.repo = repo[harmID, harm]{tx: t, base: st.harms}
	t.assessments.repo = repo[assessmentID, assessment]{tx: t, base: st.assessments}
	t.concerns.repo = repo[concernID, concern]{tx: t, base: st.concerns}
	t.plans.repo = repo[planID, planT]{tx: t, base: st.plans}
	t.plans.baseRevs = &st.planRevs
	t.audit = auditRepo{tx: t, base: &st.audit}
	t.outbox = outboxRepo{tx: t, base: &st.outbox}
	return t
}

func (t *tx) commit() {
	for _, c := range t.dirty {
		c.commit()
	}
}

// readable checks that the transaction may still be used.
func (t *tx) readable(ctx context.Context) error {
	if t.done.Load() {
		return fmt.Errorf("memstore: %w", adapters.ErrTxDone)
	}
	return ctx.Err()
}

// writable checks that the transaction may still be used, for a write.
func (t *tx) writable(ctx context.Context) error {
	if err := t.readable(ctx); err != nil {
		return err
	}
	if !t.write {
		return fmt.Errorf("memstore: %w", adapters.ErrReadOnly)
	}
	return nil
}

// The repositories of the transaction, as adapters.Tx gives them.

func (t *tx) Children() adapters.Children             { return &t.children }
func (t *tx) Guardians() adapters.Guardians           { return &t.guardians }
func (t *tx) Custodies() adapters.Custodies           { return &t.custodies }
func (t *tx) RelatedPersons() adapters.RelatedPersons { return &t.relatedPersons }
func (t *tx) Organisations() adapters.Organisations   { return &t.organisations }
func (t *tx) Units() adapters.Units                   { return &t.units }
func (t *tx) Professionals() adapters.Professionals   { return &t.professionals }
func (t *tx) Assignments() adapters.Assignments       { return &t.assignments }
func (t *tx) Consents() adapters.Consents             { return &t.consents }
func (t *tx) Disclosures() adapters.Disclosures       { return &t.disclosures }
func (t *tx) MaturityAssessments() adapters.MaturityAssessments {
	return &t.maturity
}
func (t *tx) HarmExceptions() adapters.HarmExceptions { return &t.harms }
func (t *tx) Assessments() adapters.Assessments       { return &t.assessments }
func (t *tx) Concerns() adapters.Concerns             { return &t.concerns }
func (t *tx) Plans() adapters.Plans                   { return &t.plans }
func (t *tx) Audit() adapters.AuditLog                { return &t.audit }
func (t *tx) Outbox() adapters.Outbox                 { return &t.outbox }

// state is the committed state of a store.
type state struct {
	children      *table[childID, child]
	guardians     *table[guardianID, guardian]
	custodies     *table[custodyID, custody]
	related       *table[relatedID, related]
	organisations *table[organisationID, organisation]
	units         *table[unitID, unit]
	professionals *table[professionalID, professional]
	assignments   *table[assignmentID, assignment]
	consents      *table[consentID, consent]
	disclosures   *table[disclosureID, disclosure]
	maturity      *table[maturityID, maturity]
	harms         *table[harmID, harm]
	assessments   *table[assessmentID, assessment]
	concerns      *table[concernID, concern]
	plans         *table[planID, planT]
	planRevs      planRevisions
	audit         auditLog
	outbox        outboxLog
}

func (st *state) init() {
	st.children = newTable(&childKind, true)
	st.guardians = newTable(&guardianKind, true)
	st.custodies = newTable(&custodyKind, true)
	st.related = newTable(&relatedKind, true)
	st.organisations = newTable(&organisationKind, true)
	st.units = newTable(&unitKind, true)
	st.professionals = newTable(&professionalKind, true)
	st.assignments = newTable(&assignmentKind, true)
	st.consents = newTable(&consentKind, true)
	st.disclosures = newTable(&disclosureKind, true)
	st.maturity = newTable(&maturityKind, true)
	st.harms = newTable(&harmKind, true)
	st.assessments = newTable(&assessmentKind, true)
	st.concerns = newTable(&concernKind, true)
	st.plans = newTable(&planKind, true)
	st.planRevs.byPlan = make(map[planID][]storedRevision)
	st.audit.init()
	st.outbox.init()
}
