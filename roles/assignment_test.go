package roles

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 0, 0, 0, time.UTC) }

// asg returns a valid assignment of role for the child in testChild, held by
// professional holder from agency over [start, end).
func asg(n int, role Role, holder ID[Professional], agency Agency, start, end time.Time) Assignment {
	return Assignment{
		ID:         asgIDs[n%len(asgIDs)],
		ChildID:    childID,
		Role:       role,
		Holder:     ProfessionalParty(holder),
		Agency:     agency,
		Period:     Period{Start: start, End: end},
		RecordedBy: ProfessionalParty(profID),
		RecordedAt: start,
	}
}

var (
	bvcStart    = day(2017, 2, 1)  // the child is one month old
	bvcEnd      = day(2023, 1, 9)  // the child turned 6 on 2023-01-01
	skolaStart  = day(2023, 8, 15) // school starts
	presentTime = t0               // 2026-11-23, the child is 9
)

// team is a valid history: the BVC nurse hands over to the preschool and the
// preschool to the school, with a Stödsamordnare, a Barnteam member and a närstående.
func team() []Assignment {
	return []Assignment{
		asg(0, Barnkontakt, profID, HalsoSjukvard, bvcStart, bvcEnd),
		asg(1, Barnkontakt, prof2ID, Forskola, bvcEnd, skolaStart),
		asg(2, Barnkontakt, profID, Skola, skolaStart, time.Time{}),
		asg(3, Stodsamordnare, prof2ID, Socialtjanst, day(2025, 9, 1), time.Time{}),
		{
			ID: asgIDs[4], ChildID: childID, Role: Narstaende, Holder: RelatedParty(relatedID),
			Period: Period{Start: day(2025, 9, 1)}, RecordedBy: ProfessionalParty(prof2ID), RecordedAt: day(2025, 9, 1),
		},
	}
}

