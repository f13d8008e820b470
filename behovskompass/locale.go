package behovskompass

import (
	"slices"
	"strings"

	"github.com/backabarnet/backabarnet/roles"
)

// The locales whose texts the built-in catalogue ships. Any other language
// tag may be used; a text missing in it falls back to Swedish.
const (
	Swedish = "sv" // the default locale and the fallback for every other
	English = "en"
)

// Localized holds one text in several locales, keyed by language tag in lower
// case ("sv", "en", "en-gb"). Swedish is the fallback.
type Localized map[string]string

// In returns the text in locale: the text under the exact tag (compared
// without regard to case, "_" read as "-"), else under its primary language
// ("en" for "en-GB"), else the Swedish text, else "".
func (l Localized) In(locale string) string {
	if len(l) == 0 {
		return ""
	}
	tag := normalizeLocale(locale)
	if s := l[tag]; s != "" {
		return s
	}
	if i := strings.IndexByte(tag, '-'); i > 0 {
		if s := l[tag[:i]]; s != "" {
			return s
		}
	}
	return l[Swedish]
}

// Locales returns the language tags that have a text, sorted.
func (l Localized) Locales() []string {
	out := make([]string, 0, len(l))
	for k, v := range l {
		if v != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// clone returns a copy that shares nothing with l.
func (l Localized) clone() Localized {
	if l == nil {
		return nil
	}
	out := make(Localized, len(l))
	for k, v := range l {
		out[k] = v
	}
	return out
}

// check adds a problem for each malformed tag and, when swedish is set, for a
// missing Swedish text. Tags are checked in sorted order, so problems come in
// a stable order.
func (l Localized) check(ve *roles.ValidationError, path string, swedish, required bool) {
	if swedish && l[Swedish] == "" {
		ve.Add(joinPath(path, Swedish), "required", "a Swedish text is required")
	} else if required && len(l) == 0 {
		ve.Add(path, "required", "a value is required")
	}
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !validLocale(k) {
			// A malformed tag is input, not personal data, but it is not
			// repeated: the path names the map and the rule says what is wrong.
			ve.Add(path, "locale", "each key must be a language tag in lower case, such as sv, en or en-gb")
		}
		if n := len([]rune(l[k])); n > maxText {
			ve.Add(joinPath(path, k), "max", "at most 4000 characters")
		}
	}
}

func normalizeLocale(s string) string {
	need := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '_' || ('A' <= c && c <= 'Z') {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c == '_':
			b[i] = '-'
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// validLocale reports whether s is a language tag in lower case: a primary
// language of two or three letters, then subtags of one to eight letters or
// digits, each after a "-".
func validLocale(s string) bool {
	if len(s) > 35 {
		return false
	}
	for i, part := range strings.Split(s, "-") {
		if i == 0 {
			if len(part) < 2 || len(part) > 3 {
				return false
			}
		} else if len(part) < 1 || len(part) > 8 {
			return false
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			if !('a' <= c && c <= 'z') && (i == 0 || !('0' <= c && c <= '9')) {
				return false
			}
		}
	}
	return true
}

func joinPath(prefix, field string) string {
	if prefix == "" {
		return field
	}
	if field == "" {
		return prefix
	}
	if field[0] == '[' {
		return prefix + field
	}
	return prefix + "." + field
}
