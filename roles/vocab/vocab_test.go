package vocab_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

type colour string

var colours = []colour{"red", "green"}

func TestParseAndMarshal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    colour
		wantErr bool
	}{
		{"known first", "red", "red", false},
		{"known second", "green", "green", false},
		{"empty", "", "", true},
		{"case differs", "Red", "", true},
		{"unknown", "blue", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vocab.Parse("colour", tt.in, colours)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("Parse(%q) = %q, %v; want %q, err=%v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !errors.Is(err, vocab.ErrUnknownCode) {
				t.Fatalf("error %v does not match ErrUnknownCode", err)
			}
			var dst colour
			uerr := vocab.Unmarshal("colour", &dst, []byte(tt.in), colours)
			if (uerr != nil) != tt.wantErr || dst != tt.want {
				t.Fatalf("Unmarshal(%q) = %q, %v", tt.in, dst, uerr)
			}
			b, merr := vocab.Marshal("colour", colour(tt.in), colours)
			if (merr != nil) != tt.wantErr || (merr == nil && string(b) != tt.in) {
				t.Fatalf("Marshal(%q) = %q, %v", tt.in, b, merr)
			}
		})
	}
}

func TestUnknownCodeErrorIsBounded(t *testing.T) {
	t.Parallel()
	_, err := vocab.Parse("colour", strings.Repeat("x", 1000), colours)
	if len(err.Error()) > 100 {
		t.Fatalf("error message not bounded: %d bytes", len(err.Error()))
	}
	_, err = vocab.Parse("colour", "", colours)
	if got, want := err.Error(), "colour: empty code"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestIndex(t *testing.T) {
	t.Parallel()
	if vocab.Index(colour("green"), colours) != 1 || vocab.Index(colour("blue"), colours) != -1 {
		t.Fatal("Index wrong")
	}
}
