package adaptertest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

func concurrencyCases(o ConcurrencyOptions) []testCase {
	return []testCase{
		{"Concurrency/PlanUpdates", func(e *env) { testPlanUpdates(e, o) }},
		{"Concurrency/CreateSameID", func(e *env) { testCreateSameID(e, o) }},
		{"Concurrency/CreateSamePersonnummer", func(e *env) { testCreateSamePnr(e, o) }},
		{"Concurrency/CreateMany", func(e *env) { testCreateMany(e, o) }},
		{"Concurrency/AuditChain", func(e *env) { testAuditChain(e, o) }},
		{"Concurrency/Snapshots", func(e *env) { testSnapshots(e, o) }},
	}
}

// PlanUpdateResult reports a run of UpdatePlanConcurrently.
type PlanUpdateResult struct {
	// Wins maps each revision a writer stored to the writer's tag ("g3-u17").
	Wins map[int64]string
	// Conflicts counts the updates that failed with ErrConflict and were retried.
	Conflicts int64
	// Final is the plan's revision at the end.
	Final int64
}

// UpdatePlanConcurrently runs goroutines writers that each make updates
// successful updates of the plan with ID id, concurrently, each setting the
// plan's Summary to the writer's tag ("g3-u17"). Writers with an even number
// try each update optimistically first, as a user's edit does: they read the
// plan in a View and write it in InTx, which fails with ErrConflict when
// another writer won the revision in between; on a conflict, and for the
// other writers always, they read and write in one InTx, retrying on
// ErrConflict. It returns the first error other than a conflict. The suite's
// Concurrency/PlanUpdates case and memstore's benchmark use it.
func UpdatePlanConcurrently(ctx context.Context, s adapters.Store, id roles.ID[plan.Plan], goroutines, updates int) (PlanUpdateResult, error) {
	res := PlanUpdateResult{Wins: make(map[int64]string, goroutines*updates)}
	var mu sync.Mutex
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u, attempt := 0, 0; u < updates; attempt++ {
				tag := fmt.Sprintf("g%d-u%d", g, u)
				var p plan.Plan
				var err error
				if g%2 == 0 && attempt == 0 {
					err = s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
						var err error
						p, err = tx.Plans().Get(ctx, id)
						return err
					})
					if err == nil {
						p.Summary = tag
						err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p) })
					}
				} else {
					err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
						var err error
						if p, err = tx.Plans().Get(ctx, id); err != nil {
							return err
						}
						p.Summary = tag
						return tx.Plans().Update(ctx, &p)
					})
				}
				switch {
				case errors.Is(err, adapters.ErrConflict):
					conflicts.Add(1)
					continue
				case err != nil:
					errs <- fmt.Errorf("writer %d, update %d: %w", g, u, err)
					return
				}
				mu.Lock()
				if prev, ok := res.Wins[p.Revision]; ok {
					mu.Unlock()
					errs <- fmt.Errorf("revision %d was won twice: by %s and by %s", p.Revision, prev, tag)
					return
				}
				res.Wins[p.Revision] = tag
				mu.Unlock()
				u, attempt = u+1, -1
			}
		}()
	}
	wg.Wait()
	close(errs)
	res.Conflicts = conflicts.Load()
	err := <-errs
	if err == nil {
		err = s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
			p, err := tx.Plans().Get(ctx, id)
			res.Final = p.Revision
			return err
		})
	}
	return res, err
}

func testPlanUpdates(e *env, o ConcurrencyOptions) {
	ctx, cancel := context.WithTimeout(e.ctx, o.Timeout)
	defer cancel()
	_, p := e.storePlan(0, nil)
	res, err := UpdatePlanConcurrently(ctx, e.s, p.ID, o.Goroutines, o.Updates)
	noErr(e.t, "concurrent plan updates", err)
	n := int64(o.Goroutines * o.Updates)
	if res.Final != n+1 {
		e.t.Errorf("after %d successful updates from revision 1: the plan is at revision %d, want %d (an update was lost, or one counted that did not happen)", n, res.Final, n+1)
	}
	for rev := int64(2); rev <= n+1; rev++ {
		if _, ok := res.Wins[rev]; !ok {
			e.t.Errorf("no writer won revision %d", rev)
			break
		}
	}
	// Every revision is stored, with the summary of the writer that won it.
	e.view("reading the revision log", func(ctx context.Context, tx adapters.Tx) error {
		page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
		seen := 0
		for {
			log, err := tx.Plans().Revisions(ctx, p.ID, page)
			noErr(e.t, "Plans.Revisions", err)
			for _, l := range log.Items {
				seen++
				if want, ok := res.Wins[l.Revision]; ok && l.Summary != want {
					e.t.Errorf("revision %d has summary %q, but %s won it", l.Revision, l.Summary, want)
					return nil
				}
			}
			if log.Next == "" {
				break
			}
			page.Cursor = log.Next
		}
		if int64(seen) != n+1 {
			e.t.Errorf("Plans.Revisions lists %d revisions, want %d", seen, n+1)
		}
		return nil
	})
	e.t.Logf("%d writers x %d updates: %d conflicts retried", o.Goroutines, o.Updates, res.Conflicts)
}

// race runs n goroutines of fn at once and returns their errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// exactlyOne checks that one error is nil and every other matches target.
func exactlyOne(e *env, what string, errs []error, target error) {
	e.t.Helper()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, target):
			e.t.Errorf("%s: a loser got %v, want an error matching %v", what, err, target)
		}
	}
	if wins != 1 {
		e.t.Errorf("%s: %d of %d succeeded, want exactly 1", what, wins, len(errs))
	}
}

