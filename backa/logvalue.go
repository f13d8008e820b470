package backa

import (
	"log/slog"
)

// The LogValue methods of this file log the request and result types that
// hold free text, names or other personal data by their IDs, codes and
// counts only, so that a vendor who logs a value logs no personal data.

// LogValue implements slog.LogValuer: the step codes only.
func (ops PlanOps) LogValue() slog.Value {
	codes := make([]string, len(ops))
	for i, op := range ops {
		codes[i], _ = opCode(op)
	}
	return slog.AnyValue(codes)
}

// LogValue implements slog.LogValuer: the child, the areas and the
// seriousness; never what was noticed.
func (r ConcernRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.ChildID.String()),
		slog.Any("areas", r.Areas),
		slog.String("seriousness", string(r.Seriousness)),
		slog.Bool("report", r.Report != nil),
	)
}

// LogValue implements slog.LogValuer: whether the family was told; never the
// reason or the views.
func (r Report) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("toUnit", r.ToUnitID.String()),
		slog.Bool("familyInformed", r.FamilyInformed),
		slog.Int("views", len(r.Views)),
	)
}

// LogValue implements slog.LogValuer: the concern and the report's codes.
func (r ReportConcernRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("concern", r.ConcernID.String()), slog.Any("report", r.Report))
}

// LogValue implements slog.LogValuer: the child and the counts; never a
// närstående's name.
func (r TeamRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.ChildID.String()),
		slog.Int("add", len(r.Add)),
		slog.Int("end", len(r.End)),
	)
}

// LogValue implements slog.LogValuer: the child and the meeting's dates;
// never what was decided.
func (r FollowUpRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.ChildID.String()),
		slog.String("date", r.FollowUp.Date.String()),
		slog.String("nextReview", r.FollowUp.NextReview.String()),
	)
}

// LogValue implements slog.LogValuer: IDs and codes; never the note.
func (r ItemStatusRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.ChildID.String()),
		slog.String("item", r.ItemID.String()),
		slog.String("to", string(r.To)),
	)
}

// LogValue implements slog.LogValuer: the child and the revision; never the
// note.
func (r PlanStatusRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("child", r.ChildID.String()), slog.Int64("revision", r.Revision))
}

// LogValue implements slog.LogValuer: the plan's IDs, status and counts.
func (v PlanView) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("plan", v.Plan.ID.String()),
		slog.String("child", v.Plan.ChildID.String()),
		slog.String("status", string(v.Plan.Status)),
		slog.Int64("revision", v.Plan.Revision),
		slog.Int("items", len(v.Plan.Items)),
		slog.Int("withheld", len(v.Withheld)),
	)
}

// LogValue implements slog.LogValuer: counts only.
func (w Worklist) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("items", len(w.Items)),
		slog.Int("overdue", len(w.Overdue)),
		slog.Int("followUps", len(w.FollowUps)),
		slog.Int("concerns", len(w.Concerns)),
		slog.Int("protectedLeftOut", w.ProtectedLeftOut),
	)
}

// LogValue implements slog.LogValuer: counts only; never what was noticed.
func (v ConcernsView) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("concerns", len(v.Concerns)), slog.Int("withheld", len(v.Withheld)))
}