func TestValidateAssignments(t *testing.T) {
	t.Parallel()
	var (
		guardianHolder = GuardianParty(guardianID)
		other          = mustID[Child]("0193f1a0-0000-7000-8000-0000000000c1")
		prof3          = mustID[Professional]("0193f1a0-0000-7000-8000-0000000000c3")
	)
	tests := []struct {
		name   string
		as     func() []Assignment
		at     time.Time
		policy *Policy
		want   []string
	}{
		{"valid history", team, presentTime, nil, nil},
		{"valid in any order", func() []Assignment {
			a := team()
			a[0], a[2] = a[2], a[0]
			a[1], a[4] = a[4], a[1]
			return a
		}, presentTime, nil, nil},
		{"valid while the BVC nurse is Barnkontakt", team, day(2019, 5, 1), nil, nil},
		{"valid at the handover instant", team, bvcEnd, nil, nil},
		{"no assignments", func() []Assignment { return nil }, presentTime, nil, []string{" barnkontakt_missing"}},
		{"no Barnkontakt yet", team, day(2017, 1, 15), nil, []string{" barnkontakt_missing"}},
		{"every Barnkontakt has ended", func() []Assignment {
			a := team()
			a[2].Period.End = day(2026, 6, 30)
			return a
		}, presentTime, nil, []string{" barnkontakt_missing"}},
		{"gap at a handover", func() []Assignment {
			a := team()
			a[1].Period.Start = bvcEnd.Add(24 * time.Hour)
			return a
		}, presentTime, nil, []string{"[1].period barnkontakt_gap"}},
		{"overlap at a handover", func() []Assignment {
			a := team()
			a[0].Period.End = bvcEnd.Add(time.Hour)
			return a
		}, presentTime, nil, []string{"[1].period barnkontakt_overlap"}},
		{"old Barnkontakt never ended", func() []Assignment {
			a := team()
			a[1].Period.End = time.Time{}
			return a
		}, presentTime, nil, []string{"[2].period barnkontakt_overlap"}},
		{"overlap with an earlier, longer period", func() []Assignment {
			a := team()
			a[0].Period.End = day(2024, 1, 1) // covers the preschool's whole period
			return a
		}, presentTime, nil, []string{"[1].period barnkontakt_overlap", "[2].period barnkontakt_overlap"}},
		{"two active at once", func() []Assignment {
			return append(team(), asg(5, Barnkontakt, prof3, Forskola, day(2026, 1, 1), time.Time{}))
		}, presentTime, nil, []string{"[5].period barnkontakt_overlap"}},
		{"ineligible agency at the start", func() []Assignment {
			a := team()
			a[1].Agency = Socialtjanst
			return a
		}, presentTime, nil, []string{"[1].agency barnkontakt_agency"}},
		{"school too early", func() []Assignment {
			a := team()
			a[0].Period.End = day(2020, 1, 1)
			a[1].Period.Start = day(2020, 1, 1) // the child is 3
			return a
		}, presentTime, nil, []string{"[1].agency barnkontakt_agency"}},
		{"BVC nurse kept after the child turned 6", func() []Assignment {
			a := team()[:1]
			a[0].Period.End = time.Time{}
			return a
		}, presentTime, nil, []string{"[0].agency barnkontakt_agency"}},
		{"BVC nurse kept, checked before the sixth birthday", func() []Assignment {
			a := team()[:1]
			a[0].Period.End = time.Time{}
			return a
		}, day(2022, 12, 31), nil, nil},
		{"custom policy allows the school from age 0", func() []Assignment {
			return []Assignment{asg(0, Barnkontakt, profID, Skola, bvcStart, time.Time{})}
		}, presentTime, &Policy{Barnkontakt: []BarnkontaktRule{{Ages: AgeBand{MinAge: 0, MaxAge: -1}, Agencies: []Agency{Skola}}}}, nil},
		{"custom policy that allows nothing", team, presentTime, &Policy{}, []string{
			"[0].agency barnkontakt_agency", "[1].agency barnkontakt_agency",
			"[2].agency barnkontakt_agency", "[2].agency barnkontakt_agency", // at the start and now
		}},
		{"Stödsamordnare overlap", func() []Assignment {
			return append(team(), asg(5, Stodsamordnare, prof3, HalsoSjukvard, day(2026, 1, 1), day(2026, 6, 1)))
		}, presentTime, nil, []string{"[5].period stodsamordnare_overlap"}},
		{"Stödsamordnare handover and gap are fine", func() []Assignment {
			a := team()
			a[3].Period.End = day(2026, 1, 1)
			return append(a,
				asg(5, Stodsamordnare, prof3, HalsoSjukvard, day(2026, 1, 1), day(2026, 3, 1)),
				asg(6, Stodsamordnare, prof2ID, Socialtjanst, day(2026, 5, 1), time.Time{}))
		}, presentTime, nil, nil},
		{"duplicate role", func() []Assignment {
			return append(team(),
				asg(5, Barnteam, prof3, ElevhalsaPsykosocial, day(2026, 1, 1), time.Time{}),
				asg(6, Barnteam, prof3, ElevhalsaPsykosocial, day(2026, 3, 1), day(2026, 4, 1)))
		}, presentTime, nil, []string{"[6].period duplicate_role"}},
		{"same role, other person or later period", func() []Assignment {
			return append(team(),
				asg(5, Barnteam, prof3, ElevhalsaPsykosocial, day(2026, 1, 1), day(2026, 3, 1)),
				asg(6, Barnteam, prof3, ElevhalsaPsykosocial, day(2026, 3, 1), time.Time{}),
				asg(7, Barnteam, prof2ID, ElevhalsaPsykosocial, day(2026, 1, 1), time.Time{}),
				asg(8, BarnetsTeam, prof3, ElevhalsaPsykosocial, day(2026, 1, 1), time.Time{}))
		}, presentTime, nil, nil},
		{"wrong holder kind", func() []Assignment {
			a := team()
			a[2].Holder = guardianHolder
			a[4].Holder = ProfessionalParty(profID)
			return a
		}, presentTime, nil, []string{"[2].holder.kind holder_kind", "[4].holder.kind holder_kind"}},
		{"guardian and child are not assignments", func() []Assignment {
			return append(team(),
				Assignment{ID: asgIDs[0], ChildID: childID, Role: Vardnadshavare, Holder: guardianHolder,
					Period: Period{Start: bvcStart}, RecordedBy: ProfessionalParty(profID), RecordedAt: bvcStart},
				Assignment{ID: asgIDs[1], ChildID: childID, Role: Barn, Holder: ChildParty(childID),
					Period: Period{Start: bvcStart}, RecordedBy: ProfessionalParty(profID), RecordedAt: bvcStart})
		}, presentTime, nil, []string{"[5].role role", "[6].role role"}},
		{"another child's assignment", func() []Assignment {
			a := team()
			a[3].ChildID = other
			return a
		}, presentTime, nil, []string{"[3].childId child"}},
		{"incomplete assignment", func() []Assignment {
			a := team()
			a[3] = Assignment{ChildID: childID, Role: Stodsamordnare}
			return a
		}, presentTime, nil, []string{
			"[3].id required", "[3].holder.kind required", "[3].holder.id required", "[3].recordedBy.kind required",
			"[3].recordedBy.id required", "[3].period period", "[3].agency required", "[3].recordedAt required",
		}},
		{"unknown role and agency", func() []Assignment {
			a := team()
			a[2].Agency = "bvc"
			a[3].Role = "ledare"
			return a
		}, presentTime, nil, []string{"[2].agency code", "[3].role code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testChild()
			err := ValidateAssignments(&c, tt.as(), tt.at, tt.policy)
			assert.Equal(t, tt.want, problems(t, err))
			if err != nil {
				assert.Contains(t, err.Error(), "invalid assignments: ")
			}
		})
	}
}

func TestValidateAssignmentsNilChild(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{" child"}, problems(t, ValidateAssignments(nil, team(), presentTime, nil)))
}

func TestAssignmentValidate(t *testing.T) {
	t.Parallel()
	a := testAssignment()
	require.NoError(t, a.Validate())
	a.Period.End = a.Period.Start
	a.RecordedAt = time.Time{}
	assert.Equal(t, []string{"period period", "recordedAt required"}, problems(t, a.Validate()))
}

func TestActiveAssignments(t *testing.T) {
	t.Parallel()
	a := team()
	got := ActiveAssignments(a, Barnkontakt, presentTime)
	require.Len(t, got, 1)
	assert.Equal(t, Skola, got[0].Agency)
	assert.Len(t, ActiveAssignments(a, "", presentTime), 3)
	assert.Len(t, ActiveAssignments(a, Stodsamordnare, day(2025, 1, 1)), 0)
	got = ActiveAssignments(a, Barnkontakt, bvcEnd)
	require.Len(t, got, 1)
	assert.Equal(t, Forskola, got[0].Agency, "at a handover the new holder has the role")
	assert.True(t, a[0].ActiveAt(bvcStart))
	assert.False(t, a[0].ActiveAt(bvcEnd))
}
