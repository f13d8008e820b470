package backa_test

// The scenario format: shared-semantics scenarios as JSON files under
// testdata/scenarios, decoded strictly so that a typo fails loudly. The format
// is documented for implementers in other languages in
// testdata/scenarios/README.md; this file is its reference decoder.

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// scenarioFormat is the format identifier every scenario file starts with.
const scenarioFormat = "backa-scenarios/1"

// scenarioFile is one JSON file: a cast shared by its scenarios, and the scenarios.
type scenarioFile struct {
	Format    string      `json:"format"`
	Cast      scCast      `json:"cast"`
	Scenarios []*scenario `json:"scenarios"`

	path string
}

// scCast holds the people and organisations of a scenario, each by a symbolic name.
type scCast struct {
	Organisations  []scCastOrganisation `json:"organisations"`
	Units          []scCastUnit         `json:"units"`
	Professionals  []scCastProfessional `json:"professionals"`
	Children       []scCastChild        `json:"children"`
	Guardians      []scCastGuardian     `json:"guardians"`
	RelatedPersons []scCastRelated      `json:"relatedPersons"`
}

type scCastOrganisation struct {
	Name                string                    `json:"name"`
	Kind                roles.OrganisationKind    `json:"kind"`
	Label               string                    `json:"label"`
	Kommun              roles.Kommunkod           `json:"kommun"`
	Organisationsnummer roles.Organisationsnummer `json:"organisationsnummer"`
}

type scCastUnit struct {
	Name         string          `json:"name"`
	Organisation string          `json:"organisation"`
	Label        string          `json:"label"`
	Agency       roles.Agency    `json:"agency"`
	Kommun       roles.Kommunkod `json:"kommun"`
	HSAID        roles.HSAID     `json:"hsaId"`
}

type scCastProfessional struct {
	Name       string      `json:"name"`
	Unit       string      `json:"unit"`
	GivenName  string      `json:"givenName"`
	FamilyName string      `json:"familyName"`
	Title      string      `json:"title"`
	HSAID      roles.HSAID `json:"hsaId"`
}

type scCastChild struct {
	Name         string                `json:"name"`
	Personnummer string                `json:"personnummer"`
	GivenName    string                `json:"givenName"`
	FamilyName   string                `json:"familyName"`
	Kommun       roles.Kommunkod       `json:"kommun"`
	Protection   roles.ProtectionLevel `json:"protection"`
	Contact      *roles.Contact        `json:"contact"`
	// ContactRecordedBy is the agency whose records hold the contact data
	// (the secrecy domain it belongs to).
	ContactRecordedBy roles.Agency `json:"contactRecordedBy"`
}

type scCastGuardian struct {
	Name         string                `json:"name"`
	Personnummer string                `json:"personnummer"`
	GivenName    string                `json:"givenName"`
	FamilyName   string                `json:"familyName"`
	Protection   roles.ProtectionLevel `json:"protection"`
	Contact      *roles.Contact        `json:"contact"`
}

type scCastRelated struct {
	Name       string `json:"name"`
	GivenName  string `json:"givenName"`
	FamilyName string `json:"familyName"`
	Relation   string `json:"relation"`
}

// scPolicyOverride changes the default policy (roles.DefaultPolicy) for one
// scenario. Only the fields given change.
type scPolicyOverride struct {
	MaxConsentMonths   *int                    `json:"maxConsentMonths"`
	ReceiverNeedsRole  *bool                   `json:"receiverNeedsRole"`
	LegalBasisReadDays *int                    `json:"legalBasisReadDays"`
	InformGuardians    *bool                   `json:"informGuardians"`
	ConsentBands       []roles.ConsentBandRule `json:"consentBands"`
}

// scenario is one story: a cast, an optional policy, and a timeline of steps.
type scenario struct {
	ID              string            `json:"id"`
	Title           string            `json:"title"`
	Story           string            `json:"story"`
	Tags            []string          `json:"tags"`
	KnownDivergence scDivergence      `json:"knownDivergence"`
	Policy          *scPolicyOverride `json:"policy"`
	Cast            scCast            `json:"cast"`
	Steps           []*scStep         `json:"steps"`

	// Filled in by resolve.
	file  *scenarioFile
	names map[string]scNameKind // every symbolic name: cast and records
	all   scCast                // the file's cast and the scenario's
}

// The families of players a knownDivergence may name.
const (
	scFamilyDecide  = "decide"  // roles.Decide and the vocabulary packages directly
	scFamilyService = "service" // backa.Service, on every adapter
)

