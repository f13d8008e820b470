package roles

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"github.com/backabarnet/backabarnet/roles/vocab"
)

// Reason explains a Decision (or a BasisError) in words: a stable code with a
// Swedish and an English text from a fixed table. Reasons never hold personal
// data: they say which rule applied, never to whom. The zero Reason is unset.
type Reason uint8

// The reasons. Those that explain an allowed decision come first.
const (
	reasonNone Reason = iota

	// ReasonSameDomainRole: the professional holds an active role for the child
	// in the agency that recorded the information.
	ReasonSameDomainRole
	// ReasonChildTeamMember: the professional is a member of the child's team
	// (or the Barnteam) in the agency that recorded the information.
	ReasonChildTeamMember
	// ReasonConsentCovers: a valid, complete consent covers the recipient, the
	// category and the purpose.
	ReasonConsentCovers
	// ReasonLegalBasisFits: a legal basis that fits the agencies and the child
	// allows the disclosure.
	ReasonLegalBasisFits
	// ReasonConcernReport: a concern report to social services is never blocked
	// by missing or withdrawn consent.
	ReasonConcernReport
	// ReasonGuardianOwnAccess: a guardian with custody may read the plan and the
	// combined picture.
	ReasonGuardianOwnAccess
	// ReasonChildOwnAccess: the child may read their own plan and combined picture.
	ReasonChildOwnAccess
	// ReasonProtectedIdentity: the child or a guardian has a protected identity;
	// contact data is withheld and the view must be confirmed and is audited
	// with high severity.
	ReasonProtectedIdentity

	// ReasonInvalidRequest: the request lacks something it needs (an actor, an
	// action, the child, the time, the facts, the policy, a recipient).
	ReasonInvalidRequest
	// ReasonFactsMismatch: the facts given are about another child.
	ReasonFactsMismatch
	// ReasonUnknownCategory: the policy does not know the category.
	ReasonUnknownCategory
	// ReasonUnknownPurpose: the policy does not know the purpose.
	ReasonUnknownPurpose
	// ReasonActorNotAllowed: this kind of actor (a närstående, a system) has no access.
	ReasonActorNotAllowed
	// ReasonNoRole: the professional holds no active role for the child in the
	// recording agency.
	ReasonNoRole
	// ReasonNoRoleReceiving: the receiving professional holds no active role for
	// the child in their own agency.
	ReasonNoRoleReceiving
	// ReasonWriteOtherDomain: only the recording agency writes its information.
	ReasonWriteOtherDomain
	// ReasonDiscloseNotOwner: only the recording agency may disclose its information.
	ReasonDiscloseNotOwner
	// ReasonRecipientSameDomain: the recipient is the recording agency itself;
	// that is not a disclosure.
	ReasonRecipientSameDomain
	// ReasonNoConsent: the recording agency holds no consent for the child.
	ReasonNoConsent
	// ReasonConsentWrongRecipient: the consent does not name the receiving agency.
	ReasonConsentWrongRecipient
	// ReasonConsentWrongCategory: the consent does not cover the category.
	ReasonConsentWrongCategory
	// ReasonConsentWrongPurpose: the consent was given for another purpose.
	ReasonConsentWrongPurpose
	// ReasonConsentNotYetValid: the consent is not yet in force.
	ReasonConsentNotYetValid
	// ReasonConsentExpired: the consent's end date has passed (or it exceeds the
	// longest validity the policy allows).
	ReasonConsentExpired
	// ReasonConsentWithdrawn: the consent was withdrawn before this moment.
	ReasonConsentWithdrawn
	// ReasonConsentGuardianMissing: a guardian whose consent is needed has not given it.
	ReasonConsentGuardianMissing
	// ReasonConsentChildMissing: the child's own consent is needed and missing.
	ReasonConsentChildMissing
	// ReasonConsentNoAuthority: nobody can consent for the child at this moment
	// (no guardian with custody, or no age band in the policy).
	ReasonConsentNoAuthority
	// ReasonConsentUnknown: the consent referred to is not among the facts.
	ReasonConsentUnknown
	// ReasonNoLegalBasis: no legal basis that fits is recorded or invoked.
	ReasonNoLegalBasis
	// ReasonBasisUnknown: the legal basis is not in the policy.
	ReasonBasisUnknown
	// ReasonBasisWrongFrom: the legal basis does not allow disclosure from this agency.
	ReasonBasisWrongFrom
	// ReasonBasisWrongTo: the legal basis does not allow disclosure to this agency.
	ReasonBasisWrongTo
	// ReasonBasisAge: the child's age is outside the legal basis's limits.
	ReasonBasisAge
	// ReasonBasisReasonMissing: the legal basis requires a recorded reason.
	ReasonBasisReasonMissing
	// ReasonGeneralClauseRefused: the general clause (OSL 10:27) is not
	// available from health care or social services.
	ReasonGeneralClauseRefused
	// ReasonBasisBlockedByWithdrawal: the legal basis gives way to a withdrawn consent.
	ReasonBasisBlockedByWithdrawal
	// ReasonProtectedContact: contact data of a person with a protected identity
	// never leaves the recording agency, whatever a consent says.
	ReasonProtectedContact
	// ReasonNotGuardian: the person has no custody of the child at this moment.
	ReasonNotGuardian
	// ReasonHarmException: a significant-harm exception (OSL 12:3) applies to this guardian.
	ReasonHarmException
	// ReasonNotTheChild: a child may read only their own information.
	ReasonNotTheChild
	// ReasonOwnAccessCategory: guardians and the child may read the plan and the
	// combined picture, not this category.
	ReasonOwnAccessCategory
	// ReasonOwnAccessReadOnly: guardians and the child may read, not write or disclose.
	ReasonOwnAccessReadOnly
	// ReasonDenyByDefault: nothing allows the request.
	ReasonDenyByDefault

	reasonCount
)

