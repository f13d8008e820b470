package sqlstore

import (
	"errors"
	"testing"

	"github.com/backabarnet/backabarnet/roles"
)

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	id := [16]byte(roles.MustNewID[roles.Child]())
	other := [16]byte(roles.MustNewID[roles.Child]())
	due := roles.NewDate(2026, 3, 31)
	c := newCursor(curItem).date(due).id(id).id(other).String()
	r, err := readCursor(curItem, c)
	if err != nil {
		t.Fatal(err)
	}
	gotDue, err := r.date()
	if err != nil || gotDue != due || r.id() != id || r.id() != other {
		t.Errorf("the item cursor did not read back what was written")
	}
	if _, err := readCursor(curDateID, c); !errors.Is(err, roles.ErrInvalid) {
		t.Errorf("a cursor of one shape read as another: %v", err)
	}
	seq, err := seqCursor(newCursor(curSeq).int64(42).String())
	if err != nil || seq != 42 {
		t.Errorf("seqCursor = %d, %v; want 42", seq, err)
	}
	for _, bad := range []string{"%%", newCursor(curSeq).int64(0).String(), newCursor(curSeq).int64(-3).String(), newCursor(curSeq).String()} {
		if _, err := seqCursor(bad); !errors.Is(err, roles.ErrInvalid) {
			t.Errorf("seqCursor(%q) = %v; want an error matching roles.ErrInvalid", bad, err)
		}
	}
}

// FuzzReadCursor: no text makes the cursor readers panic; what they do not
// accept gives an error matching roles.ErrInvalid; what they accept reads
// back the same.
func FuzzReadCursor(f *testing.F) {
	f.Add("")
	f.Add(newCursor(curSeq).int64(7).String())
	f.Add(newCursor(curItem).date(roles.NewDate(2026, 2, 28)).id([16]byte{1}).id([16]byte{2}).String())
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := seqCursor(s); err != nil && !errors.Is(err, roles.ErrInvalid) {
			t.Fatalf("seqCursor: %v", err)
		}
		for tag := range cursorSize {
			r, err := readCursor(tag, s)
			if err != nil {
				if !errors.Is(err, roles.ErrInvalid) {
					t.Fatalf("readCursor: %v", err)
				}
				continue
			}
			w := newCursor(tag)
			switch tag {
			case curSeq:
				w = w.int64(r.int64())
			case curID:
				w = w.id(r.id())
			case curTimeID:
				w = w.int64(r.int64()).id(r.id())
			case curDateID, curItem:
				d, err := r.date()
				if err != nil {
					continue
				}
				w = w.date(d).id(r.id())
				if tag == curItem {
					w = w.id(r.id())
				}
			}
			if w.String() != s {
				t.Fatalf("cursor %q reads back as %q", s, w.String())
			}
		}
	})
}
