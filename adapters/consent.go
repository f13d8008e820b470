package adapters

import (
	"context"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// Consents stores roles.Consent records: waivers of secrecy, held by the
// disclosing agency. A withdrawal is an Update that sets Withdrawal and Status.
type Consents interface {
	Records[roles.Consent, roles.ID[roles.Consent]]

	// OfChild returns every consent about the child, withdrawn and expired ones
	// too, ordered by ValidFrom, then ID [Consents/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Consent, error)

	// InForceAt returns the consents about the child that hold at t as far as
	// the record says (roles.Consent.InForceAt: ValidFrom <= t < ValidUntil,
	// and not withdrawn at or before t), ordered as OfChild
	// [Consents/InForceAt]. Whether a consent is complete is for roles.Decide.
	InForceAt(ctx context.Context, child roles.ID[roles.Child], t time.Time) ([]roles.Consent, error)
}

// Disclosures stores roles.Disclosure records: every decision to disclose, or
// not to disclose, information about a child to another agency.
type Disclosures interface {
	Records[roles.Disclosure, roles.ID[roles.Disclosure]]

	// OfChild returns every disclosure decision about the child, ordered by
	// DecidedAt, then ID [Disclosures/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Disclosure, error)
}

// MaturityAssessments stores roles.MaturityAssessment records.
type MaturityAssessments interface {
	Records[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]]

	// OfChild returns every maturity assessment of the child, ordered by
	// Period.Start, then ID [MaturityAssessments/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.MaturityAssessment, error)
}

// HarmExceptions stores roles.HarmException records (OSL 12:3).
type HarmExceptions interface {
	Records[roles.HarmException, roles.ID[roles.HarmException]]

	// OfChild returns every significant-harm exception about the child,
	// ordered by Period.Start, then ID [HarmExceptions/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.HarmException, error)
}
