package plan

import (
	"math/rand/v2"
	"testing"

	"github.com/backabarnet/backabarnet/roles"
)

// TestAgencyIndex checks the hand-written positions against the vocabulary's
// canonical order, so that a new agency cannot be missed.
func TestAgencyIndex(t *testing.T) {
	t.Parallel()
	as := roles.Agencies()
	if len(as) > 16 {
		t.Fatalf("agencySet holds 16 agencies; there are %d", len(as))
	}
	for i, a := range as {
		if got := agencyIndex(a); got != i {
			t.Errorf("agencyIndex(%s) = %d, want %d", a, got, i)
		}
	}
	for _, a := range []roles.Agency{"", "fritids", "Skola"} {
		if got := agencyIndex(a); got != -1 {
			t.Errorf("agencyIndex(%q) = %d, want -1", a, got)
		}
	}
	var s agencySet
	s.add(roles.Polis)
	s.add(roles.Forskola)
	s.add("fritids")
	if got := s.list(); len(got) != 2 || got[0] != roles.Forskola || got[1] != roles.Polis || s.count() != 2 || !s.has(roles.Polis) || s.has(roles.Skola) {
		t.Errorf("agencySet = %v", got)
	}
}

func TestCompareIDs(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		var a, b roles.ID[Item]
		for i := range a {
			a[i] = byte(rng.IntN(3))
			b[i] = byte(rng.IntN(3))
		}
		if got, want := compareIDs(a, b), a.Compare(b); got != want {
			t.Fatalf("compareIDs(%s, %s) = %d, want %d", a, b, got, want)
		}
	}
}
