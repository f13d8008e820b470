package adaptertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// NewStore returns a fresh, empty store for one test. It may register
// cleanup with t.Cleanup; it should fail t (t.Fatal) when it cannot make one.
type NewStore func(t *testing.T) adapters.Store

// Run runs the conformance cases of the storage contract that need no
// concurrency: round trips of every record type, errors, revisions, every
// query and paging. Each case runs as a named subtest on a fresh store from
// newStore. A store conforms when Run, RunTransactions and RunConcurrency
// all pass; none of them skips a case.
func Run(t *testing.T, newStore NewStore) {
	runCases(t, newStore, mainCases())
}

// RunTransactions runs the cases of InTx and View: commit and rollback, a
// panicking function, isolation, nesting, a done transaction, a read-only
// View, cancelled contexts, the audit trail and outbox written with the change.
func RunTransactions(t *testing.T, newStore NewStore) {
	runCases(t, newStore, txCases())
}

// ConcurrencyOptions sizes RunConcurrency. A store declares here, up front,
// how much concurrent load its test environment can take; the cases and what
// they require stay the same.
type ConcurrencyOptions struct {
	// Goroutines is the number of concurrent writers; 8 when zero.
	Goroutines int
	// Updates is the number of updates each writer makes; 25 when zero.
	Updates int
	// Timeout bounds each case; 2 minutes when zero.
	Timeout time.Duration
}

func (o ConcurrencyOptions) withDefaults() ConcurrencyOptions {
	if o.Goroutines <= 0 {
		o.Goroutines = 8
	}
	if o.Updates <= 0 {
		o.Updates = 25
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	return o
}

// RunConcurrency runs the cases with concurrent writers and readers: updates
// of one plan where exactly one writer wins each revision and none is lost,
// concurrent creates, a linear audit chain, consistent snapshots.
func RunConcurrency(t *testing.T, newStore NewStore, opts ConcurrencyOptions) {
	runCases(t, newStore, concurrencyCases(opts.withDefaults()))
}

// CaseNames returns the names of every case Run, RunTransactions and
// RunConcurrency run, in order: the conformance checklist.
func CaseNames() []string {
	var out []string
	for _, cs := range [][]testCase{mainCases(), txCases(), concurrencyCases(ConcurrencyOptions{}.withDefaults())} {
		for _, c := range cs {
			out = append(out, c.name)
		}
	}
	return out
}

type testCase struct {
	name string
	run  func(e *env)
}

func runCases(t *testing.T, newStore NewStore, cases []testCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			if s == nil {
				t.Fatal("newStore returned nil")
			}
			c.run(&env{t: t, s: s, ctx: t.Context(), f: NewFixtures()})
		})
	}
}

// env is what a case works with: its test, a fresh store, a context and fixtures.
type env struct {
	t   *testing.T
	s   adapters.Store
	ctx context.Context
	f   *Fixtures
}

// tx runs fn in InTx and fails the test with what when it returns an error.
func (e *env) tx(what string, fn func(ctx context.Context, tx adapters.Tx) error) {
	e.t.Helper()
	if err := e.s.InTx(e.ctx, fn); err != nil {
		e.t.Fatalf("%s: InTx: %v", what, err)
	}
}

// view runs fn in View and fails the test with what when it returns an error.
func (e *env) view(what string, fn func(ctx context.Context, tx adapters.Tx) error) {
	e.t.Helper()
	if err := e.s.View(e.ctx, fn); err != nil {
		e.t.Fatalf("%s: View: %v", what, err)
	}
}

// create stores records in one transaction; each fn creates one.
func (e *env) create(what string, fns ...func(ctx context.Context, tx adapters.Tx) error) {
	e.t.Helper()
	e.tx(what, func(ctx context.Context, tx adapters.Tx) error {
		for _, fn := range fns {
			if err := fn(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
}

// same fails the test when got differs from Expected(want).
func same[T any](e *env, what string, got, want T) bool {
	e.t.Helper()
	if ds := diff(got, Expected(want)); len(ds) > 0 {
		e.t.Errorf("%s:%s", what, lines(ds))
		return false
	}
	return true
}

// unchanged reports a difference between got and want, a snapshot taken
// earlier, as they are: a value that must not have been changed in place.
func unchanged[T any](e *env, what string, got, want T) bool {
	e.t.Helper()
	if ds := diff(got, want); len(ds) > 0 {
		e.t.Errorf("%s: changed in place:%s", what, lines(ds))
		return false
	}
	return true
}

// wantErr fails the test unless err matches target; entity and id, when set,
// must be named by an *adapters.Error in the chain.
func wantErr(t *testing.T, what string, err, target error, entity adapters.Entity, id string) bool {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: got no error, want one matching %v", what, target)
		return false
	case !errors.Is(err, target):
		t.Errorf("%s: got error %q, want one matching %v (errors.Is)", what, err, target)
		return false
	}
	if entity == "" {
		return true
	}
	var ae *adapters.Error
	switch {
	case !errors.As(err, &ae):
		t.Errorf("%s: error %q is not an *adapters.Error naming the entity and ID", what, err)
		return false
	case ae.Entity != entity:
		t.Errorf("%s: error %q names entity %q, want %q", what, err, ae.Entity, entity)
		return false
	case id != "" && ae.ID != id:
		t.Errorf("%s: error %q names ID %q, want %q", what, err, ae.ID, id)
		return false
	}
	return true
}

// noErr fails the test now when err is not nil.
func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// noPersonalData fails the test when msg holds the personnummer in any form.
func noPersonalData(t *testing.T, what, msg string, p roles.Personnummer) {
	t.Helper()
	full := p.Reveal()
	for _, form := range []string{full, full[2:], full[:8] + "-" + full[8:], full[2:8] + "-" + full[8:]} {
		if strings.Contains(msg, form) {
			t.Errorf("%s: the error message holds the personnummer; errors must never hold personal data", what)
			return
		}
	}
}

// errorf formats a message prefix.
func errorf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func mainCases() []testCase {
	var out []testCase
	for _, cs := range [][]testCase{recordCases(), queryCases(), consentQueryCases(), logCases(), valueCases(), pagingCases()} {
		out = append(out, cs...)
	}
	return out
}
