package kommun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/roles"
)

// Main runs an example program: run writes to standard output under a
// context that an interrupt cancels. The examples take no arguments. A
// failure is printed after the program's name and exits with status 1.
func Main(name string, run func(ctx context.Context, out io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := runArgs(ctx, os.Stdout, os.Args[1:], run)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// errArgs is the error of a command line with arguments.
var errArgs = errors.New("no arguments expected")

func runArgs(ctx context.Context, out io.Writer, args []string, run func(context.Context, io.Writer) error) error {
	if len(args) > 0 {
		return errArgs
	}
	return run(ctx, out)
}

// Deliver hands the town's pending events to a system's handler a page at a
// time, as a relay does, until none is left; after each page report gets
// what the page did. A handler's failure ends the run with its errors: a
// real relay would offer the events again later.
func (t *Town) Deliver(ctx context.Context, handle func(context.Context, adapters.Event) error, report func(backa.DeliveryReport)) error {
	for {
		rep, err := t.Service.Deliver(ctx, 0, handle)
		if err != nil {
			return err
		}
		report(rep)
		if rep.Failed > 0 {
			return fmt.Errorf("delivery: %w", errors.Join(rep.Errors...))
		}
		if !rep.More {
			return nil
		}
	}
}

// Inbox is a system's record of the events of the outbox it has acted on.
// Delivery is at least once, so an event may come twice, and the second time
// must change nothing. A real system keeps this record in its own database,
// written in the transaction that acts on the event. The zero Inbox is empty
// and ready to use.
type Inbox struct {
	// OnUnknown, when set, is told of each event of a type or payload
	// version the system does not know.
	OnUnknown func(adapters.Event)

	done map[roles.ID[adapters.Event]]bool
}

// Open decodes an event for acting on. ok is false when there is nothing to
// do: the event was acted on before, or it is of a type or payload version
// the system does not know (backa.ErrUnknownEvent), which Open marks done: a
// newer kind of event is not the system's to guess at. Call Done once the
// event is acted on.
func (in *Inbox) Open(ev adapters.Event) (p backa.Payload, ok bool, err error) {
	if in.done[ev.ID] {
		return nil, false, nil
	}
	p, err = backa.DecodePayload(ev)
	if errors.Is(err, backa.ErrUnknownEvent) {
		if in.OnUnknown != nil {
			in.OnUnknown(ev)
		}
		in.Done(ev)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return p, true, nil
}

// Done records that the event was acted on: Open passes over it from now on.
func (in *Inbox) Done(ev adapters.Event) {
	if in.done == nil {
		in.done = map[roles.ID[adapters.Event]]bool{}
	}
	in.done[ev.ID] = true
}

// Plural writes a count with its noun: "1 event", "8 events".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Labels names codes by their Swedish labels: "Oro, Helhetsbild".
func Labels[T interface{ Label() string }](cs []T) string {
	s := make([]string, 0, len(cs))
	for _, c := range cs {
		s = append(s, c.Label())
	}
	return strings.Join(s, ", ")
}
