package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// printer writes the story for a person to read: numbered steps, paragraphs
// wrapped to a readable width, tables. It keeps the first write error, so
// the story's code need not check every line.
type printer struct {
	w   io.Writer
	err error
}

const (
	indent = "    "
	width  = 92 // columns of a wrapped paragraph, indent included
)

// printf writes formatted text as it is.
func (p *printer) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

// title writes the story's heading.
func (p *printer) title(s string) {
	p.printf("%s\n%s\n", s, strings.Repeat("=", len([]rune(s))))
}

// step starts step n of the story, with its title and the moment it happens.
func (p *printer) step(n int, at time.Time, title string) {
	p.printf("\n%2d. %s\n%s%s\n", n, title, indent, day(at)+", "+at.In(roles.SwedishTime()).Format("15:04"))
}

// say writes a paragraph, wrapped at word boundaries, indented.
func (p *printer) say(format string, args ...any) {
	p.sayIndent(indent, format, args...)
}

// quote writes a paragraph of recorded text (what someone wrote down, in
// Swedish), indented further and in quotation marks.
func (p *printer) quote(text string) {
	p.sayIndent(indent+"  ", "”%s”", text)
}

// bullet writes a paragraph as a list item.
func (p *printer) bullet(format string, args ...any) {
	p.sayIndentFirst(indent+"- ", indent+"  ", format, args...)
}

func (p *printer) sayIndent(ind, format string, args ...any) {
	p.sayIndentFirst(ind, ind, format, args...)
}

func (p *printer) sayIndentFirst(first, rest, format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	line, n := first, len([]rune(first))
	empty := true
	for _, word := range strings.Fields(text) {
		wl := len([]rune(word))
		if !empty && n+1+wl > width {
			p.printf("%s\n", line)
			line, n, empty = rest, len([]rune(rest)), true
		}
		if !empty {
			line += " "
			n++
		}
		line += word
		n += wl
		empty = false
	}
	p.printf("%s\n", line)
}

// table returns a tabwriter over the printer's writer; the caller writes
// tab-separated cells, one row a line, each starting with the indent, and
// calls flush.
func (p *printer) table() *tabwriter.Writer {
	return tabwriter.NewWriter(p, 0, 0, 2, ' ', 0)
}

// flush ends a table.
func (p *printer) flush(tw *tabwriter.Writer) {
	if err := tw.Flush(); err != nil && p.err == nil {
		p.err = err
	}
}

// Write lets a tabwriter write through the printer.
func (p *printer) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.w.Write(b)
	p.err = err
	return n, err
}

// day formats a moment's calendar day in Sweden: "Monday 5 September 2022".
func day(t time.Time) string {
	return t.In(roles.SwedishTime()).Format("Monday 2 January 2006")
}

// date formats a calendar date: "16 Nov 2022".
func date(d roles.Date) string {
	if d.IsZero() {
		return "–"
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("2 Jan 2006")
}

// stamp formats a moment for a table: "2022-09-05 13:30".
func stamp(t time.Time) string {
	return t.In(roles.SwedishTime()).Format("2006-01-02 15:04")
}
