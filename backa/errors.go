package backa

import (
	"errors"
	"strings"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/roles"
)

// The sentinel errors of the service, matched with errors.Is.
var (
	// ErrDenied: access was refused. Every refusal is a *DeniedError carrying
	// the decision's reasons, and its audit entry is committed before the
	// error is returned.
	ErrDenied = errors.New("access denied")

	// ErrUnknownActor: the acting person could not be verified against the
	// store (no such professional, guardian or child, or a professional acting
	// in another agency or unit than their record says). It comes wrapped in a
	// *DeniedError, so it matches ErrDenied too.
	ErrUnknownActor = errors.New("unknown actor")

	// ErrConfirmationRequired: the child or a guardian has a protected
	// identity, so the view needs explicit confirmation (ReadOptions.
	// ConfirmProtected). It comes wrapped in a *DeniedError, so it matches
	// ErrDenied too; the refused view is audited with high severity.
	ErrConfirmationRequired = errors.New("confirmation of protected identity required")

	// ErrAuditBroken: VerifyAudit found a changed, removed or reordered audit
	// entry. It comes wrapped in an *AuditError saying where.
	ErrAuditBroken = errors.New("audit trail broken")
)

// DeniedError reports a refused access: which action on which category of the
// child's information, recorded by which agency, and why, as the reasons of
// the access decision (stable codes with Swedish and English texts). It never
// holds personal data. When a use case takes several decisions, the error
// describes the first refused one; the audit trail holds them all.
//
// It matches ErrDenied with errors.Is, and also ErrUnknownActor or
// ErrConfirmationRequired when that is why access was refused.
type DeniedError struct {
	// DecisionID identifies the decision in the audit trail.
	DecisionID uuid.UUID `json:"decisionId"`
	// Action, Category and Agency say what was refused: the action on the
	// category of information recorded by Agency (empty for guardians and the
	// child, whose own access is not tied to one agency).
	Action   roles.Action   `json:"action"`
	Category roles.Category `json:"category"`
	Agency   roles.Agency   `json:"agency,omitempty"`
	// Reasons explain the refusal, most important first.
	Reasons []roles.Reason `json:"reasons"`
	// Cause is ErrUnknownActor or ErrConfirmationRequired when one of them
	// is why access was refused, else nil.
	Cause error `json:"-"`
}

// Error returns "backa: denied: <action> <category>: <reason codes>".
func (e *DeniedError) Error() string {
	var b strings.Builder
	b.WriteString("backa: denied: ")
	b.WriteString(string(e.Action))
	b.WriteByte(' ')
	b.WriteString(string(e.Category))
	if e.Agency != "" {
		b.WriteString(" of ")
		b.WriteString(string(e.Agency))
	}
	b.WriteString(": ")
	for i, r := range e.Reasons {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.Code())
	}
	if e.Cause != nil {
		b.WriteString(" (")
		b.WriteString(e.Cause.Error())
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns ErrDenied and the cause, if any.
func (e *DeniedError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrDenied, e.Cause}
	}
	return []error{ErrDenied}
}

// Swedish returns the reasons in Swedish, one sentence each.
func (e *DeniedError) Swedish() string { return e.texts(roles.Reason.Swedish) }

// English returns the reasons in English, one sentence each.
func (e *DeniedError) English() string { return e.texts(roles.Reason.English) }

func (e *DeniedError) texts(f func(roles.Reason) string) string {
	var b strings.Builder
	for i, r := range e.Reasons {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f(r))
	}
	return b.String()
}

// Codes returns the codes of the reasons.
func (e *DeniedError) Codes() []string {
	out := make([]string, len(e.Reasons))
	for i, r := range e.Reasons {
		out[i] = r.Code()
	}
	return out
}

// errDeny is what a use case function returns to end its transaction with
// the audit entries of a refusal committed and nothing else.
var errDeny = errors.New("backa: refusal (internal)")