func testCreateSameID(e *env, o ConcurrencyOptions) {
	c := e.f.Child()
	errs := race(o.Goroutines, func(i int) error {
		v := e.f.Child()
		v.ID = c.ID
		return e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &v) })
	})
	exactlyOne(e, "concurrent Children.Create with one ID", errs, adapters.ErrAlreadyExists)
}

func testCreateSamePnr(e *env, o ConcurrencyOptions) {
	pnr := e.f.ChildPersonnummer()
	errs := race(o.Goroutines, func(i int) error {
		v := e.f.Child()
		v.Personnummer = pnr
		return e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &v) })
	})
	exactlyOne(e, "concurrent Children.Create with one personnummer", errs, adapters.ErrAlreadyExists)
}

func testCreateMany(e *env, o ConcurrencyOptions) {
	ids := make([][]roles.ID[roles.Child], o.Goroutines)
	errs := race(o.Goroutines, func(g int) error {
		for range o.Updates {
			c := e.f.Child()
			if err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return e.change(ctx, tx, &c) }); err != nil {
				return err
			}
			ids[g] = append(ids[g], c.ID)
		}
		return nil
	})
	for _, err := range errs {
		noErr(e.t, "concurrent creates", err)
	}
	missing := 0
	e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
		for _, g := range ids {
			for _, id := range g {
				if _, err := tx.Children().Get(ctx, id); err != nil {
					missing++
				}
			}
		}
		return nil
	})
	if missing > 0 {
		e.t.Errorf("after %d concurrent creates, %d children are missing", o.Goroutines*o.Updates, missing)
	}
	if v := e.visible(roles.ID[roles.Child]{}); v.events != min(o.Goroutines*o.Updates, adapters.MaxPageLimit) {
		e.t.Errorf("after %d concurrent creates with an event each: %d pending events", o.Goroutines*o.Updates, v.events)
	}
}

// chainHash is the toy hash chain of the AuditChain case.
func chainHash(prev []byte, id roles.ID[adapters.AuditEntry]) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(id[:])
	return h.Sum(nil)
}

func testAuditChain(e *env, o ConcurrencyOptions) {
	w := e.world()
	ctx, cancel := context.WithTimeout(e.ctx, o.Timeout)
	defer cancel()
	errs := race(o.Goroutines, func(g int) error {
		for u := 0; u < o.Updates; {
			err := e.s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
				a := e.f.AuditEntry(w.child.ID, w.teacher)
				last, err := tx.Audit().Last(ctx)
				switch {
				case errors.Is(err, adapters.ErrNotFound):
					a.PrevHash = nil
				case err != nil:
					return err
				default:
					a.PrevHash = last.Hash
				}
				a.Hash = chainHash(a.PrevHash, a.ID)
				return tx.Audit().Append(ctx, &a)
			})
			switch {
			case errors.Is(err, adapters.ErrConflict):
				continue
			case err != nil:
				return err
			}
			u++
		}
		return nil
	})
	for _, err := range errs {
		noErr(e.t, "concurrent audit appends", err)
	}
	all := e.scanAll()
	if len(all) != o.Goroutines*o.Updates {
		e.t.Errorf("the trail has %d entries after %d appends", len(all), o.Goroutines*o.Updates)
	}
	var prev []byte
	for i, a := range all {
		if a.Seq != int64(i+1) {
			e.t.Errorf("entry %d has Seq %d, want %d (no gaps, no repeats)", i+1, a.Seq, i+1)
			return
		}
		if !bytes.Equal(a.PrevHash, prev) || !bytes.Equal(a.Hash, chainHash(prev, a.ID)) {
			e.t.Errorf("the hash chain breaks at Seq %d: two concurrent appends read the same last entry and both committed", a.Seq)
			return
		}
		prev = a.Hash
	}
}

func testSnapshots(e *env, o ConcurrencyOptions) {
	a, b := e.f.Child(), e.f.Child()
	e.create("creating two children",
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &a) },
		func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &b) })
	var torn atomic.Int64
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range max(o.Goroutines/2, 1) {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				runtime.Gosched() // let the writers run on a machine with few cores
				_ = e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
					x, err1 := tx.Children().Get(ctx, a.ID)
					y, err2 := tx.Children().Get(ctx, b.ID)
					if err1 == nil && err2 == nil && x.GivenName != y.GivenName {
						torn.Add(1)
					}
					return nil
				})
			}
		}()
	}
	errs := race(max(o.Goroutines/2, 1), func(g int) error {
		for u := 0; u < o.Updates; {
			err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
				name := fmt.Sprintf("g%d-u%d", g, u)
				for _, id := range []roles.ID[roles.Child]{a.ID, b.ID} {
					c, err := tx.Children().Get(ctx, id)
					if err != nil {
						return err
					}
					c.GivenName = name
					if err := tx.Children().Update(ctx, &c); err != nil {
						return err
					}
				}
				return nil
			})
			switch {
			case errors.Is(err, adapters.ErrConflict):
				continue
			case err != nil:
				return err
			}
			u++
		}
		return nil
	})
	close(stop)
	readers.Wait()
	for _, err := range errs {
		noErr(e.t, "concurrent updates of two children", err)
	}
	if n := torn.Load(); n > 0 {
		e.t.Errorf("%d Views saw two children updated together in one transaction with different names: a View must read one consistent snapshot", n)
	}
}
