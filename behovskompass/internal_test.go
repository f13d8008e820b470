package behovskompass

import (
	"testing"

	"github.com/backabarnet/backabarnet/roles"
)

// Combine keeps room for maxAgencies agencies, and finds agencies by the
// length of their codes first.
func TestEveryAgencyFitsCombine(t *testing.T) {
	t.Parallel()
	all := roles.Agencies()
	if len(all) > maxAgencies {
		t.Fatalf("roles has %d agencies; raise maxAgencies to at least that", len(all))
	}
	for i, a := range all {
		if got := agencyIndex(a); got != i {
			t.Errorf("agencyIndex(%s) = %d, want %d", a, got, i)
		}
	}
	for _, a := range []roles.Agency{"", "skolan", "polisen", "elevhalsa", "x"} {
		if got := agencyIndex(a); got != -1 {
			t.Errorf("agencyIndex(%q) = %d, want -1", a, got)
		}
	}
}
