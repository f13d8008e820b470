package memstore

// Records enter the store as deep copies with their instants normalised
// (kind.normalize) and leave it as deep copies (kind.clone), so that no caller
// ever shares memory with what is stored. Empty slices become nil on the way.
// Plans, which are values nobody changes in place, are the exception: see
// keepPlan and sharePlan.

// cloneBytes copies s (of any element type); nil when empty.
func cloneBytes[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	c := make(S, len(s))
	copy(c, s)
	return c
}

// share copies s to the front of buf and returns the copy (nil when s is
// empty; capacity capped, so that appending to it cannot overwrite its
// neighbour) and the rest of buf. Clones of nested slices cut their copies
// from one buffer: one allocation instead of one per element.
func share[E any](buf, s []E) (copied, rest []E) {
	n := len(s)
	if n == 0 {
		return nil, buf
	}
	copy(buf, s)
	return buf[:n:n], buf[n:]
}

// A record that is updated often (a plan, revised item by item) is mostly
// what the stored version already holds. Stored values are immutable (a write
// replaces the pointer, nothing is changed in place), so the version a write
// stores may share with the version it replaces every slice whose content,
// once normalised, is unchanged: the new version then costs only what changed, in memory, in
// copying and in the garbage collector's work. The helpers below decide
// sharing; the element types' own comparisons are in the files of their
// records, each tested field by field (share_test.go) so that a field added
// later cannot be overlooked.

// sameFlat reports whether in, normalised element by element with normalize
// (nil for none), equals stored (a slice the store keeps). It is for
// comparable element types, compared whole with ==: time.Time compares its
// representation, which normalisation makes canonical (UTC, no monotonic
// reading, truncated), so equal instants compare equal.
func sameFlat[E comparable](stored, in []E, normalize func(E) E) bool {
	if len(stored) != len(in) {
		return false
	}
	for i := range in {
		e := in[i]
		if normalize != nil {
			e = normalize(e)
		}
		if e != stored[i] {
			return false
		}
	}
	return true
}

// keepFlat returns stored when in has the same normalised content (see
// sameFlat), and otherwise a normalised copy of in; nil when in is empty.
func keepFlat[E comparable](stored, in []E, normalize func(E) E) []E {
	if sameFlat(stored, in, normalize) {
		return stored
	}
	c := cloneBytes(in)
	if normalize != nil {
		for i := range c {
			c[i] = normalize(c[i])
		}
	}
	return c
}

// same reports whether in has the content of stored, comparing elements with
// eq(stored, in), which normalises what it reads from in.
func same[E any](stored, in []E, eq func(stored, in *E) bool) bool {
	if len(stored) != len(in) {
		return false
	}
	for i := range in {
		if !eq(&stored[i], &in[i]) {
			return false
		}
	}
	return true
}
