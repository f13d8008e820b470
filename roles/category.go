package roles

import (
	"strings"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

// LocalPrefix starts every code a municipality adds to an extensible vocabulary
// (Category, Purpose) in its Policy. Built-in codes never start with it, so a
// local code can never clash with a code added to the library later.
const LocalPrefix = "lokal_"

// maxCodeLen bounds the length of any code, built-in or local.
const maxCodeLen = 64

// isLocalCode reports whether s is a well-formed local code: LocalPrefix
// followed by one or more of a-z, 0-9 and '_', at most maxCodeLen bytes.
func isLocalCode(s string) bool {
	if len(s) <= len(LocalPrefix) || len(s) > maxCodeLen || !strings.HasPrefix(s, LocalPrefix) {
		return false
	}
	return isCodeSyntax(s[len(LocalPrefix):])
}

// isCodeSyntax reports whether s is 1 to maxCodeLen bytes of a-z, 0-9 and '_',
// starting with a letter.
func isCodeSyntax(s string) bool {
	if s == "" || len(s) > maxCodeLen || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Term is a code a municipality adds to an extensible vocabulary (Category or
// Purpose) in its Policy, with its labels. The code starts with LocalPrefix.
type Term[T ~string] struct {
	// Code is the stable code, e.g. "lokal_fritidsgard".
	Code T `json:"code"`
	// Swedish is the label in Swedish.
	Swedish string `json:"swedish"`
	// English is the label in English.
	English string `json:"english"`
}

// Category is an information category: which kind of information about a child
// a decision, a consent or a disclosure concerns. Consents and disclosures name
// categories, never single records, so that they stay specific and readable.
//
// The built-in categories (Categories) are a closed vocabulary with stable
// codes. A municipality may add categories as data: a local code starts with
// LocalPrefix ("lokal_fritidsgard") and is registered with its labels in
// Policy.Categories. A Category is Valid when it is built in or a well-formed
// local code; Policy.KnownCategory says whether a policy knows it, and Decide
// denies any category its policy does not know.
type Category string

// The built-in information categories, in canonical order.
const (
	// CategoryGrunduppgifter: basic identity (name, personnummer, protection level, municipality).
	CategoryGrunduppgifter Category = "grunduppgifter"
	// CategoryKontaktuppgifter: address and contact details. Never disclosed
	// outside the recording agency for a child or guardian with a protected identity.
	CategoryKontaktuppgifter Category = "kontaktuppgifter"
	// CategoryBehovskompass: an agency's assessment on the needs compass.
	CategoryBehovskompass Category = "behovskompass"
	// CategoryHelhetsbild: the combined picture (helhetsbild) across agencies.
	CategoryHelhetsbild Category = "helhetsbild"
	// CategoryOro: a concern (oro) someone raised about the child.
	CategoryOro Category = "oro"
	// CategoryPlan: Barnets plan: goals, items, follow-ups, views.
	CategoryPlan Category = "plan"
	// CategoryHalsa: health information (health care, medical elevhälsa).
	CategoryHalsa Category = "halsa"
	// CategorySkola: school information (attendance, results, adjustments).
	CategorySkola Category = "skola"
	// CategorySocialtjanst: social-services information (investigations, interventions).
	CategorySocialtjanst Category = "socialtjanst"
	// CategoryPolis: police information (reports, suspected crime).
	CategoryPolis Category = "polis"
)

var categories = []Category{
	CategoryGrunduppgifter, CategoryKontaktuppgifter, CategoryBehovskompass, CategoryHelhetsbild,
	CategoryOro, CategoryPlan, CategoryHalsa, CategorySkola, CategorySocialtjanst, CategoryPolis,
}

// Categories returns the built-in categories in canonical order.
func Categories() []Category { return append([]Category(nil), categories...) }

// ParseCategory returns the category with code s: a built-in code or a
// well-formed local code (see LocalPrefix). Other codes give an error matching
// vocab.ErrUnknownCode.
func ParseCategory(s string) (Category, error) {
	if isLocalCode(s) {
		return Category(s), nil
	}
	return vocab.Parse("category", s, categories)
}

// Valid reports whether c is a built-in category or a well-formed local code.
func (c Category) Valid() bool { return c.BuiltIn() || isLocalCode(string(c)) }

// BuiltIn reports whether c is one of the built-in categories.
func (c Category) BuiltIn() bool {
	switch c {
	case CategoryGrunduppgifter, CategoryKontaktuppgifter, CategoryBehovskompass, CategoryHelhetsbild,
		CategoryOro, CategoryPlan, CategoryHalsa, CategorySkola, CategorySocialtjanst, CategoryPolis:
		return true
	}
	return false
}

// String returns the code.
func (c Category) String() string { return string(c) }

// MarshalText implements encoding.TextMarshaler, rejecting codes that are not Valid.
func (c Category) MarshalText() ([]byte, error) {
	if isLocalCode(string(c)) {
		return []byte(c), nil
	}
	return vocab.Marshal("category", c, categories)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting codes that are not Valid.
func (c *Category) UnmarshalText(b []byte) error {
	if isLocalCode(string(b)) {
		*c = Category(b)
		return nil
	}
	return vocab.Unmarshal("category", c, b, categories)
}

// Label returns the Swedish label of a built-in category ("" for a local one:
// see Policy.CategoryTerm).
func (c Category) Label() string { return categoryLabels[vocab.Index(c, categories)+1].sv }

// English returns the English label of a built-in category ("" for a local one).
func (c Category) English() string { return categoryLabels[vocab.Index(c, categories)+1].en }

// categoryLabels is indexed by the canonical position plus one; 0 is unknown.
var categoryLabels = [...]struct{ sv, en string }{
	{"", ""},
	{"Grunduppgifter", "Basic identity"},
	{"Kontaktuppgifter", "Contact details"},
	{"Bedömning enligt behovskompassen", "Needs compass assessment"},
	{"Helhetsbild", "Combined picture"},
	{"Oro", "Concern"},
	{"Barnets plan", "The child's plan"},
	{"Hälsa", "Health"},
	{"Skola", "School"},
	{"Socialtjänst", "Social services"},
	{"Polis", "Police"},
}

// Purpose says what information is shared for. Consents are given for one
// purpose; a request names its purpose and a consent covers it only when the
// purposes are equal.
//
// Like Category, the built-in purposes (Purposes) are a closed vocabulary and a
// municipality may add local purposes (LocalPrefix, Policy.Purposes).
type Purpose string

// The built-in purposes, in canonical order.
const (
	// PurposeSamordning: coordinating support for the child across agencies.
	PurposeSamordning Purpose = "samordning"
	// PurposePlan: drawing up and following up Barnets plan.
	PurposePlan Purpose = "plan"
	// PurposeSIP: a coordinated individual plan (SIP, SoL 2025:400 10 kap. 8–9 §§, HSL 16 kap. 4 §).
	PurposeSIP Purpose = "sip"
	// PurposeBehovsbedomning: assessing the child's needs (the needs compass).
	PurposeBehovsbedomning Purpose = "behovsbedomning"
	// PurposeOrosanmalan: a concern report to social services (SoL 2025:400 19 kap. 1 §).
	PurposeOrosanmalan Purpose = "orosanmalan"
	// PurposeNodvandigVard: necessary care, treatment or other support (OSL 25:12, 26:9).
	PurposeNodvandigVard Purpose = "nodvandig_vard"
	// PurposeBrottsforebyggande: preventing a young person from committing crime (OSL 10:18 a).
	PurposeBrottsforebyggande Purpose = "brottsforebyggande"
	// PurposeBrottsutredning: investigating a suspected crime against a child (OSL 10:21).
	PurposeBrottsutredning Purpose = "brottsutredning"
	// PurposeAkutFara: averting an immediate risk (OSL 10:20).
	PurposeAkutFara Purpose = "akut_fara"
	// PurposeUppgiftsskyldighet: fulfilling a duty to provide information by law (OSL 10:28).
	PurposeUppgiftsskyldighet Purpose = "uppgiftsskyldighet"
)

var purposes = []Purpose{
	PurposeSamordning, PurposePlan, PurposeSIP, PurposeBehovsbedomning, PurposeOrosanmalan,
	PurposeNodvandigVard, PurposeBrottsforebyggande, PurposeBrottsutredning, PurposeAkutFara,
	PurposeUppgiftsskyldighet,
}

// Purposes returns the built-in purposes in canonical order.
func Purposes() []Purpose { return append([]Purpose(nil), purposes...) }

// ParsePurpose returns the purpose with code s: a built-in code or a
// well-formed local code. Other codes give an error matching vocab.ErrUnknownCode.
func ParsePurpose(s string) (Purpose, error) {
	if isLocalCode(s) {
		return Purpose(s), nil
	}
	return vocab.Parse("purpose", s, purposes)
}

// Valid reports whether p is a built-in purpose or a well-formed local code.
func (p Purpose) Valid() bool { return p.BuiltIn() || isLocalCode(string(p)) }

// BuiltIn reports whether p is one of the built-in purposes.
func (p Purpose) BuiltIn() bool {
	switch p {
	case PurposeSamordning, PurposePlan, PurposeSIP, PurposeBehovsbedomning, PurposeOrosanmalan,
		PurposeNodvandigVard, PurposeBrottsforebyggande, PurposeBrottsutredning, PurposeAkutFara,
		PurposeUppgiftsskyldighet:
		return true
	}
	return false
}

// String returns the code.
func (p Purpose) String() string { return string(p) }

// MarshalText implements encoding.TextMarshaler, rejecting codes that are not Valid.
func (p Purpose) MarshalText() ([]byte, error) {
	if isLocalCode(string(p)) {
		return []byte(p), nil
	}
	return vocab.Marshal("purpose", p, purposes)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting codes that are not Valid.
func (p *Purpose) UnmarshalText(b []byte) error {
	if isLocalCode(string(b)) {
		*p = Purpose(b)
		return nil
	}
	return vocab.Unmarshal("purpose", p, b, purposes)
}

// Label returns the Swedish label of a built-in purpose ("" for a local one:
// see Policy.PurposeTerm).
func (p Purpose) Label() string { return purposeLabels[vocab.Index(p, purposes)+1].sv }

// English returns the English label of a built-in purpose ("" for a local one).
func (p Purpose) English() string { return purposeLabels[vocab.Index(p, purposes)+1].en }

var purposeLabels = [...]struct{ sv, en string }{
	{"", ""},
	{"Samordning av stöd", "Coordination of support"},
	{"Barnets plan", "The child's plan"},
	{"Samordnad individuell plan (SIP)", "Coordinated individual plan (SIP)"},
	{"Behovsbedömning", "Needs assessment"},
	{"Orosanmälan", "Concern report"},
	{"Nödvändig vård eller stöd", "Necessary care or support"},
	{"Förebygga brott", "Crime prevention"},
	{"Utredning av brott mot barn", "Investigation of a crime against a child"},
	{"Akut fara", "Immediate risk"},
	{"Uppgiftsskyldighet enligt lag", "Duty to provide information by law"},
}
