package memstore

// Values enter the store as deep copies with their instants normalised
// (kind.normalize) and leave it as deep copies (kind.clone), so that no caller
// ever shares memory with what is stored. Empty slices become nil on the way.

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