// scDivergence records where the library is known to differ from DOMAIN.md:
// one reason for every player (a JSON string), or reasons per family of
// players (an object with the keys "decide" and "service").
type scDivergence map[string]string

// scAllFamilies is the key of a reason that holds for every player.
const scAllFamilies = "*"

// UnmarshalJSON reads a string or an object keyed by player family, rejecting
// unknown families and empty reasons.
func (d *scDivergence) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if strings.TrimSpace(s) == "" {
			return errors.New("knownDivergence: empty reason")
		}
		*d = scDivergence{scAllFamilies: s}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return errors.New("knownDivergence: want a string or an object of reasons by player family")
	}
	for k, v := range m {
		if k != scFamilyDecide && k != scFamilyService {
			return fmt.Errorf("knownDivergence: unknown player family %q (want %q or %q)", k, scFamilyDecide, scFamilyService)
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("knownDivergence: empty reason for %q", k)
		}
	}
	*d = m
	return nil
}

// reason returns the divergence known for a family of players, or "".
func (d scDivergence) reason(family string) string {
	if r := d[scAllFamilies]; r != "" {
		return r
	}
	return d[family]
}

// scNameKind says what a symbolic name refers to.
type scNameKind string

const (
	scKindOrganisation  scNameKind = "organisation"
	scKindUnit          scNameKind = "unit"
	scKindProfessional  scNameKind = "professional"
	scKindChild         scNameKind = "child"
	scKindGuardian      scNameKind = "guardian"
	scKindRelated       scNameKind = "relatedPerson"
	scKindCustody       scNameKind = "custody"
	scKindAssignment    scNameKind = "assignment"
	scKindConsent       scNameKind = "consent"
	scKindDisclosure    scNameKind = "disclosure"
	scKindMaturity      scNameKind = "maturityAssessment"
	scKindHarm          scNameKind = "harmException"
	scKindAssessment    scNameKind = "assessment"
	scKindConcern       scNameKind = "concern"
	scKindGoal          scNameKind = "goal"
	scKindItem          scNameKind = "item"
	scKindPlanMember    scNameKind = "member"
	scKindPlanFollowUp  scNameKind = "followUp"
	scKindPlanView      scNameKind = "view"
	scKindPlan          scNameKind = "plan"
	scKindPlanDisagreem scNameKind = "disagreement"
)

// scStep is one moment of the timeline: a fact that happens, or a question with
// its expected answer. Exactly one of the kinds is set.
type scStep struct {
	At              scStamp      `json:"at"`
	Note            string       `json:"note"`
	KnownDivergence scDivergence `json:"knownDivergence"`

	Custody       *scCustodyEvent    `json:"custody"`
	Assign        *scAssignEvent     `json:"assign"`
	End           *scEndEvent        `json:"end"`
	Consent       *scConsentEvent    `json:"consent"`
	GiveConsent   *scGiveEvent       `json:"giveConsent"`
	Withdraw      *scWithdrawEvent   `json:"withdraw"`
	Disclosure    *scDisclosureEvent `json:"disclosure"`
	Maturity      *scMaturityEvent   `json:"maturity"`
	HarmException *scHarmEvent       `json:"harmException"`
	Registration  *scRegistration    `json:"registration"`
	Assessment    *scAssessmentEvent `json:"assessment"`
	Concern       *scConcernEvent    `json:"concern"`
	Plan          *scPlanEvent       `json:"plan"`
	Request       *scRequest         `json:"request"`
	Overview      *scOverview        `json:"overview"`
	Authority     *scAuthorityAsk    `json:"authority"`

	Expect json.RawMessage `json:"expect"`

	// Decoded from Expect by resolve, by kind.
	expectDecision  *scDecisionExpect
	expectRecord    *scRecordExpect
	expectPlan      *scPlanExpect
	expectOverview  *scOverviewExpect
	expectAuthority *scAuthorityExpect

	index int
}

// kind returns the JSON name of the step's kind, or "" when none or more than
// one is set.
func (s *scStep) kind() string {
	var kinds []string
	add := func(set bool, name string) {
		if set {
			kinds = append(kinds, name)
		}
	}
	add(s.Custody != nil, "custody")
	add(s.Assign != nil, "assign")
	add(s.End != nil, "end")
	add(s.Consent != nil, "consent")
	add(s.GiveConsent != nil, "giveConsent")
	add(s.Withdraw != nil, "withdraw")
	add(s.Disclosure != nil, "disclosure")
	add(s.Maturity != nil, "maturity")
	add(s.HarmException != nil, "harmException")
	add(s.Registration != nil, "registration")
	add(s.Assessment != nil, "assessment")
	add(s.Concern != nil, "concern")
	add(s.Plan != nil, "plan")
	add(s.Request != nil, "request")
	add(s.Overview != nil, "overview")
	add(s.Authority != nil, "authority")
	if len(kinds) != 1 {
		return ""
	}
	return kinds[0]
}

