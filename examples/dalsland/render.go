package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// printCompass prints the combined picture as a small chart: one row per
// area, one column per agency that assessed, a bar of one block per step on
// the scale, and the highest level across agencies (with its trend).
func (j *journey) printCompass(h behovskompass.Helhetsbild, trends bool) {
	cat := j.catalog
	// The agencies that assessed anything, in canonical order.
	var agencies []roles.Agency
	for _, a := range h.Areas {
		for _, e := range a.Latest {
			if !slices.Contains(agencies, e.Agency) {
				agencies = append(agencies, e.Agency)
			}
		}
	}
	slices.SortFunc(agencies, func(a, b roles.Agency) int {
		return slices.Index(roles.Agencies(), a) - slices.Index(roles.Agencies(), b)
	})

	tw := j.p.table()
	fmt.Fprint(tw, indent+"Area")
	for _, a := range agencies {
		fmt.Fprint(tw, "\t"+shortAgency(a))
	}
	fmt.Fprint(tw, "\tHighest level")
	if trends {
		fmt.Fprint(tw, "\tSince September")
	}
	fmt.Fprintln(tw)
	for _, pic := range h.Areas {
		fmt.Fprintf(tw, "%s%s (%s)", indent, pic.Area.Label(), pic.Area.SHANARRI())
		for _, a := range agencies {
			cell := ""
			for _, e := range pic.Latest {
				if e.Agency == a {
					cell = bar(e.Rank)
				}
			}
			fmt.Fprint(tw, "\t"+cell)
		}
		highest := "not assessed"
		if !pic.Highest.IsZero() {
			highest = cat.LevelLabel(pic.Highest.Scale, pic.Highest.Level, behovskompass.Swedish) +
				" (" + cat.LevelLabel(pic.Highest.Scale, pic.Highest.Level, behovskompass.English) + ")"
		}
		fmt.Fprint(tw, "\t"+highest)
		if trends {
			fmt.Fprint(tw, "\t"+trend(pic.Trend))
		}
		fmt.Fprintln(tw)
	}
	j.p.flush(tw)
	j.p.printf("%s%s\n", indent, "Levels: █··· Inget behov (no need), ██·· Behov tillgodoses (met within the universal service),")
	j.p.printf("%s%s\n", indent, "        ███· Behov av stöd (needs support), ████ Omfattande behov (extensive need).")
}

// bar draws a level's rank: one block per step up the scale.
func bar(r behovskompass.Rank) string {
	if !r.Valid() {
		return "–"
	}
	return strings.Repeat("█", r.Index+1) + strings.Repeat("·", r.Size-r.Index-1)
}

// trend says how an area's highest level moved.
func trend(t behovskompass.Trend) string {
	switch t.Direction {
	case behovskompass.TrendUp:
		return "↑ more need"
	case behovskompass.TrendDown:
		return "↓ less need"
	case behovskompass.TrendSame:
		return "= same"
	case behovskompass.TrendNew:
		return "new"
	}
	return "–"
}

// shortAgency names an agency in a table heading.
func shortAgency(a roles.Agency) string {
	if a == roles.HalsoSjukvard {
		return "BVC"
	}
	return a.Label()
}

// printPlan prints the plan: who holds it, why, its goals, and its items as
// a table of who does what and when.
func (j *journey) printPlan(p plan.Plan) {
	kind := ""
	if p.IsSIP() {
		kind = ", also a SIP (samordnad individuell plan: coordinated individual plan)"
	}
	j.p.say("Barnets plan: %s (%s), revision %d%s", p.Status.Label(), statusGloss[p.Status], p.Revision, kind)
	j.p.bullet("Barnkontakt: %s", j.holder(p.Barnkontakt))
	j.p.bullet("Stödsamordnare: %s", j.holder(p.Stodsamordnare))
	j.p.bullet("Why: %s", p.Reason)
	for i, g := range p.Goals {
		var areas []string
		for _, a := range g.Areas {
			areas = append(areas, a.Label())
		}
		j.p.bullet("Goal %d (%s): %s Seen when: %s", i+1, strings.Join(areas, ", "), g.Outcome, g.Indicator)
	}
	j.p.printf("\n")
	tw := j.p.table()
	fmt.Fprintln(tw, indent+"Item (insats)\tGoal\tWho\tFrom\tUntil\tStatus")
	for _, it := range p.Items {
		goal := slices.IndexFunc(p.Goals, func(g plan.Goal) bool { return g.ID == it.GoalID }) + 1
		fmt.Fprintf(tw, "%s%s\t%d\t%s\t%s\t%s\t%s\n", indent, it.Description, goal, j.responsible(it),
			it.Start, it.Due, it.Status.Label())
	}
	j.p.flush(tw)
	j.p.printf("\n")
	if p.SIP != nil {
		for _, c := range p.SIP.Others {
			j.p.bullet("Also (SIP): %s", c.Text)
		}
	}
	j.p.bullet("Next review (uppföljning): %s", date(p.NextReview))
}

