// Package adaptertest is the conformance suite of package adapters: it checks
// that a store keeps the storage contract that backa relies on. Every store,
// the reference stores of this module and a vendor's own, must pass it.
//
// A vendor runs it from a test in the store's package, in three lines:
//
//	func TestConformance(t *testing.T) {
//		newStore := func(t *testing.T) adapters.Store { return mystore.NewForTest(t) } // fresh and empty
//		adaptertest.Run(t, newStore)
//		adaptertest.RunTransactions(t, newStore)
//		adaptertest.RunConcurrency(t, newStore, adaptertest.ConcurrencyOptions{})
//	}
//
// Each case runs as a named subtest (Records/Children/StaleRevision,
// Tx/Panic, Paging/Audit.ByChild/PageBoundary, ...) on a fresh, empty store
// from newStore; cases do not run in parallel, so newStore may reuse one
// database that it empties. CaseNames lists them all. No case is ever skipped:
// what a store cannot do it fails. The only thing a store declares up front is
// how much concurrent load its test environment takes (ConcurrencyOptions).
//
// The names in square brackets in the doc comments of package adapters are
// these cases: each "must" of the contract has one.
//
// A failing case says what is wrong, field by field:
//
//	Children.Get after Create: Protection = "ingen", want "sekretessmarkering"
//
// The suite uses the standard library only, so that a store's tests inherit no
// dependencies. Fixtures builds the valid, fully populated test records it
// uses; a store's own tests may use them too.
package adaptertest
