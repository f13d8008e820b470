package roles

// Organisationsnummer is a Swedish organisation number in its canonical form of
// ten digits (NNNNNNNNNK), for a principal (huvudman) such as a region or a private
// provider. The third digit is at least 2, which tells it apart from a
// personnummer; the last digit is a Luhn check digit. The zero value is unset.
type Organisationsnummer string

// ParseOrganisationsnummer parses NNNNNN-NNNK or NNNNNNNNNK, optionally with the
// prefix 16 (16NNNNNNNNNK), into the canonical ten digits.
func ParseOrganisationsnummer(s string) (Organisationsnummer, error) {
	var d [10]byte
	switch {
	case len(s) == 12 && s[:2] == "16", len(s) == 13 && s[:2] == "16":
		s = s[2:]
	}
	switch len(s) {
	case 10:
	case 11:
		if s[6] != '-' {
			return "", orgErr("separator", "only '-' may stand before the last four digits")
		}
	default:
		return "", orgErr("length", "want 10 digits, with or without '-'")
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if len(s) == 11 && i == 6 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return "", orgErr("format", "only digits and one '-' are allowed")
		}
		d[n] = c
		n++
	}
	if d[2] < '2' {
		return "", orgErr("group", "the third digit must be at least 2")
	}
	if !luhnOK(d[:]) {
		return "", orgErr("checksum", "the check digit does not match")
	}
	return Organisationsnummer(d[:]), nil
}

func orgErr(rule, detail string) error {
	return &IdentifierError{Kind: "organisationsnummer", Rule: rule, Detail: detail}
}

