// Package plan is Barnets plan: the one living plan per child that all agencies
// share ("Ett barn, en plan"). A single-agency plan is the same plan with one
// agency.
//
// A Plan holds why the plan exists, the child's Barnkontakt and, when needed,
// the Stödsamordnare with overall responsibility, the child's team, the child's
// and the guardians' views and any disagreement, goals tied to the compass
// areas of package behovskompass, items (insatser) saying who does what from
// when until when, follow-up meetings and the next review date. When both
// social services and health care own items the plan is also a SIP (samordnad
// individuell plan) and states what a SIP must state.
//
// # Revisions
//
// A Plan is a value. Every change goes through Plan.Change, which hands a Draft
// to a function that edits it through methods (AddGoal, AddItem,
// SetItemStatus, RecordFollowUp, SetStatus, ...) and returns a new revision
// with the author, the time and a summary, checked by Validate. The old
// revision is never modified, so adapters can store each one and earlier
// revisions stay readable. Plan.Diff tells what changed between two revisions,
// in a form a notification can be built from.
//
// # Lifecycles
//
// A plan goes utkast -> aktiv -> avslutad, and a closed plan may be reopened
// (avslutad -> aktiv), which its status history records. An item goes
// planerad -> pagaende | avbruten; pagaende -> pausad | genomford | avbruten;
// pausad -> pagaende | avbruten; genomford and avbruten are terminal. Each
// lifecycle is one table next to its constants; a change the table does not
// allow returns an error matching ErrInvalidTransition.
//
// # Errors and warnings
//
// Validate reports every broken rule with its path (items[2].due) in a
// *roles.ValidationError, never with the value. Warnings, such as a review
// date or a due date that has passed, are reported apart by Plan.Warnings and
// never make a plan invalid.
//
// # Dates
//
// Start, due, review and meeting dates are calendar dates (roles.Date) in
// Swedish time: take today's date with roles.DateOf(time.Now()). Instants
// (when a change was made) are time.Time in UTC.
//
// # FHIR
//
// The types map onto HL7 FHIR R5 without copying its generality: Plan onto
// CarePlan, Goal onto Goal, Item onto Task (CarePlan.activity), Team onto
// CareTeam, FollowUp onto Encounter. The status codes' doc comments name the
// FHIR codes they map to.
package plan
