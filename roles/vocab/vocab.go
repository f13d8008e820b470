// Package vocab holds the shared mechanics of the closed vocabularies used across
// the Backa barnet SDK: string codes that are stable on the wire and in databases,
// parsed strictly, never renamed or reused.
//
// Each vocabulary is a string type (for example roles.Agency or behovskompass.Area)
// whose methods delegate to the generic functions here, so that every vocabulary
// parses, validates and reports unknown codes the same way.
package vocab

import (
	"errors"
	"strconv"
)

// ErrUnknownCode is matched by every error that reports a code outside its vocabulary.
var ErrUnknownCode = errors.New("unknown code")

// UnknownCodeError reports a code that is not part of a closed vocabulary.
// Vocabulary codes are not personal data, so the code is included.
type UnknownCodeError struct {
	// Vocabulary names the vocabulary, for example "agency" or "area".
	Vocabulary string
	// Code is the rejected code, quoted in the message. Codes longer than 64
	// bytes are cut, so that arbitrary input cannot bloat an error message.
	Code string
}

// Error implements error.
func (e *UnknownCodeError) Error() string {
	c := e.Code
	if len(c) > 64 {
		c = c[:64] + "..."
	}
	if c == "" {
		return e.Vocabulary + ": empty code"
	}
	return e.Vocabulary + ": unknown code " + strconv.Quote(c)
}

// Unwrap returns ErrUnknownCode.
func (e *UnknownCodeError) Unwrap() error { return ErrUnknownCode }

// Valid reports whether code is one of values.
func Valid[T ~string](code T, values []T) bool {
	for _, v := range values {
		if v == code {
			return true
		}
	}
	return false
}

// Parse returns the value of values whose code equals s exactly, or an
// *UnknownCodeError naming the vocabulary.
func Parse[T ~string](vocabulary, s string, values []T) (T, error) {
	for _, v := range values {
		if string(v) == s {
			return v, nil
		}
	}
	return "", &UnknownCodeError{Vocabulary: vocabulary, Code: s}
}

// Marshal returns the code as text, or an *UnknownCodeError when code is not
// in values (the zero value included): an unset or unknown code is never written.
func Marshal[T ~string](vocabulary string, code T, values []T) ([]byte, error) {
	if !Valid(code, values) {
		return nil, &UnknownCodeError{Vocabulary: vocabulary, Code: string(code)}
	}
	return []byte(code), nil
}

// Unmarshal parses text into *dst, rejecting unknown codes.
func Unmarshal[T ~string](vocabulary string, dst *T, text []byte, values []T) error {
	for _, v := range values {
		if string(v) == string(text) {
			*dst = v
			return nil
		}
	}
	return &UnknownCodeError{Vocabulary: vocabulary, Code: string(text)}
}

// Index returns the position of code in values, or -1. Vocabularies whose order
// means something (a scale, a canonical area order) use it to compare codes.
func Index[T ~string](code T, values []T) int {
	for i, v := range values {
		if v == code {
			return i
		}
	}
	return -1
}