// luhnOK checks the Luhn check digit of ten ASCII digits.
func luhnOK[T ~string | ~[]byte](d T) bool {
	sum := 0
	for i := 0; i < 9; i++ {
		v := int(d[i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return (10-sum%10)%10 == int(d[9]-'0')
}

// Valid reports whether o is a canonical, check-digit-valid organisationsnummer.
func (o Organisationsnummer) Valid() bool {
	if len(o) != 10 {
		return false
	}
	for i := 0; i < len(o); i++ {
		if o[i] < '0' || o[i] > '9' {
			return false
		}
	}
	return o[2] >= '2' && luhnOK(o)
}

// Group returns the first digit, which tells the kind of organisation; group 2 is
// public bodies (the state, regions, municipalities). It returns 0 when o is
// invalid (no organisation number in use begins with 0).
func (o Organisationsnummer) Group() int {
	if !o.Valid() {
		return 0
	}
	return int(o[0] - '0')
}

// IsPublicBody reports whether o belongs to group 2 (state, region, kommun).
func (o Organisationsnummer) IsPublicBody() bool { return o.Group() == 2 }

// String returns NNNNNN-NNNK for a canonical number and o as it is otherwise.
// Organisation numbers of the groups accepted here are not personal data.
func (o Organisationsnummer) String() string {
	if !o.Valid() {
		return string(o)
	}
	return string(o[:6]) + "-" + string(o[6:])
}

// MarshalText returns the canonical ten digits; an invalid number is an error.
func (o Organisationsnummer) MarshalText() ([]byte, error) {
	if o == "" {
		return []byte{}, nil
	}
	if !o.Valid() {
		return nil, orgErr("format", "not a canonical organisationsnummer")
	}
	return []byte(o), nil
}

// UnmarshalText parses any form ParseOrganisationsnummer accepts; empty text is unset.
func (o *Organisationsnummer) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*o = ""
		return nil
	}
	v, err := ParseOrganisationsnummer(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// HSAID is an identity in the Swedish health-care directory (HSA): "SE", the
// organisation number of the issuing principal, "-", and one or more letters or
// digits; at most 31 characters (e.g. SE2321000131-E000000000001).
type HSAID string

// ParseHSAID checks s and returns it as an HSAID.
func ParseHSAID(s string) (HSAID, error) {
	if len(s) < 14 || len(s) > 31 {
		return "", hsaErr("length", "want 14 to 31 characters")
	}
	if s[0] != 'S' || s[1] != 'E' {
		return "", hsaErr("prefix", "must start with SE")
	}
	if _, err := ParseOrganisationsnummer(s[2:12]); err != nil {
		return "", hsaErr("organisationsnummer", "characters 3 to 12 must be a valid organisationsnummer")
	}
	if s[12] != '-' {
		return "", hsaErr("separator", "a '-' must follow the organisationsnummer")
	}
	for i := 13; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return "", hsaErr("unit", "the part after '-' may hold only letters A-Z, a-z and digits")
		}
	}
	return HSAID(s), nil
}

func hsaErr(rule, detail string) error {
	return &IdentifierError{Kind: "hsaid", Rule: rule, Detail: detail}
}

// Valid reports whether h is a well-formed HSA-id.
func (h HSAID) Valid() bool { _, err := ParseHSAID(string(h)); return err == nil }

// Organisationsnummer returns the organisation number of the issuing principal,
// or "" when h is invalid.
func (h HSAID) Organisationsnummer() Organisationsnummer {
	if !h.Valid() {
		return ""
	}
	return Organisationsnummer(h[2:12])
}

// String returns the HSA-id.
func (h HSAID) String() string { return string(h) }

// MarshalText returns the HSA-id; an invalid one is an error.
func (h HSAID) MarshalText() ([]byte, error) {
	if h == "" {
		return []byte{}, nil
	}
	if _, err := ParseHSAID(string(h)); err != nil {
		return nil, err
	}
	return []byte(h), nil
}

// UnmarshalText parses an HSA-id; empty text is unset.
func (h *HSAID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*h = ""
		return nil
	}
	v, err := ParseHSAID(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// Kommunkod is the four-digit code of a Swedish municipality: two digits for the
// county (län) and two for the municipality.
type Kommunkod string

// The five Dalsland municipalities that run Backa barnet together.
const (
	DalsEd     Kommunkod = "1438" // Dals-Ed
	Fargelanda Kommunkod = "1439" // Färgelanda
	Bengtsfors Kommunkod = "1460" // Bengtsfors
	Mellerud   Kommunkod = "1461" // Mellerud
	Amal       Kommunkod = "1492" // Åmål
)

// Dalsland lists the five Dalsland municipalities in code order.
func Dalsland() []Kommunkod { return []Kommunkod{DalsEd, Fargelanda, Bengtsfors, Mellerud, Amal} }

// counties holds the county codes in use (01 Stockholm to 25 Norrbotten).
var counties = [26]bool{1: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true,
	12: true, 13: true, 14: true, 17: true, 18: true, 19: true, 20: true, 21: true, 22: true, 23: true, 24: true, 25: true}

// ParseKommunkod checks that s is four digits beginning with a county code in use.
// Any such code is accepted; Name knows the Dalsland municipalities.
func ParseKommunkod(s string) (Kommunkod, error) {
	if len(s) != 4 {
		return "", kommunErr("length", "want four digits")
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", kommunErr("format", "want four digits")
		}
	}
	if c := int(s[0]-'0')*10 + int(s[1]-'0'); c > 25 || !counties[c] {
		return "", kommunErr("county", "the first two digits must be a county code in use")
	}
	if s[2:] == "00" {
		return "", kommunErr("municipality", "the last two digits must name a municipality")
	}
	return Kommunkod(s), nil
}

func kommunErr(rule, detail string) error {
	return &IdentifierError{Kind: "kommunkod", Rule: rule, Detail: detail}
}

// Valid reports whether k is a well-formed municipality code.
func (k Kommunkod) Valid() bool { _, err := ParseKommunkod(string(k)); return err == nil }

// Name returns the municipality's name for the five Dalsland codes and "" for others.
func (k Kommunkod) Name() string {
	switch k {
	case DalsEd:
		return "Dals-Ed"
	case Fargelanda:
		return "Färgelanda"
	case Bengtsfors:
		return "Bengtsfors"
	case Mellerud:
		return "Mellerud"
	case Amal:
		return "Åmål"
	}
	return ""
}

// String returns the code.
func (k Kommunkod) String() string { return string(k) }

// MarshalText returns the code; an invalid code is an error.
func (k Kommunkod) MarshalText() ([]byte, error) {
	if k == "" {
		return []byte{}, nil
	}
	if _, err := ParseKommunkod(string(k)); err != nil {
		return nil, err
	}
	return []byte(k), nil
}

// UnmarshalText parses a municipality code; empty text is unset.
func (k *Kommunkod) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = ""
		return nil
	}
	v, err := ParseKommunkod(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}
