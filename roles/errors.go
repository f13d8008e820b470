package roles

import (
	"errors"
	"strings"
)

// ErrInvalid is matched (with errors.Is) by every error that reports invalid
// input: a *ValidationError and an *IdentifierError. An unknown vocabulary code
// is reported by a *vocab.UnknownCodeError, matched by vocab.ErrUnknownCode; a
// Validate method reports it as a problem of its *ValidationError.
var ErrInvalid = errors.New("invalid")

// Problem is one broken rule found by validation.
type Problem struct {
	// Path locates the field, in the JSON field names: "guardians[1].personnummer".
	Path string `json:"path"`
	// Rule names the rule broken: "required", "personnummer", "period_order", ...
	Rule string `json:"rule"`
	// Detail explains the rule in words. It never contains the value.
	Detail string `json:"detail,omitempty"`
}

// String returns "path: rule (detail)".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	b.WriteString(": ")
	b.WriteString(p.Rule)
	if p.Detail != "" {
		b.WriteString(" (")
		b.WriteString(p.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// ValidationError lists every problem validation found, each with its path and
// rule. It never holds the invalid values, so it is safe to log. It matches
// ErrInvalid with errors.Is.
type ValidationError struct {
	// Subject names what was validated ("child", "plan", ...).
	Subject string `json:"subject"`
	// Problems are the broken rules in the order found.
	Problems []Problem `json:"problems"`
}

// Add records a problem.
func (e *ValidationError) Add(path, rule, detail string) {
	e.Problems = append(e.Problems, Problem{Path: path, Rule: rule, Detail: detail})
}

// Merge appends the problems of other, prefixing their paths with prefix
// (joined with "."; an empty prefix keeps the paths). A nil other, or an error
// that is not a *ValidationError, is recorded as a single problem at prefix.
func (e *ValidationError) Merge(prefix string, other error) {
	if other == nil {
		return
	}
	var ve *ValidationError
	if !errors.As(other, &ve) {
		e.Add(prefix, "invalid", other.Error())
		return
	}
	for _, p := range ve.Problems {
		switch {
		case prefix == "":
		case p.Path == "":
			p.Path = prefix
		case p.Path[0] == '[':
			p.Path = prefix + p.Path
		default:
			p.Path = prefix + "." + p.Path
		}
		e.Problems = append(e.Problems, p)
	}
}

// Err returns e when it holds problems and nil otherwise, so that a function
// can end with `return ve.Err()`.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}

// Has reports whether a problem with this path and rule was recorded.
func (e *ValidationError) Has(path, rule string) bool {
	for _, p := range e.Problems {
		if p.Path == path && p.Rule == rule {
			return true
		}
	}
	return false
}

// Error implements error: "invalid child: personnummer: required; ...".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid ")
	if e.Subject != "" {
		b.WriteString(e.Subject)
	} else {
		b.WriteString("value")
	}
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
