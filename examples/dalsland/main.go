// Command dalsland plays one child's journey through Backa barnet, the
// Dalsland way of working in which preschool, school, social services, health
// care and police share one language and one plan for each child.
//
// In Åmål a preschool teacher notices that five-year-old Theo is not doing
// well. The BVC nurse becomes his Barnkontakt, the guardians consent, the
// preschool and the BVC assess his needs on the needs compass, a team forms,
// social services join and a Stödsamordnare is appointed, the plan gets goals
// and items, a follow-up is held, a guardian withdraws a consent and the next
// request is refused, and the family asks who has looked at Theo's data.
//
// Usage:
//
//	go run ./examples/dalsland            # the story, on a temporary SQLite database
//	go run ./examples/dalsland -db FILE   # the same, keeping the database in FILE
//	go run ./examples/dalsland -json      # the final state as JSON instead of the story
//
// Every step is a call of backa.Service, the entry point a vendor's system
// uses; read story.go from the top to follow them. The clock and the IDs are
// fixed (backa.Options.Now and NewID), so the output is the same on every run.
// Everyone in the story is invented, and the personnummer are from
// Skatteverket's published list of test numbers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	_ "time/tzdata" // Swedish time on any host, so the story prints the same everywhere

	"github.com/backabarnet/backabarnet/adapters/sqlstore"
)

func main() {
	err := run(context.Background(), os.Stdout, os.Args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp): // -h: the usage was printed
	case err != nil:
		fmt.Fprintln(os.Stderr, "dalsland:", err)
		os.Exit(1)
	}
}

// run is the program: main without the process around it, so that the test
// can run it and read what it prints.
func run(ctx context.Context, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("dalsland", flag.ContinueOnError)
	fs.SetOutput(out)
	dbPath := fs.String("db", "", "keep the SQLite database in this `file` (it must not exist yet)")
	asJSON := fs.Bool("json", false, "print the final state as JSON instead of the story")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	// The embedded database: a temporary file unless -db names one.
	path := *dbPath
	where := "a temporary SQLite file, removed at exit (-db FILE keeps it)"
	if path == "" {
		dir, err := os.MkdirTemp("", "backa-dalsland-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "dalsland.db")
	} else {
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("-db %s: the file exists; the story starts from an empty database", path)
		}
		where = "the SQLite file " + path
	}
	store, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()

	story := &printer{w: out}
	if *asJSON {
		story.w = io.Discard
	}
	j, err := newJourney(ctx, store, story)
	if err != nil {
		return err
	}
	if err := j.play(ctx, where); err != nil {
		return err
	}
	if *asJSON {
		return j.printJSON(ctx, out)
	}
	return story.err
}