// reasonTable holds each reason's code and texts, indexed by the Reason.
var reasonTable = [reasonCount]struct{ code, sv, en string }{
	reasonNone: {"", "", ""},
	ReasonSameDomainRole: {"same_domain_role",
		"Aktiv roll för barnet i den verksamhet som registrerade uppgiften.",
		"Active role for the child in the agency that recorded the information."},
	ReasonChildTeamMember: {"child_team_member",
		"Medlem i barnets team i den verksamhet som registrerade uppgiften.",
		"Member of the child's team in the agency that recorded the information."},
	ReasonConsentCovers: {"consent_covers",
		"Ett giltigt och fullständigt samtycke omfattar mottagaren, kategorin och ändamålet.",
		"A valid and complete consent covers the recipient, the category and the purpose."},
	ReasonLegalBasisFits: {"legal_basis_fits",
		"En sekretessbrytande bestämmelse som passar verksamheterna och barnet medger utlämnandet.",
		"A legal basis that fits the agencies and the child allows the disclosure."},
	ReasonConcernReport: {"concern_report",
		"En orosanmälan till socialtjänsten hindras aldrig av att samtycke saknas eller har återkallats.",
		"A concern report to social services is never blocked by missing or withdrawn consent."},
	ReasonGuardianOwnAccess: {"guardian_own_access",
		"Vårdnadshavare får läsa barnets plan och helhetsbild.",
		"A guardian with custody may read the child's plan and combined picture."},
	ReasonChildOwnAccess: {"child_own_access",
		"Barnet får läsa sin egen plan och helhetsbild.",
		"The child may read their own plan and combined picture."},
	ReasonProtectedIdentity: {"protected_identity",
		"Skyddad identitet: kontaktuppgifter hålls inne, visning kräver uttrycklig bekräftelse och loggas med hög allvarsgrad.",
		"Protected identity: contact data is withheld, viewing needs explicit confirmation and is audited with high severity."},
	ReasonInvalidRequest: {"invalid_request",
		"Begäran är ofullständig eller ogiltig.",
		"The request is incomplete or invalid."},
	ReasonFactsMismatch: {"facts_mismatch",
		"Underlaget gäller ett annat barn.",
		"The facts given are about another child."},
	ReasonUnknownCategory: {"unknown_category",
		"Informationskategorin är okänd.",
		"The information category is unknown."},
	ReasonUnknownPurpose: {"unknown_purpose",
		"Ändamålet är okänt.",
		"The purpose is unknown."},
	ReasonActorNotAllowed: {"actor_not_allowed",
		"Denna sorts aktör har ingen åtkomst till barnets uppgifter.",
		"This kind of actor has no access to the child's information."},
	ReasonNoRole: {"no_role",
		"Ingen aktiv roll för barnet i den verksamhet som registrerade uppgiften.",
		"No active role for the child in the agency that recorded the information."},
	ReasonNoRoleReceiving: {"no_role_receiving",
		"Ingen aktiv roll för barnet i den mottagande verksamheten.",
		"No active role for the child in the receiving agency."},
	ReasonWriteOtherDomain: {"write_other_domain",
		"Uppgifter skrivs bara av den verksamhet som registrerar dem.",
		"Only the agency that records information writes it."},
	ReasonDiscloseNotOwner: {"disclose_not_owner",
		"Bara den verksamhet som registrerade uppgiften kan lämna ut den.",
		"Only the agency that recorded the information can disclose it."},
	ReasonRecipientSameDomain: {"recipient_same_domain",
		"Mottagaren är samma verksamhet; det är inget utlämnande.",
		"The recipient is the same agency; that is not a disclosure."},
	ReasonNoConsent: {"no_consent",
		"Den utlämnande verksamheten har inget samtycke för barnet.",
		"The disclosing agency holds no consent for the child."},
	ReasonConsentWrongRecipient: {"consent_wrong_recipient",
		"Samtycket omfattar inte den mottagande verksamheten.",
		"The consent does not cover the receiving agency."},
	ReasonConsentWrongCategory: {"consent_wrong_category",
		"Samtycket omfattar inte informationskategorin.",
		"The consent does not cover the information category."},
	ReasonConsentWrongPurpose: {"consent_wrong_purpose",
		"Samtycket gäller ett annat ändamål.",
		"The consent was given for another purpose."},
	ReasonConsentNotYetValid: {"consent_not_yet_valid",
		"Samtycket gäller ännu inte.",
		"The consent is not yet in force."},
	ReasonConsentExpired: {"consent_expired",
		"Samtyckets giltighetstid har gått ut.",
		"The consent has expired."},
	ReasonConsentWithdrawn: {"consent_withdrawn",
		"Samtycket har återkallats.",
		"The consent has been withdrawn."},
	ReasonConsentGuardianMissing: {"consent_guardian_missing",
		"Samtycke saknas från en vårdnadshavare vars samtycke behövs.",
		"A guardian whose consent is needed has not given it."},
	ReasonConsentChildMissing: {"consent_child_missing",
		"Barnets eget samtycke behövs och saknas.",
		"The child's own consent is needed and missing."},
	ReasonConsentNoAuthority: {"consent_no_authority",
		"Ingen kan lämna samtycke för barnet vid denna tidpunkt.",
		"Nobody can consent for the child at this time."},
	ReasonConsentUnknown: {"consent_unknown",
		"Det angivna samtycket finns inte i underlaget.",
		"The consent referred to is not among the facts."},
	ReasonNoLegalBasis: {"no_legal_basis",
		"Ingen sekretessbrytande bestämmelse som passar är registrerad eller angiven.",
		"No legal basis that fits is recorded or invoked."},
	ReasonBasisUnknown: {"basis_unknown",
		"Den angivna bestämmelsen finns inte i policyn.",
		"The legal basis is not in the policy."},
	ReasonBasisWrongFrom: {"basis_wrong_from",
		"Bestämmelsen medger inte utlämnande från denna verksamhet.",
		"The legal basis does not allow disclosure from this agency."},
	ReasonBasisWrongTo: {"basis_wrong_to",
		"Bestämmelsen medger inte utlämnande till denna verksamhet.",
		"The legal basis does not allow disclosure to this agency."},
	ReasonBasisAge: {"basis_age",
		"Barnets ålder ligger utanför bestämmelsens gränser.",
		"The child's age is outside the legal basis's limits."},
	ReasonBasisReasonMissing: {"basis_reason_missing",
		"Bestämmelsen kräver ett registrerat skäl.",
		"The legal basis requires a recorded reason."},
	ReasonGeneralClauseRefused: {"general_clause_refused",
		"Generalklausulen (OSL 10 kap. 27 §) gäller inte för hälso- och sjukvård eller socialtjänst.",
		"The general clause (OSL 10:27) is not available from health care or social services."},
	ReasonBasisBlockedByWithdrawal: {"basis_blocked_by_withdrawal",
		"Bestämmelsen får inte användas sedan samtycket återkallats.",
		"The legal basis gives way to a withdrawn consent."},
	ReasonProtectedContact: {"protected_contact",
		"Kontaktuppgifter för en person med skyddad identitet lämnas aldrig ut utanför den verksamhet som registrerade dem.",
		"Contact data of a person with a protected identity never leaves the agency that recorded it."},
	ReasonNotGuardian: {"not_guardian",
		"Ingen vårdnad om barnet vid denna tidpunkt.",
		"No custody of the child at this time."},
	ReasonHarmException: {"harm_exception",
		"Ett beslut om betydande men för barnet (OSL 12 kap. 3 §) gäller för denna vårdnadshavare.",
		"A significant-harm exception (OSL 12:3) applies to this guardian."},
	ReasonNotTheChild: {"not_the_child",
		"Ett barn kan bara läsa sina egna uppgifter.",
		"A child may read only their own information."},
	ReasonOwnAccessCategory: {"own_access_category",
		"Vårdnadshavare och barn får läsa planen och helhetsbilden, inte denna kategori.",
		"Guardians and the child may read the plan and the combined picture, not this category."},
	ReasonOwnAccessReadOnly: {"own_access_read_only",
		"Vårdnadshavare och barn får läsa, inte skriva eller lämna ut.",
		"Guardians and the child may read, not write or disclose."},
	ReasonDenyByDefault: {"deny_by_default",
		"Inget medger åtkomst.",
		"Nothing allows the request."},
}

