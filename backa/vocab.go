package backa

import "github.com/backabarnet/backabarnet/roles/vocab"

var breakKinds = []BreakKind{BreakChanged, BreakRemoved, BreakReordered, BreakLink}

// BreakKinds returns every kind of break in canonical order.
func BreakKinds() []BreakKind { return append([]BreakKind(nil), breakKinds...) }

// ParseBreakKind returns the kind with code s, or an error matching
// vocab.ErrUnknownCode.
func ParseBreakKind(s string) (BreakKind, error) { return vocab.Parse("break kind", s, breakKinds) }

// Valid reports whether k is a known kind.
func (k BreakKind) Valid() bool { return vocab.Valid(k, breakKinds) }

// String returns the code.
func (k BreakKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (k BreakKind) MarshalText() ([]byte, error) { return vocab.Marshal("break kind", k, breakKinds) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (k *BreakKind) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("break kind", k, b, breakKinds)
}

var withheldKinds = []WithheldKind{WithheldAssessment, WithheldItem}

// WithheldKinds returns every kind of withheld entry in canonical order.
func WithheldKinds() []WithheldKind { return append([]WithheldKind(nil), withheldKinds...) }

// ParseWithheldKind returns the kind with code s, or an error matching
// vocab.ErrUnknownCode.
func ParseWithheldKind(s string) (WithheldKind, error) {
	return vocab.Parse("withheld kind", s, withheldKinds)
}

// Valid reports whether k is a known kind.
func (k WithheldKind) Valid() bool { return vocab.Valid(k, withheldKinds) }

// String returns the code.
func (k WithheldKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (k WithheldKind) MarshalText() ([]byte, error) {
	return vocab.Marshal("withheld kind", k, withheldKinds)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (k *WithheldKind) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("withheld kind", k, b, withheldKinds)
}
