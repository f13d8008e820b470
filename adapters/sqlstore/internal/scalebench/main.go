// Command scalebench loads a region-sized synthetic data set into a sqlstore
// database and measures the queries users wait for. It is not run in CI.
//
// The data set (the defaults): 100,000 children, each with a Barnkontakt and
// a team member among 2,000 professionals at 200 units; 30,000 plans with 10
// items each (300,000 items); 1,000,000 audit entries. Everything is written
// through the adapters.Store API, in transactions of -batch records. Then it
// times, in Views, -queries times each:
//
//   - a child by personnummer (Children.ByPersonnummer);
//   - a professional's children at an instant, first page (Children.OfProfessional);
//   - an agency's overdue items at a date, first page (Plans.OverdueItems);
//   - a child's log extract, first page (Audit.ByChild);
//
// and prints the load time and each query's p50 and p99.
//
//	go run ./adapters/sqlstore/internal/scalebench -dialect sqlite -path /tmp/scale.db
//	go run ./adapters/sqlstore/internal/scalebench -dialect postgres -dsn postgres://...
//
// The personnummer are synthetic (check-digit valid); none is printed.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

func main() {
	dialect := flag.String("dialect", "sqlite", "sqlite or postgres")
	path := flag.String("path", "", "sqlite: the database file (made anew; default: a temporary file)")
	dsn := flag.String("dsn", os.Getenv("BACKA_POSTGRES_DSN"), "postgres: the database (tables go to a new schema, dropped at the end)")
	children := flag.Int("children", 100_000, "children")
	plans := flag.Int("plans", 30_000, "plans")
	items := flag.Int("items", 10, "items per plan")
	audit := flag.Int("audit", 1_000_000, "audit entries")
	queries := flag.Int("queries", 2_000, "timings of each query")
	batch := flag.Int("batch", 10_000, "records per transaction while loading")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the load to this file")
	flag.Parse()

	ctx := context.Background()
	s, cleanup, err := open(ctx, *dialect, *path, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer cleanup()
	b := &bench{s: s, rng: rand.New(rand.NewPCG(1, 2)), batch: *batch}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
	}
	start, cpu := time.Now(), cpuTime()
	b.load(ctx, *children, *plans, *items, *audit)
	loaded, loadCPU := time.Since(start), cpuTime()-cpu
	pprof.StopCPUProfile()
	fmt.Printf("%s: loaded %d children, %d assignments, %d plans with %d items, %d audit entries in %.1f s (%.1f s CPU of this process)\n",
		*dialect, *children, 2**children, *plans, *plans**items, *audit, loaded.Seconds(), loadCPU.Seconds())
	b.measure(ctx, *queries)
}

// cpuTime returns the CPU time this process used so far (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// open returns a new, empty store and a function that removes it.
func open(ctx context.Context, dialect, path, dsn string) (*sqlstore.Store, func(), error) {
	switch dialect {
	case "sqlite":
		remove := func() {}
		if path == "" {
			dir, err := os.MkdirTemp("", "scalebench")
			if err != nil {
				return nil, nil, err
			}
			path = dir + "/scale.db"
			remove = func() { os.RemoveAll(dir) }
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(path + suffix)
		}
		s, err := sqlstore.OpenSQLite(ctx, path)
		if err != nil {
			return nil, nil, err
		}
		return s, func() {
			s.Close()
			var size int64
			if fi, err := os.Stat(path); err == nil {
				size = fi.Size()
			}
			fmt.Printf("sqlite: database file %.0f MB\n", float64(size)/1e6)
			remove()
		}, nil
	case "postgres":
		if dsn == "" {
			return nil, nil, fmt.Errorf("postgres: -dsn or BACKA_POSTGRES_DSN is required")
		}
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, nil, err
		}
		schema := "backa_scale_" + strconv.FormatInt(time.Now().UnixNano(), 36)
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			return nil, nil, err
		}
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, nil, err
		}
		cfg.RuntimeParams["search_path"] = schema
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(8)
		drop := func() {
			db.Close()
			if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
				log.Print(err)
			}
			admin.Close()
		}
		s, err := sqlstore.Open(ctx, db, sqlstore.PostgreSQL, nil)
		if err != nil {
			drop()
			return nil, nil, err
		}
		return s, func() {
			var size int64
			_ = db.QueryRowContext(ctx, "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'", schema).Scan(&size)
			fmt.Printf("postgres: tables with indexes %.0f MB\n", float64(size)/1e6)
			drop()
		}, nil
	}
	return nil, nil, fmt.Errorf("unknown dialect %q", dialect)
}

// child is what the benchmark keeps of a child it stored.
type child struct {
	ID           roles.ID[roles.Child]
	Personnummer roles.Personnummer
}