// AllReasons returns every reason in order.
func AllReasons() []Reason {
	out := make([]Reason, 0, reasonCount-1)
	for r := Reason(1); r < reasonCount; r++ {
		out = append(out, r)
	}
	return out
}

// Valid reports whether r is a known reason.
func (r Reason) Valid() bool { return r > reasonNone && r < reasonCount }

// Code returns the stable code ("consent_expired"), or "" for an unknown reason.
func (r Reason) Code() string {
	if !r.Valid() {
		return ""
	}
	return reasonTable[r].code
}

// String returns the code.
func (r Reason) String() string { return r.Code() }

// Swedish returns the text in Swedish.
func (r Reason) Swedish() string {
	if !r.Valid() {
		return ""
	}
	return reasonTable[r].sv
}

// English returns the text in English.
func (r Reason) English() string {
	if !r.Valid() {
		return ""
	}
	return reasonTable[r].en
}

// ParseReason returns the reason with code s, or an error matching vocab.ErrUnknownCode.
func ParseReason(s string) (Reason, error) {
	for r := Reason(1); r < reasonCount; r++ {
		if reasonTable[r].code == s {
			return r, nil
		}
	}
	return reasonNone, &vocab.UnknownCodeError{Vocabulary: "reason", Code: s}
}

// MarshalText implements encoding.TextMarshaler with the code.
func (r Reason) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, &vocab.UnknownCodeError{Vocabulary: "reason", Code: fmt.Sprint(uint8(r))}
	}
	return []byte(r.Code()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (r *Reason) UnmarshalText(b []byte) error {
	v, err := ParseReason(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// maxReasons is how many reasons a Decision holds.
const maxReasons = 4

// Reasons is the short, fixed-size list of reasons a Decision carries, most
// important first. It holds at most four; it never allocates.
type Reasons struct {
	list [maxReasons]Reason
	n    uint8
}

// add appends r unless r is unset, the list is full or already holds r.
func (rs *Reasons) add(r Reason) {
	if r == reasonNone || rs.Has(r) || int(rs.n) == maxReasons {
		return
	}
	rs.list[rs.n] = r
	rs.n++
}

// Len returns the number of reasons.
func (rs Reasons) Len() int { return int(rs.n) }

// At returns the i-th reason (0 <= i < Len).
func (rs Reasons) At(i int) Reason {
	if i < 0 || i >= int(rs.n) {
		return reasonNone
	}
	return rs.list[i]
}

// First returns the first (most important) reason.
func (rs Reasons) First() Reason { return rs.list[0] }

// Has reports whether r is among the reasons.
func (rs Reasons) Has(r Reason) bool {
	for i := 0; i < int(rs.n); i++ {
		if rs.list[i] == r {
			return true
		}
	}
	return false
}

// All returns an iterator over the reasons, most important first.
func (rs Reasons) All() iter.Seq[Reason] {
	return func(yield func(Reason) bool) {
		for i := 0; i < int(rs.n); i++ {
			if !yield(rs.list[i]) {
				return
			}
		}
	}
}

// Slice returns the reasons as a new slice.
func (rs Reasons) Slice() []Reason { return append([]Reason(nil), rs.list[:rs.n]...) }

// String returns the codes joined with ", ".
func (rs Reasons) String() string {
	var b strings.Builder
	for i := 0; i < int(rs.n); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(rs.list[i].Code())
	}
	return b.String()
}

// reasonJSON is one reason on the wire: the code and both texts.
type reasonJSON struct {
	Code    string `json:"code"`
	Swedish string `json:"sv"`
	English string `json:"en"`
}

// MarshalJSON writes the reasons as an array of {"code","sv","en"} objects.
func (rs Reasons) MarshalJSON() ([]byte, error) {
	out := make([]reasonJSON, rs.n)
	for i := range out {
		r := rs.list[i]
		out[i] = reasonJSON{Code: r.Code(), Swedish: r.Swedish(), English: r.English()}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the array MarshalJSON writes; only the codes count, the
// texts come from the table. Unknown codes and more than four reasons are errors.
func (rs *Reasons) UnmarshalJSON(b []byte) error {
	var in []reasonJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if len(in) > maxReasons {
		return fmt.Errorf("reasons: at most %d: %w", maxReasons, ErrInvalid)
	}
	var out Reasons
	for _, j := range in {
		r, err := ParseReason(j.Code)
		if err != nil {
			return err
		}
		out.list[out.n] = r
		out.n++
	}
	*rs = out
	return nil
}

// Obligations is the set of duties that come with a Decision: what the caller
// must do when acting on it. Audit is always set.
type Obligations uint16

// The obligations.
const (
	// ObligationAudit: write an audit entry for the decision (always set).
	ObligationAudit Obligations = 1 << iota
	// ObligationAuditHighSeverity: the child or a guardian has a protected
	// identity; audit with high severity.
	ObligationAuditHighSeverity
	// ObligationConfirm: the actor must explicitly confirm before the view is shown.
	ObligationConfirm
	// ObligationWithholdContact: address and contact data must be left out of
	// what is shown, written or disclosed.
	ObligationWithholdContact
	// ObligationRecordDisclosure: record the decision to disclose or not to
	// disclose as a Disclosure.
	ObligationRecordDisclosure
	// ObligationRecordReason: the legal basis requires the person to record a reason.
	ObligationRecordReason
)

var obligationCodes = [...]string{"audit", "audit_high_severity", "confirm", "withhold_contact", "record_disclosure", "record_reason"}

// Has reports whether every obligation in o2 is in o.
func (o Obligations) Has(o2 Obligations) bool { return o&o2 == o2 }

// Codes returns the codes of the obligations in o, in order.
func (o Obligations) Codes() []string {
	var out []string
	for i, c := range obligationCodes {
		if o&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	return out
}

// String returns the codes joined with "|".
func (o Obligations) String() string { return strings.Join(o.Codes(), "|") }

// MarshalJSON writes the obligations as an array of codes.
func (o Obligations) MarshalJSON() ([]byte, error) {
	c := o.Codes()
	if c == nil {
		c = []string{}
	}
	return json.Marshal(c)
}

// UnmarshalJSON reads an array of codes, rejecting unknown ones.
func (o *Obligations) UnmarshalJSON(b []byte) error {
	var in []string
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	var out Obligations
	for _, s := range in {
		i := vocab.Index(s, obligationCodes[:])
		if i < 0 {
			return &vocab.UnknownCodeError{Vocabulary: "obligation", Code: s}
		}
		out |= 1 << i
	}
	*o = out
	return nil
}