// label names the step in test output: its index, kind and a few words.
func (s *scStep) label() string {
	k := s.kind()
	var what string
	switch {
	case s.Request != nil:
		r := s.Request
		what = r.Actor + "_" + string(r.Action) + "_" + string(r.Category)
		if r.Recipient != "" {
			what += "_to_" + string(r.Recipient)
		}
	case s.Overview != nil:
		what = s.Overview.Actor
	case s.Consent != nil:
		what = s.Consent.Name
	case s.Withdraw != nil:
		what = s.Withdraw.Consent
	case s.Disclosure != nil:
		what = string(s.Disclosure.To)
		if s.Disclosure.Recipient != "" {
			what = s.Disclosure.Recipient
		}
	case s.Assign != nil:
		what = s.Assign.Holder + "_" + string(s.Assign.Role)
	case s.End != nil:
		what = s.End.Record
	case s.Plan != nil:
		what = strings.ReplaceAll(s.Plan.Summary, " ", "_")
	}
	name := fmt.Sprintf("%02d_%s", s.index, k)
	if what != "" {
		name += "_" + what
	}
	return name
}

type scCustodyEvent struct {
	Name     string   `json:"name"`
	Child    string   `json:"child"`
	Guardian string   `json:"guardian"`
	Until    *scStamp `json:"until"`
	By       string   `json:"by"`
}

type scAssignEvent struct {
	Name     string     `json:"name"`
	Child    string     `json:"child"`
	Role     roles.Role `json:"role"`
	Holder   string     `json:"holder"`
	Until    *scStamp   `json:"until"`
	Replaces string     `json:"replaces"`
	By       string     `json:"by"`
}

// scEndEvent ends a record with a period (custody, assignment, maturity
// assessment, harm exception) at the step's time.
type scEndEvent struct {
	Record string `json:"record"`
}

type scConsentEvent struct {
	Name              string            `json:"name"`
	Child             string            `json:"child"`
	DisclosingAgency  roles.Agency      `json:"disclosingAgency"`
	ReceivingAgencies []roles.Agency    `json:"receivingAgencies"`
	ReceivingUnits    []string          `json:"receivingUnits"`
	Categories        []roles.Category  `json:"categories"`
	Purpose           roles.Purpose     `json:"purpose"`
	ValidFrom         *scStamp          `json:"validFrom"`
	ValidUntil        *scStamp          `json:"validUntil"`
	Form              roles.ConsentForm `json:"form"`
	Givers            []string          `json:"givers"`
	RecordedBy        string            `json:"recordedBy"`
}

type scGiveEvent struct {
	Consent string `json:"consent"`
	By      string `json:"by"`
}

type scWithdrawEvent struct {
	Consent    string `json:"consent"`
	By         string `json:"by"`
	RecordedBy string `json:"recordedBy"`
}

type scDisclosureEvent struct {
	Name              string                  `json:"name"`
	Child             string                  `json:"child"`
	Outcome           roles.DisclosureOutcome `json:"outcome"`
	Categories        []roles.Category        `json:"categories"`
	From              roles.Agency            `json:"from"`
	To                roles.Agency            `json:"to"`
	Recipient         string                  `json:"recipient"`
	Purpose           roles.Purpose           `json:"purpose"`
	Consent           string                  `json:"consent"`
	LegalBasis        roles.LegalBasisCode    `json:"legalBasis"`
	Reason            string                  `json:"reason"`
	Views             []scViewEntry           `json:"views"`
	FamilyInformed    bool                    `json:"familyInformed"`
	NotInformedReason string                  `json:"notInformedReason"`
	DecidedBy         string                  `json:"decidedBy"`
}

type scViewEntry struct {
	By   string `json:"by"`
	Text string `json:"text"`
}

type scMaturityEvent struct {
	Name       string            `json:"name"`
	Child      string            `json:"child"`
	Band       roles.ConsentBand `json:"band"`
	Reason     string            `json:"reason"`
	Until      *scStamp          `json:"until"`
	AssessedBy string            `json:"assessedBy"`
}

