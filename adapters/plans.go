package adapters

import (
	"context"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// Plans stores Barnets plan: one plan per child, every revision kept.
//
// Create stores revision 1 and Update each following revision as a whole
// plan.Plan; every revision stays readable through Revision and Revisions
// [Plans/Revisions]. A child has at most one plan: Create must fail with an
// error matching ErrAlreadyExists when the child has one, whatever its status
// [Plans/OnePerChild]; a plan's ChildID never changes (Update with another
// ChildID must fail with an error matching roles.ErrInvalid).
type Plans interface {
	Records[plan.Plan, roles.ID[plan.Plan]]

	// ByChild returns the child's plan at its current revision
	// [Plans/ByChild].
	ByChild(ctx context.Context, child roles.ID[roles.Child]) (plan.Plan, error)

	// Revision returns the plan as it was at revision rev; an error matching
	// ErrNotFound when the plan or that revision does not exist
	// [Plans/Revisions].
	Revision(ctx context.Context, id roles.ID[plan.Plan], rev int64) (plan.Plan, error)

	// Revisions returns the plan's revision log, newest first (Revision
	// descending) [Plans/Revisions, Paging/*]. A plan that does not exist has an
	// empty log.
	Revisions(ctx context.Context, id roles.ID[plan.Plan], page PageRequest) (Page[plan.LogEntry], error)

	// OverdueItems returns the items of the agency that are overdue on the
	// date: items of active plans (status aktiv) whose Agency is agency, whose
	// Due is set and before on, and whose status is not terminal (not
	// genomford or avbruten). Ordered by Due, then plan ID, then item ID
	// [Plans/OverdueItems].
	OverdueItems(ctx context.Context, agency roles.Agency, on roles.Date, page PageRequest) (Page[PlanItem], error)

	// DueForFollowUp returns the active plans (status aktiv) whose NextReview
	// is set and on or before by, ordered by NextReview, then ID
	// [Plans/DueForFollowUp].
	DueForFollowUp(ctx context.Context, by roles.Date, page PageRequest) (Page[plan.Plan], error)
}

// PlanItem is an item together with the plan it belongs to.
type PlanItem struct {
	PlanID   roles.ID[plan.Plan]   `json:"planId"`
	ChildID  roles.ID[roles.Child] `json:"childId"`
	Revision int64                 `json:"revision"` // the plan's current revision
	Item     plan.Item             `json:"item"`
}