// statusGloss glosses the plan statuses in English.
var statusGloss = map[plan.Status]string{plan.Utkast: "draft", plan.Aktiv: "active", plan.Avslutad: "closed"}

// holder names the professional behind a plan role.
func (j *journey) holder(r plan.Responsible) string {
	if s := j.w.staffByID(r.ProfessionalID); s != nil {
		return s.name() + ", " + lower(s.Title) + " (" + s.unit.Name + ")"
	}
	return "–"
}

// responsible names who does an item: "Lena Ek, förskola".
func (j *journey) responsible(it plan.Item) string {
	who := it.ProfessionalRole
	if s := j.w.staffByID(it.ProfessionalID); s != nil {
		who = s.name()
	}
	return who + ", " + shortAgency(it.Agency)
}

// printLogSummary prints the log extract by person: how often each read,
// wrote or disclosed Theo's information, how often they were refused, and
// when they last did; then every refusal.
func (j *journey) printLogSummary(entries []backa.LogEntry) {
	type row struct {
		who                  string
		agency               string
		read, write, refused int
		last                 string
	}
	var rows []*row
	byWho := map[roles.Party]*row{}
	for _, e := range entries { // newest first
		r := byWho[e.Actor]
		if r == nil {
			agency := "(the family)"
			if e.ActorAgency != "" {
				agency = e.ActorAgency.Label()
			}
			r = &row{who: j.w.who(e.Actor), agency: agency, last: stamp(e.At)}
			byWho[e.Actor] = r
			rows = append(rows, r)
		}
		switch {
		case !e.Allowed:
			r.refused++
		case e.Action == string(roles.Read):
			r.read++
		default:
			r.write++
		}
	}
	tw := j.p.table()
	fmt.Fprintln(tw, indent+"Who\tAgency\tReads\tWrites\tRefused\tLast")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s%s\t%s\t%d\t%d\t%d\t%s\n", indent, r.who, r.agency, r.read, r.write, r.refused, r.last)
	}
	j.p.flush(tw)
	j.p.printf("\n")
	for _, e := range entries {
		if e.Allowed {
			continue
		}
		j.p.bullet("Refused %s: %s, %s of %s (%s).", stamp(e.At), j.w.who(e.Actor), e.Action, e.Category, strings.Join(e.Reasons, ", "))
	}
}

// categoryList names information categories: "Oro, Helhetsbild and Barnets plan".
func categoryList(cs []roles.Category) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Label())
	}
	return joinAnd(s)
}

// agencyList names agencies: "Förskola and Socialtjänst".
func agencyList(as []roles.Agency) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Label())
	}
	return joinAnd(s)
}

// joinAnd joins words as a list in prose.
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return "none"
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// lower returns a title as it reads in running text: "förskollärare", but
// "BVC-sjuksköterska".
func lower(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[1]) {
		return s
	}
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// finalState is what -json prints: the child's overview, consents and log
// extract at the end of the story, and the verified audit trail. It holds
// the personnummer only in redacted form.
type finalState struct {
	Child struct {
		ID           roles.ID[roles.Child] `json:"id"`
		Personnummer string                `json:"personnummer"` // redacted
		GivenName    string                `json:"givenName"`
		Kommun       roles.Kommunkod       `json:"kommun"`
	} `json:"child"`
	// People names the parties that the IDs below refer to.
	People []person `json:"people"`
	// Overview, Consents: as the Barnkontakt sees them.
	Overview   backa.Overview    `json:"overview"`
	Consents   []roles.Consent   `json:"consents"`
	LogExtract []backa.LogEntry  `json:"logExtract"`
	Audit      backa.AuditReport `json:"audit"`
}

// person is one party of the story with what the story calls them.
type person struct {
	Party  roles.Party  `json:"party"`
	Name   string       `json:"name"`
	Title  string       `json:"title,omitempty"`
	Agency roles.Agency `json:"agency,omitempty"`
}

// printJSON writes the final state as indented JSON.
func (j *journey) printJSON(_ context.Context, out io.Writer) error {
	w := j.w
	var s finalState
	s.Child.ID = w.theo.ID
	s.Child.Personnummer = w.theo.Personnummer.String()
	s.Child.GivenName = w.theo.GivenName
	s.Child.Kommun = w.theo.Kommun
	for _, st := range []*staff{&w.karin, &w.lena, &w.maria} {
		s.People = append(s.People, person{Party: roles.ProfessionalParty(st.ID), Name: st.name(), Title: st.Title, Agency: st.Agency})
	}
	s.People = append(s.People,
		person{Party: roles.ChildParty(w.theo.ID), Name: w.theo.GivenName + " " + w.theo.FamilyName},
		person{Party: roles.GuardianParty(w.sara.ID), Name: w.sara.GivenName + " " + w.sara.FamilyName},
		person{Party: roles.GuardianParty(w.jonas.ID), Name: w.jonas.GivenName + " " + w.jonas.FamilyName},
	)
	s.Overview, s.Consents, s.LogExtract, s.Audit = j.overview, j.consents, j.logExtract, j.audit
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