type bench struct {
	s     *sqlstore.Store
	rng   *rand.Rand
	batch int

	base          time.Time
	org           roles.Organisation
	units         []roles.Unit
	professionals []roles.Professional
	children      []child
}

var agencies = []roles.Agency{roles.Forskola, roles.Skola, roles.ElevhalsaMedicinsk, roles.Socialtjanst, roles.HalsoSjukvard}

// inBatches runs fn(i) for i in [0, n) in transactions of b.batch calls.
func (b *bench) inBatches(ctx context.Context, n int, fn func(ctx context.Context, tx adapters.Tx, i int) error) {
	for start := 0; start < n; start += b.batch {
		err := b.s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			for i := start; i < min(start+b.batch, n); i++ {
				if err := fn(ctx, tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}
}

// personnummer returns a check-digit-valid, synthetic personnummer of a
// child born 2008 to 2025, different for each n.
func personnummer(n int) roles.Personnummer {
	const days = 18 * 365
	born := time.Date(2008, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, n%days)
	s := born.Format("20060102") + fmt.Sprintf("%03d", 100+n/days)
	digits := s[2:]
	sum := 0
	for i := range 9 {
		v := int(digits[i] - '0')
		if i%2 == 0 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	p, err := roles.ParsePersonnummer(s + strconv.Itoa((10-sum%10)%10))
	if err != nil {
		log.Fatal("synthetic personnummer: ", err)
	}
	return p
}

func (b *bench) load(ctx context.Context, nChildren, nPlans, nItems, nAudit int) {
	b.base = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	system := roles.Party{Kind: roles.PartySystem, ID: uuid.Must(uuid.NewV7())}
	b.org = roles.Organisation{ID: roles.MustNewID[roles.Organisation](), Kind: roles.Kommun, Name: "Region",
		Kommun: roles.Amal, Organisationsnummer: "2120001652"}
	for i := range 200 {
		b.units = append(b.units, roles.Unit{ID: roles.MustNewID[roles.Unit](), OrganisationID: b.org.ID,
			Name: "Enhet " + strconv.Itoa(i), Agency: agencies[i%len(agencies)], Kommun: roles.Amal})
	}
	for i := range 2000 {
		u := b.units[i%len(b.units)]
		b.professionals = append(b.professionals, roles.Professional{ID: roles.MustNewID[roles.Professional](),
			GivenName: "Anna", FamilyName: "Andersson " + strconv.Itoa(i), Agency: u.Agency, UnitID: u.ID, OrganisationID: b.org.ID})
	}
	b.inBatches(ctx, 1, func(ctx context.Context, tx adapters.Tx, _ int) error {
		if err := tx.Organisations().Create(ctx, &b.org); err != nil {
			return err
		}
		for i := range b.units {
			if err := tx.Units().Create(ctx, &b.units[i]); err != nil {
				return err
			}
		}
		for i := range b.professionals {
			if err := tx.Professionals().Create(ctx, &b.professionals[i]); err != nil {
				return err
			}
		}
		return nil
	})

	t0 := time.Now()
	b.children = make([]child, nChildren)
	b.inBatches(ctx, nChildren, func(ctx context.Context, tx adapters.Tx, i int) error {
		c := &roles.Child{ID: roles.MustNewID[roles.Child](), Personnummer: personnummer(i), GivenName: "Barn",
			FamilyName: "Nummer " + strconv.Itoa(i), Kommun: roles.Amal, Protection: roles.Oskyddad,
			Contact: &roles.Contact{Address: "Storgatan 1", PostalCode: "662 30", City: "Åmål"}}
		if err := tx.Children().Create(ctx, c); err != nil {
			return err
		}
		b.children[i] = child{c.ID, c.Personnummer}
		// A Barnkontakt, and a member of the child's team.
		for k, role := range []roles.Role{roles.Barnkontakt, roles.Barnteam} {
			p := b.professionals[b.rng.IntN(len(b.professionals))]
			a := roles.Assignment{ID: roles.MustNewID[roles.Assignment](), ChildID: c.ID, Role: role,
				Holder: roles.ProfessionalParty(p.ID), Agency: p.Agency, UnitID: p.UnitID,
				Period: roles.Period{Start: b.base.AddDate(0, -b.rng.IntN(24), 0)}, RecordedBy: system, RecordedAt: b.base}
			if k == 1 && b.rng.IntN(3) == 0 {
				a.Period.End = b.base.AddDate(0, 0, -b.rng.IntN(90)-1) // ended
			}
			if err := tx.Assignments().Create(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	fmt.Printf("  children and assignments: %.1f s\n", time.Since(t0).Seconds())

	t0 = time.Now()
	today := roles.DateOf(b.base)
	statuses := []plan.ItemStatus{plan.Planerad, plan.Pagaende, plan.Pagaende, plan.Genomford, plan.Pausad}
	b.inBatches(ctx, nPlans, func(ctx context.Context, tx adapters.Tx, i int) error {
		c := b.children[i*len(b.children)/max(nPlans, 1)]
		goal := plan.Goal{ID: roles.MustNewID[plan.Goal](), Areas: []behovskompass.Area{behovskompass.Trygghet}, Outcome: "Trygg i vardagen."}
		p := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: c.ID, Status: plan.Aktiv, Reason: "Samordnat stöd.",
			Goals: []plan.Goal{goal}, NextReview: today.AddDays(b.rng.IntN(120) - 30),
			UpdatedAt: b.base, UpdatedBy: system, Summary: "Plan upprättad."}
		if b.rng.IntN(10) == 0 {
			p.Status = plan.Avslutad
		}
		for k := range nItems {
			prof := b.professionals[b.rng.IntN(len(b.professionals))]
			p.Items = append(p.Items, plan.Item{ID: roles.MustNewID[plan.Item](), Description: "Insats " + strconv.Itoa(k),
				GoalID: goal.ID, Area: behovskompass.Trygghet, Agency: prof.Agency, ProfessionalID: prof.ID,
				Start: today.AddDays(-200), Due: today.AddDays(b.rng.IntN(365) - 180), Status: statuses[b.rng.IntN(len(statuses))]})
		}
		return tx.Plans().Create(ctx, &p)
	})
	fmt.Printf("  plans and items: %.1f s\n", time.Since(t0).Seconds())

	t0 = time.Now()
	b.inBatches(ctx, nAudit, func(ctx context.Context, tx adapters.Tx, i int) error {
		c := b.children[b.rng.IntN(len(b.children))]
		p := b.professionals[b.rng.IntN(len(b.professionals))]
		e := adapters.AuditEntry{ID: roles.MustNewID[adapters.AuditEntry](), At: b.base.Add(time.Duration(i) * time.Second),
			Actor: roles.ProfessionalParty(p.ID), ActorAgency: p.Agency, ActorUnit: p.UnitID, ChildID: c.ID,
			Action: "read", Category: "plan", Purpose: "samordning", Allowed: true, BasisKind: "same_domain",
			DecisionID: uuid.Must(uuid.NewV7()), Reasons: []string{"role_active"}, Severity: adapters.SeverityNormal,
			PrevHash: make([]byte, 32), Hash: make([]byte, 32)}
		return tx.Audit().Append(ctx, &e)
	})
	fmt.Printf("  audit entries: %.1f s\n", time.Since(t0).Seconds())
}

func (b *bench) measure(ctx context.Context, n int) {
	runtime.GC() // of the load's garbage, not the queries'
	today := roles.DateOf(b.base)
	timed := func(name string, fn func(ctx context.Context, tx adapters.Tx) (int, error)) {
		var ds []time.Duration
		found := 0
		for range n {
			start := time.Now()
			err := b.s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
				k, err := fn(ctx, tx)
				found += k
				return err
			})
			ds = append(ds, time.Since(start))
			if err != nil {
				log.Fatalf("%s: %v", name, err)
			}
		}
		slices.Sort(ds)
		q := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
		fmt.Printf("  %-32s p50 %6.2f ms  p99 %6.2f ms  (%.1f results on average)\n", name, q(0.50), q(0.99), float64(found)/float64(n))
	}
	timed("child by personnummer", func(ctx context.Context, tx adapters.Tx) (int, error) {
		_, err := tx.Children().ByPersonnummer(ctx, b.children[b.rng.IntN(len(b.children))].Personnummer)
		return 1, err
	})
	timed("a professional's children", func(ctx context.Context, tx adapters.Tx) (int, error) {
		p := b.professionals[b.rng.IntN(len(b.professionals))]
		page, err := tx.Children().OfProfessional(ctx, p.ID, b.base, adapters.PageRequest{})
		return len(page.Items), err
	})
	timed("overdue items of an agency", func(ctx context.Context, tx adapters.Tx) (int, error) {
		a := agencies[b.rng.IntN(len(agencies))]
		page, err := tx.Plans().OverdueItems(ctx, a, today.AddDays(-b.rng.IntN(150)), adapters.PageRequest{})
		return len(page.Items), err
	})
	timed("a child's log extract page", func(ctx context.Context, tx adapters.Tx) (int, error) {
		page, err := tx.Audit().ByChild(ctx, b.children[b.rng.IntN(len(b.children))].ID, adapters.PageRequest{})
		return len(page.Items), err
	})
}