type scHarmEvent struct {
	Name      string   `json:"name"`
	Child     string   `json:"child"`
	Guardian  string   `json:"guardian"`
	Reason    string   `json:"reason"`
	Until     *scStamp `json:"until"`
	DecidedBy string   `json:"decidedBy"`
}

// scRegistration changes what the population register says about a child: the
// municipality (a move) or the protection level.
type scRegistration struct {
	Child      string                `json:"child"`
	Kommun     roles.Kommunkod       `json:"kommun"`
	Protection roles.ProtectionLevel `json:"protection"`
}

type scAssessmentEvent struct {
	Name       string             `json:"name"`
	Child      string             `json:"child"`
	AssessedBy string             `json:"assessedBy"`
	Areas      []scAssessmentArea `json:"areas"`
	ChildView  string             `json:"childView"`
	GuardView  string             `json:"guardiansView"`
}

type scAssessmentArea struct {
	Area      behovskompass.Area      `json:"area"`
	Level     behovskompass.LevelCode `json:"level"`
	Strengths string                  `json:"strengths"`
	Concerns  string                  `json:"concerns"`
	Source    behovskompass.Source    `json:"source"`
}

type scConcernEvent struct {
	Name        string                    `json:"name"`
	Child       string                    `json:"child"`
	RaisedBy    string                    `json:"raisedBy"`
	Noticed     string                    `json:"noticed"`
	Areas       []behovskompass.Area      `json:"areas"`
	Seriousness behovskompass.Seriousness `json:"seriousness"`
	// Report, when set, also reports the concern to social services
	// (orosanmälan), at the same moment.
	Report *scConcernReport `json:"report"`
}

// scConcernReport is an orosanmälan: the concern reported to social services
// on the legal basis osl_10_28_orosanmalan, recorded as a disclosure of the
// category oro from the upptäckare's agency.
type scConcernReport struct {
	Reason            string        `json:"reason"`
	ToUnit            string        `json:"toUnit"`
	FamilyInformed    bool          `json:"familyInformed"`
	NotInformedReason string        `json:"notInformedReason"`
	Views             []scViewEntry `json:"views"`
}

// scPlanEvent is one change of the child's plan (the first creates it), by a
// professional, applied in the order the README gives.
type scPlanEvent struct {
	Child          string           `json:"child"`
	By             string           `json:"by"`
	Summary        string           `json:"summary"`
	Reason         string           `json:"reason"`
	Barnkontakt    string           `json:"barnkontakt"`
	Stodsamordnare string           `json:"stodsamordnare"`
	NextReview     roles.Date       `json:"nextReview"`
	Members        []scPlanMember   `json:"members"`
	Views          []scPlanView     `json:"views"`
	Goals          []scPlanGoal     `json:"goals"`
	Items          []scPlanItem     `json:"items"`
	SIP            *scPlanSIP       `json:"sip"`
	Status         plan.Status      `json:"status"`
	ItemStatus     []scPlanItemMove `json:"itemStatus"`
	FollowUp       *scPlanFollowUp  `json:"followUp"`
}

type scPlanMember struct {
	Name  string     `json:"name"`
	Party string     `json:"party"`
	Role  roles.Role `json:"role"`
}

type scPlanView struct {
	Name string `json:"name"`
	By   string `json:"by"`
	Text string `json:"text"`
}

type scPlanGoal struct {
	Name      string               `json:"name"`
	Areas     []behovskompass.Area `json:"areas"`
	Outcome   string               `json:"outcome"`
	Indicator string               `json:"indicator"`
}

type scPlanItem struct {
	Name        string             `json:"name"`
	Goal        string             `json:"goal"`
	Area        behovskompass.Area `json:"area"`
	Description string             `json:"description"`
	By          string             `json:"by"`
	Agency      roles.Agency       `json:"agency"`
	Principal   string             `json:"principal"`
	Role        string             `json:"role"`
	Start       roles.Date         `json:"start"`
	Due         roles.Date         `json:"due"`
}

type scPlanSIP struct {
	Lead     string               `json:"lead"`
	CalledOn roles.Date           `json:"calledOn"`
	HeldOn   roles.Date           `json:"heldOn"`
	Others   []scPlanContribution `json:"others"`
}

type scPlanContribution struct {
	Agency roles.Agency `json:"agency"`
	Party  string       `json:"party"`
	Text   string       `json:"text"`
}

type scPlanItemMove struct {
	Item string          `json:"item"`
	To   plan.ItemStatus `json:"to"`
	Note string          `json:"note"`
}

