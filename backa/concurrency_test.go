package backa_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// TestConcurrentUseCases runs writers and readers on one service at once:
// every change that reports success is stored, a change that lost a race
// reports a conflict and changes nothing, and the audit trail stays one
// unbroken chain.
func TestConcurrentUseCases(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, items := overviewWorld(t, open, roles.Oskyddad)
		_, err := w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Pagaende})
		require.NoError(t, err)
		start := w.snap(f.child.ID)

		const workers, rounds = 4, 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		changed, conflicts := 0, 0
		for g := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					if g%2 == 1 {
						_, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
						assert.NoError(t, err)
						continue
					}
					// Writers base their change on the revision they read.
					v, err := w.svc.Plan(w.ctx, w.actor("mentor"), f.child.ID, backa.ReadOptions{})
					if !assert.NoError(t, err) {
						return
					}
					it, _ := v.Plan.Item(items[roles.Skola])
					to := plan.Pausad
					if it.Status == plan.Pausad {
						to = plan.Pagaende
					}
					_, err = w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{
						ChildID: f.child.ID, ItemID: it.ID, To: to, Revision: v.Plan.Revision, Note: string(rune('a' + r)),
					})
					mu.Lock()
					switch {
					case err == nil:
						changed++
					case errors.Is(err, adapters.ErrConflict):
						conflicts++
					default:
						assert.NoError(t, err)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		end := w.snap(f.child.ID)
		assert.Equal(t, start.planRev+changed, end.planRev, "every reported change stored, no other")
		assert.Equal(t, workers/2*rounds, changed+conflicts)
		_, err = w.svc.VerifyAudit(w.ctx)
		require.NoError(t, err)
	})
}
