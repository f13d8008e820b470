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
//
// A plan is a value (package plan): it is never changed in place, and a
// revision made with plan.Plan.Change shares with the one it was made from
// whatever the change left alone. Plans therefore do not follow the
// NoAliasing rule of Records: a store may keep the memory of a plan passed to
// Create or Update, and may return plans (and the items of PlanItem) that
// share memory with what it keeps and with one another. In return:
//
//   - A caller must not change a plan it passed to Create or Update, or got
//     from the store, in place: not its slices, nor the slices and structs of
//     its elements, and it must not append to any of them (an append may
//     write into room that another plan shares). It makes the next revision
//     with plan.Plan.Change, or builds new slices, or takes plan.Plan.Clone.
//   - A store must never change in place a plan it was given or returned:
//     storing a revision must leave every plan given or returned before, and
//     the plan being stored, as they were, but for the Revision that Create
//     and Update set [Plans/Shared].
//
// This lets an in-memory store give out a revision and keep the next one
// without copying either, which makes a plan change cost what it changes.
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