type scPlanFollowUp struct {
	Name         string     `json:"name"`
	Date         roles.Date `json:"date"`
	Participants []string   `json:"participants"`
	Decisions    string     `json:"decisions"`
	NextReview   roles.Date `json:"nextReview"`
}

// scRequest asks roles.Decide (or backa.Service) whether an actor may act.
type scRequest struct {
	Actor           string               `json:"actor"`
	Action          roles.Action         `json:"action"`
	Category        roles.Category       `json:"category"`
	Child           string               `json:"child"`
	RecordingAgency roles.Agency         `json:"recordingAgency"`
	RecordingUnit   string               `json:"recordingUnit"`
	Recipient       roles.Agency         `json:"recipient"`
	RecipientUnit   string               `json:"recipientUnit"`
	Purpose         roles.Purpose        `json:"purpose"`
	LegalBasis      roles.LegalBasisCode `json:"legalBasis"`
}

// scOverview reads the child's overview (the combined picture and the basic
// record) as the actor sees it.
type scOverview struct {
	Actor   string        `json:"actor"`
	Child   string        `json:"child"`
	Purpose roles.Purpose `json:"purpose"`
}

// scAuthorityAsk asks whose consent a waiver of secrecy about the child needs.
type scAuthorityAsk struct {
	Child string `json:"child"`
}

// scDecisionExpect is the expected answer to a request.
type scDecisionExpect struct {
	Allowed *bool          `json:"allowed"`
	Basis   *scBasisExpect `json:"basis"`
	// Reasons: the first is the decision's main (first) reason; every one
	// listed must be among the decision's reasons.
	Reasons []roles.Reason `json:"reasons"`
	// Obligations must all be set; WithoutObligations must all be unset.
	Obligations        *roles.Obligations `json:"obligations"`
	WithoutObligations *roles.Obligations `json:"withoutObligations"`
}

type scBasisExpect struct {
	Kind       roles.BasisKind      `json:"kind"`
	Consent    string               `json:"consent"`
	LegalBasis roles.LegalBasisCode `json:"legalBasis"`
}

// scRecordExpect is the expected outcome of recording a fact: accepted (the
// default) or rejected with the rules named.
type scRecordExpect struct {
	Rejected []string `json:"rejected"`
}

// scPlanExpect is the expected outcome of a plan change.
type scPlanExpect struct {
	Rejected []string    `json:"rejected"`
	Status   plan.Status `json:"status"`
	IsSIP    *bool       `json:"isSIP"`
	Agencies []string    `json:"itemAgencies"`
	// NextReview is the plan's next review date after the change.
	NextReview roles.Date `json:"nextReview"`
}

// scOverviewExpect is what the actor sees in the overview.
type scOverviewExpect struct {
	// Assessments are the symbolic names of the assessments whose entries
	// appear (exactly these).
	Assessments []string `json:"assessments"`
	// Agencies are the agencies whose assessments appear (exactly these).
	Agencies []roles.Agency `json:"agencies"`
	// Contact says whether the child's contact data appears.
	Contact *bool `json:"contact"`
}

// scAuthorityExpect is whose consent is needed.
type scAuthorityExpect struct {
	Age        *int              `json:"age"`
	Band       roles.ConsentBand `json:"band"`
	ByMaturity *bool             `json:"byMaturity"`
	Guardians  []string          `json:"guardians"`
	Child      *bool             `json:"child"`
	LeftOut    []string          `json:"leftOut"`
	Inform     []string          `json:"inform"`
}

// scStamp is an instant in a scenario: "2026-03-02" (the start of that day in
// Swedish time), "2026-03-02T09:30" or "2026-03-02T09:30:15" (Swedish time),
// or RFC 3339 with an offset ("2026-03-02T08:30:00Z").
type scStamp struct{ time.Time }

// UnmarshalJSON reads a JSON string in one of the forms above. (stamp embeds
// time.Time, whose own JSON methods it overrides.)
func (s *scStamp) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("time: want a string: %w", err)
	}
	t, err := scParseStamp(v)
	if err != nil {
		return err
	}
	s.Time = t
	return nil
}

// MarshalJSON writes RFC 3339 in UTC.
func (s scStamp) MarshalJSON() ([]byte, error) {
	return json.Marshal(s.UTC().Format(time.RFC3339Nano))
}

func scParseStamp(v string) (time.Time, error) {
	loc := roles.SwedishTime()
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t.UTC(), nil
		}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("time %q: want YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (Swedish time) or RFC 3339", v)
}
