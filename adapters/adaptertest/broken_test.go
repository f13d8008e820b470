package adaptertest_test

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/roles"
)

// The suite must be able to fail. Each broken store below wraps memstore and
// breaks one rule of the contract; TestBrokenStores runs the suite on it in a
// child process (a *testing.T cannot be faked) and checks that the case for
// that rule fails with a message that says what is wrong.

// brokenStore wraps a working store and breaks one rule.
type brokenStore struct {
	adapters.Store
	mode string
}

func (s brokenStore) InTx(ctx context.Context, fn func(context.Context, adapters.Tx) error) error {
	if s.mode != "commits-on-error" {
		return s.Store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return fn(ctx, brokenTx{tx, s.mode}) })
	}
	var fnErr error
	err := s.Store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		fnErr = fn(ctx, tx)
		return nil // commits whatever fn wrote, even when it failed
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

func (s brokenStore) View(ctx context.Context, fn func(context.Context, adapters.Tx) error) error {
	return s.Store.View(ctx, func(ctx context.Context, tx adapters.Tx) error { return fn(ctx, brokenTx{tx, s.mode}) })
}

type brokenTx struct {
	adapters.Tx
	mode string
}

func (t brokenTx) Children() adapters.Children { return brokenChildren{t.Tx.Children(), t.mode} }

type brokenChildren struct {
	adapters.Children
	mode string
}

// Get loses the protection level.
func (c brokenChildren) Get(ctx context.Context, id roles.ID[roles.Child]) (roles.Child, error) {
	v, err := c.Children.Get(ctx, id)
	if c.mode == "loses-a-field" {
		v.Protection = ""
	}
	return v, err
}

// Update ignores the revision the caller holds: the last writer wins.
func (c brokenChildren) Update(ctx context.Context, v *roles.Child) error {
	if c.mode == "ignores-revisions" {
		cur, err := c.Children.Get(ctx, v.ID)
		if err == nil {
			v.Revision = cur.Revision
		}
	}
	return c.Children.Update(ctx, v)
}

const brokenEnv = "ADAPTERTEST_BROKEN_STORE"

// TestBrokenHelper runs the suite on a broken store when TestBrokenStores
// starts it in a child process; otherwise it has nothing to do.
func TestBrokenHelper(t *testing.T) {
	mode := os.Getenv(brokenEnv)
	if mode == "" {
		t.Skip("run by TestBrokenStores in a child process")
	}
	newStore := func(*testing.T) adapters.Store { return brokenStore{memstore.New(), mode} }
	adaptertest.Run(t, newStore)
	adaptertest.RunTransactions(t, newStore)
}

func TestBrokenStores(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite in child processes")
	}
	for _, tc := range []struct {
		mode      string
		failCase  string // a case that must fail
		message   string // what its message must say
		passCases []string
	}{
		{
			mode:     "loses-a-field",
			failCase: "Records/Children/Create",
			message:  `Children.Get after Create: Protection = "", want "sekretessmarkering"`,
		},
		{
			mode:     "ignores-revisions",
			failCase: "Records/Children/StaleRevision",
			message:  "Children.Update with revision 1 when the stored one is 2: got no error, want one matching revision conflict",
		},
		{
			mode:     "commits-on-error",
			failCase: "Tx/RollbackOnError",
			message:  "after InTx whose fn returned an error: child stored true, 1 audit entries, 1 events; want nothing (rollback)",
		},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenHelper$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), brokenEnv+"="+tc.mode)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a store that %s; it must fail", tc.mode)
			}
			s := string(out)
			if !strings.Contains(s, "--- FAIL: TestBrokenHelper/"+tc.failCase+" ") {
				t.Errorf("the suite on a store that %s: case %s did not fail", tc.mode, tc.failCase)
			}
			if !strings.Contains(s, tc.message) {
				t.Errorf("the suite on a store that %s: no message %q in its output:\n%s", tc.mode, tc.message, tail(s, 40))
			}
			// The break is caught where it is, and not everywhere: most cases pass.
			passed := len(regexp.MustCompile(`(?m)^\s*--- PASS: TestBrokenHelper/`).FindAllString(s, -1))
			failed := len(regexp.MustCompile(`(?m)^\s*--- FAIL: TestBrokenHelper/`).FindAllString(s, -1))
			t.Logf("store that %s: %d cases failed, %d passed", tc.mode, failed, passed)
			if passed < failed {
				t.Errorf("store that %s: %d cases failed and only %d passed; a single break should fail few cases", tc.mode, failed, passed)
			}
		})
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestCaseNames(t *testing.T) {
	names := adaptertest.CaseNames()
	if len(names) < 60 {
		t.Errorf("the suite has %d cases, want at least 60", len(names))
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("case name %q used twice", n)
		}
		seen[n] = true
	}
	t.Logf("%d cases", len(names))
}
