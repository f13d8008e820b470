package memstore_test

import (
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
)

func newStore(*testing.T) adapters.Store { return memstore.New() }

func TestConformance(t *testing.T) {
	adaptertest.Run(t, newStore)
}

func TestTransactions(t *testing.T) {
	adaptertest.RunTransactions(t, newStore)
}

func TestConcurrency(t *testing.T) {
	adaptertest.RunConcurrency(t, newStore, adaptertest.ConcurrencyOptions{Goroutines: 16, Updates: 50})
}
