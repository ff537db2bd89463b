// Package gen generates the history of a busy ward (phường đông dân) for the
// benchmarks: years of dossiers with their events and a valid audit hash
// chain, written with direct, batched SQL inserts into a data dir that has
// Motcua's migrations applied and the demo commune loaded (office, catalogue,
// calendar, staff). The rows are what the dossier rules would have written:
// codes <unit>-<YYMMDD>-<NNNN> numbered per office day, deadlines from the
// office calendar, statuses that follow the legal steps, one event per step,
// and one audit entry per change (the dossier's create and updates, each
// event's create), sealed with internal/auditchain so that `motcua audit
// verify` passes. Last, it runs the daily chain check, which appends its
// `verify` entry as it does every night on a real install.
package gen

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/demo"
	"motcua/hooks"
	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/hooks/office"
	"motcua/internal/access"
	"motcua/internal/auditchain"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
	_ "motcua/pb_migrations"
)

// Config sizes a generated history.
type Config struct {
	// Dossiers is how many dossiers to generate (400,000 for ten years of a
	// busy ward); the demo commune's own few hundred come on top.
	Dossiers int
	// Years of history, ending the day before Now.
	Years int
	// Now is the generation's "today"; zero means now. Today stays free of
	// generated dossiers so that intake benchmarks have the day's numbers.
	Now time.Time
	// Seed makes the history reproducible.
	Seed uint64
	// Log receives progress lines; nil is silent.
	Log io.Writer
}

// Stats describes a generated data dir.
type Stats struct {
	Dossiers, Events, Audit int64
	HeadSeq                 int64
	HeadHash                string
	// Codes and IDs are samples of generated dossiers, for look-ups.
	Codes []string
	// Years is the first and last year with generated dossiers.
	FirstDay, LastDay calendar.Date
	Elapsed           time.Duration
}

// Generate fills dataDir (new or empty) with the demo commune and cfg's
// history. It opens its own app with Motcua's hooks, so that the demo commune
// is loaded through the real rules, then writes the history with raw SQL.
func Generate(dataDir string, cfg Config) (Stats, error) {
	start := time.Now()
	if cfg.Years <= 0 {
		cfg.Years = 10
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	base := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := base.Bootstrap(); err != nil {
		return Stats{}, fmt.Errorf("gen: bootstrap: %w", err)
	}
	defer base.ResetBootstrapState()
	hooks.Register(base, hooks.Options{})
	if err := base.RunAllMigrations(); err != nil {
		return Stats{}, fmt.Errorf("gen: migrations: %w", err)
	}
	app := actor.AsActor(base, actor.Command("bench gen"))
	if err := demo.Load(app); err != nil {
		return Stats{}, fmt.Errorf("gen: demo commune: %w", err)
	}
	if err := openPublicLimits(app); err != nil {
		return Stats{}, err
	}
	g, err := newGenerator(app, cfg)
	if err != nil {
		return Stats{}, err
	}
	if err := g.run(); err != nil {
		return Stats{}, err
	}
	// Last night's full check of the chain, as the daily job leaves it: the
	// reports check only the entries after it (hooks/audit_incremental.go).
	fmt.Fprintln(cfg.Log, "  daily audit check ...")
	if err := audit.RunAuditVerifyJob(app); err != nil {
		return Stats{}, fmt.Errorf("gen: audit chain: %w", err)
	}
	if g.stats.HeadSeq, g.stats.HeadHash, err = audit.Head(app); err != nil {
		return Stats{}, err
	}
	g.stats.Elapsed = time.Since(start)
	return g.stats, nil
}

// openPublicLimits turns the public routes' per-IP rate limits off: the load
// generator is one IP sending thousands of requests a second.
func openPublicLimits(app core.App) error {
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	if err != nil {
		return fmt.Errorf("gen: office: %w", err)
	}
	settings := map[string]any{}
	if raw := office.GetString("settings"); raw != "" && raw != "null" {
		_ = json.Unmarshal([]byte(raw), &settings)
	}
	settings["public_rate_limit"] = map[string]int{"get": 0, "post": 0}
	office.Set("settings", settings)
	return app.Save(office)
}

type staffMember struct{ id, name, email, role string }

type procedure struct {
	id       string
	code     string
	sameDay  bool
	days     int
	cutoff   calendar.Clock
	weight   int
	fee      float64
	name     string
	docsJSON string
}

type generator struct {
	app   core.App
	cfg   Config
	rng   *rand.Rand
	cal   *calendar.Calendar
	unit  string
	procs []procedure
	pick  []int // weighted procedure indexes
	staff map[string][]staffMember
	last  map[string]int // code prefix (unit-YYMMDD-) -> last number used

	seq   int64
	prev  string
	idSeq int64
	stats Stats

	tx                  *sql.Tx
	insD, insE, insA    *sql.Stmt
	pendingRows         int
	hasher              *auditchain.Hasher
	dossierCols, evCols []string
}

const uaClerk = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"

func newGenerator(app core.App, cfg Config) (*generator, error) {
	g := &generator{app: app, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 2026)), staff: map[string][]staffMember{},
		last: map[string]int{}, hasher: auditchain.NewHasher()}
	var err error
	if g.cal, err = office.Calendar(app); err != nil {
		return nil, err
	}
	office, err := app.FindFirstRecordByFilter("office", "id != ''")
	if err != nil {
		return nil, err
	}
	g.unit = office.GetString("unit_code")
	officeCut, _ := calendar.ParseClock(office.GetString("same_day_cutoff"))
	recs, err := app.FindRecordsByFilter("procedures", "published = true", "code", 0, 0)
	if err != nil {
		return nil, err
	}
	for i, r := range recs {
		p := procedure{id: r.Id, code: r.GetString("code"), name: r.GetString("name"), sameDay: r.GetBool("same_day"),
			days: r.GetInt("time_limit_days"), cutoff: officeCut, fee: r.GetFloat("fee_amount"), docsJSON: r.GetString("documents")}
		if c, err := calendar.ParseClock(r.GetString("cutoff")); err == nil && r.GetString("cutoff") != "" {
			p.cutoff = c
		}
		if p.cutoff == (calendar.Clock{}) {
			p.cutoff = calendar.Clock{Hour: 15}
		}
		// Certification and civil status are most of a ward's work.
		p.weight = 1
		if p.sameDay {
			p.weight = 6
		}
		g.procs = append(g.procs, p)
		for range p.weight {
			g.pick = append(g.pick, i)
		}
	}
	if len(g.procs) == 0 {
		return nil, errors.New("gen: no published procedures")
	}
	for _, a := range demo.Accounts {
		rec, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, a.Email)
		if err != nil {
			return nil, err
		}
		g.staff[a.Role] = append(g.staff[a.Role], staffMember{id: rec.Id, name: a.Name, email: a.Email, role: a.Role})
	}
	var codes []string
	if err := app.DB().NewQuery("SELECT code FROM dossiers").Column(&codes); err != nil {
		return nil, err
	}
	for _, c := range codes {
		if len(c) > 4 {
			n, _ := strconv.Atoi(c[len(c)-4:])
			g.last[c[:len(c)-4]] = max(g.last[c[:len(c)-4]], n)
		}
	}
	if g.seq, g.prev, err = audit.Head(app); err != nil {
		return nil, err
	}
	return g, nil
}

// newID returns a 15-character record id, increasing so that the primary
// key index is appended to rather than split (a generator's shortcut; real
// ids are random).
func (g *generator) newID(prefix byte) string {
	g.idSeq++
	s := strconv.FormatInt(g.idSeq, 36)
	return string(prefix) + "0000000000000"[:14-len(s)] + s
}

func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

const batchRows = 20000

func (g *generator) begin() error {
	db := g.app.NonconcurrentDB().(*dbx.DB).DB()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	g.tx = tx
	g.dossierCols = []string{"id", "code", "procedure", "applicant_name", "applicant_phone", "applicant_id_number",
		"applicant_address", "channel", "status", "received_at", "due_at", "original_due_at", "assignee", "received_by",
		"note", "documents", "sets", "fee", "supplement_count", "paused_seconds", "ended_at", "result_class",
		"returned_to", "rating", "rated_at", "rating_followup", "due_explanation", "created", "updated"}
	g.evCols = []string{"id", "dossier", "at", "action", "actor", "actor_name", "from_status", "to_status",
		"from_officer", "to_officer", "note", "step_due_at", "result", "data", "created", "updated"}
	prep := func(table string, cols []string) (*sql.Stmt, error) {
		return tx.Prepare("INSERT INTO " + table + " (" + strings.Join(cols, ",") + ") VALUES (" +
			strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")")
	}
	if g.insD, err = prep("dossiers", g.dossierCols); err != nil {
		return err
	}
	if g.insE, err = prep("dossier_events", g.evCols); err != nil {
		return err
	}
	g.insA, err = prep("audit_log", []string{"id", "seq", "at", "actor_type", "actor_id", "actor_email", "actor_role",
		"actor_name", "ip", "user_agent", "action", "collection", "record_id", "changes", "prev_hash", "hash"})
	return err
}

func (g *generator) commit() error {
	for _, s := range []*sql.Stmt{g.insD, g.insE, g.insA} {
		s.Close()
	}
	err := g.tx.Commit()
	g.tx, g.pendingRows = nil, 0
	return err
}

func (g *generator) maybeCommit() error {
	if g.pendingRows < batchRows {
		return nil
	}
	if err := g.commit(); err != nil {
		return err
	}
	return g.begin()
}

func (g *generator) run() error {
	last := calendar.DateOf(g.cfg.Now).AddDays(-1)
	first := calendar.DateOf(g.cfg.Now.AddDate(-g.cfg.Years, 0, 0))
	var days []calendar.Date
	for d := first; !d.After(last); d = d.AddDays(1) {
		if ok, _ := g.cal.IsWorkingDay(d); ok {
			days = append(days, d)
		}
	}
	if len(days) == 0 || g.cfg.Dossiers <= 0 {
		return nil
	}
	g.stats.FirstDay, g.stats.LastDay = days[0], days[len(days)-1]
	if err := g.begin(); err != nil {
		return err
	}
	perDay := float64(g.cfg.Dossiers) / float64(len(days))
	made := 0
	sampleEvery := max(1, g.cfg.Dossiers/2000)
	for i, d := range days {
		// Spread the total evenly, with the remainder landing on the last days.
		n := int(float64(i+1)*perDay) - made
		if i == len(days)-1 {
			n = g.cfg.Dossiers - made
		}
		times := make([]time.Time, n)
		for j := range times {
			// Mornings 07:00–11:30 and afternoons 13:30–17:00.
			m := g.rng.IntN(8 * 60)
			if m < 270 {
				times[j] = d.At(7, 0).Add(time.Duration(m)*time.Minute + time.Duration(g.rng.IntN(60))*time.Second)
			} else {
				times[j] = d.At(13, 30).Add(time.Duration(m-270)*time.Minute + time.Duration(g.rng.IntN(60))*time.Second)
			}
		}
		sortTimes(times)
		for _, at := range times {
			code, err := g.dossier(at)
			if err != nil {
				return err
			}
			made++
			if made%sampleEvery == 0 {
				g.stats.Codes = append(g.stats.Codes, code)
			}
			if err := g.maybeCommit(); err != nil {
				return err
			}
		}
		if i+1 == len(days) || days[i+1].Year != d.Year {
			fmt.Fprintf(g.cfg.Log, "  up to %d: %d dossiers, %d events, %d audit entries\n", d.Year, g.stats.Dossiers, g.stats.Events, g.stats.Audit)
		}
	}
	if err := g.commit(); err != nil {
		return err
	}
	// Checkpoint the WAL so that the server starts on a compact file.
	_, err := g.app.NonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute()
	return err
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = []string{"Văn", "Thị", "Minh", "Thu", "Hữu", "Ngọc", "Đức", "Thanh", "Quốc", "Kim"}
	givenNames  = []string{"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Long", "Mai", "Minh", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"}
)

// step is one change of a dossier: its event and the state after it.
type step struct {
	at                   time.Time
	actor                staffMember
	action               lifecycle.Action
	from, to             lifecycle.Status
	fromOfficer, officer string
	note                 string
}

// dossier writes one dossier received at received, its steps up to the day
// before Now, their events and audit entries, and returns its code.
func (g *generator) dossier(received time.Time) (string, error) {
	r := g.rng
	p := g.procs[g.pick[r.IntN(len(g.pick))]]
	day := received.In(calendar.Location)
	prefix := lifecycle.CodeFormat(g.unit, day, 0)
	prefix = prefix[:len(prefix)-4]
	num := g.last[prefix] + 1
	if num > 9999 {
		return "", fmt.Errorf("gen: more than 9,999 dossiers on %s", day.Format("2006-01-02"))
	}
	g.last[prefix] = num
	code := lifecycle.CodeFormat(g.unit, day, num)

	var dl calendar.Deadline
	if p.sameDay || p.days == 0 {
		dl = g.cal.DueSameDay(received, p.cutoff)
	} else {
		dl = g.cal.Due(received, p.days)
	}
	due := dl.Due
	clerk := g.staff[access.Receptionist][0]
	specialists := g.staff[access.Specialist]
	specialist := specialists[r.IntN(len(specialists))]
	leader := g.staff[access.Leader][0]
	cutoff := g.cfg.Now.Truncate(24 * time.Hour)
	span := g.cal.WorkingDuration(received, due)
	if span < time.Hour {
		span = time.Hour
	}
	after := func(t time.Time, d time.Duration) time.Time { return g.cal.AddWorking(t, d) }

	steps := []step{{at: received, actor: clerk, action: lifecycle.Receive, to: lifecycle.Received}}
	outcome := r.IntN(100)
	supplements, pausedSecs := 0, 0
	if outcome < 3 {
		steps[0].action, steps[0].to = lifecycle.Refuse, lifecycle.Refused
		steps[0].note = "Hồ sơ không thuộc thẩm quyền giải quyết của UBND phường; hướng dẫn nộp tại cơ quan có thẩm quyền."
	} else {
		t := after(received, time.Duration(20+r.IntN(60))*time.Minute)
		steps = append(steps, step{at: t, actor: clerk, action: lifecycle.Transfer, from: lifecycle.Received, to: lifecycle.Processing,
			officer: specialist.id})
		if outcome < 11 {
			supplements = 1
			t = after(t, span/4)
			steps = append(steps, step{at: t, actor: specialist, action: lifecycle.RequestSupplement, from: lifecycle.Processing,
				to: lifecycle.SupplementRequested, note: "Thiếu bản sao giấy tờ chứng minh nơi cư trú."})
			wait := time.Duration(4+r.IntN(20)) * time.Hour
			back := after(t, wait)
			steps = append(steps, step{at: back, actor: clerk, action: lifecycle.SupplementReceived, from: lifecycle.SupplementRequested,
				to: lifecycle.Processing, note: "Công dân đã nộp bổ sung."})
			pausedSecs = int(wait.Seconds())
			due = g.cal.AddWorking(due, wait)
			t = back
		}
		if r.IntN(4) == 0 { // the clerk corrects the applicant's details
			t = after(t, time.Duration(10+r.IntN(50))*time.Minute)
			steps = append(steps, step{at: t, actor: clerk, action: lifecycle.Edit, from: lifecycle.Processing,
				to: lifecycle.Processing, note: "applicant_address, applicant_phone"})
		}
		if p.fee > 0 || r.IntN(3) == 0 {
			t = after(t, time.Duration(30+r.IntN(120))*time.Minute)
			steps = append(steps, step{at: t, actor: specialist, action: lifecycle.RequestPayment, from: lifecycle.Processing,
				to: lifecycle.PaymentRequested, note: "Đề nghị nộp lệ phí theo quy định."})
			t = after(t, time.Duration(1+r.IntN(6))*time.Hour)
			steps = append(steps, step{at: t, actor: clerk, action: lifecycle.Paid, from: lifecycle.PaymentRequested,
				to: lifecycle.Processing, note: "Công dân đã nộp lệ phí."})
		}
		switch {
		case outcome < 13:
			steps = append(steps, step{at: after(t, time.Hour), actor: leader, action: lifecycle.Stop, from: lifecycle.Processing,
				to: lifecycle.Stopped, note: "Công dân không bổ sung hồ sơ theo yêu cầu; dừng xử lý."})
		case outcome < 15:
			steps = append(steps, step{at: after(t, time.Hour), actor: clerk, action: lifecycle.RequestWithdrawal,
				from: lifecycle.Processing, to: lifecycle.WithdrawalRequested, note: "Công dân có đơn xin rút hồ sơ."})
		default:
			work := time.Duration(float64(span) * (0.2 + 0.6*r.Float64()))
			if r.IntN(12) == 0 { // late
				work = span + time.Duration(2+r.IntN(16))*time.Hour
			}
			t = after(t, work*2/3)
			steps = append(steps, step{at: t, actor: specialist, action: lifecycle.SubmitForDecision, from: lifecycle.Processing,
				to: lifecycle.Processing, fromOfficer: specialist.id, officer: leader.id, note: "Trình lãnh đạo ký."})
			t = after(t, work/3)
			steps = append(steps, step{at: t, actor: leader, action: lifecycle.Decide, from: lifecycle.Processing, to: lifecycle.Decided,
				officer: leader.id})
			t = after(t, time.Duration(30+r.IntN(300))*time.Minute)
			steps = append(steps, step{at: t, actor: clerk, action: lifecycle.Return, from: lifecycle.Decided, to: lifecycle.Returned,
				officer: leader.id})
			if r.IntN(2) == 0 {
				steps = append(steps, step{at: after(t, 2*time.Hour), action: lifecycle.Rate, from: lifecycle.Returned,
					to: lifecycle.Returned, officer: leader.id, actor: staffMember{name: "Công dân (đánh giá trên trang công khai)"}})
			}
		}
	}
	// Only what has happened by the day before Now.
	for i := 1; i < len(steps); i++ {
		if !steps[i].at.Before(cutoff) {
			steps = steps[:i]
			break
		}
	}
	if supplements > 0 && len(steps) < 4 {
		due, pausedSecs = dl.Due, 0 // the supplement has not arrived yet
	}

	lastStep := steps[len(steps)-1]
	status := lastStep.to
	assignee := ""
	for _, s := range steps {
		if s.officer != "" {
			assignee = s.officer
		}
	}
	ended, class := "", ""
	if status.Ended() {
		endAt, endedIn := lastStep.at, status
		for _, s := range steps {
			if s.to.Ended() {
				endAt, endedIn = s.at, s.to
				break
			}
		}
		ended = dbTime(endAt)
		class = string(lifecycle.ClassifyEnding(endedIn, endAt, due, supplements, calendar.Location))
	}
	rating, ratedAt := "", ""
	if lastStep.action == lifecycle.Rate {
		rating = []string{"very_satisfied", "satisfied", "satisfied", "very_satisfied", "satisfied", "dissatisfied"}[r.IntN(6)]
		ratedAt = dbTime(lastStep.at)
	}
	// The leader follows up a dissatisfied citizen within a day or two, as
	// the self-inspection asks (rule dissatisfied_unresolved).
	followup := ""
	if rating == "dissatisfied" {
		if at := after(lastStep.at, time.Duration(4+r.IntN(12))*time.Hour); at.Before(cutoff) {
			followup = "Lãnh đạo đã liên hệ công dân, giải thích và chấn chỉnh cán bộ."
			steps = append(steps, step{at: at, actor: leader, action: lifecycle.FollowUp, from: lifecycle.Returned,
				to: lifecycle.Returned, officer: leader.id, note: followup})
		}
	}
	g.stats.Dossiers++
	n := g.stats.Dossiers
	name := familyNames[r.IntN(len(familyNames))] + " " + middleNames[r.IntN(len(middleNames))] + " " + givenNames[r.IntN(len(givenNames))]
	channel := []string{"in_person", "in_person", "in_person", "online", "post"}[r.IntN(5)]
	id := g.newID('d')
	phone := fmt.Sprintf("09%08d", n%100000000)
	idNumber := fmt.Sprintf("0%011d", 45000000000+n)
	address := fmt.Sprintf("Tổ %d, khu phố %d, phường Mẫu (địa chỉ minh họa)", 1+r.IntN(40), 1+r.IntN(12))
	explain := dl.Explain()
	recvAt, dueAt, created, updated := dbTime(received), dbTime(due), dbTime(received), dbTime(steps[len(steps)-1].at)
	docs := p.docsJSON
	if docs == "" {
		docs = "null"
	}
	if _, err := g.insD.Exec(id, code, p.id, name, phone, idNumber, address, channel, string(status), recvAt, dueAt,
		dbTime(dl.Due), assignee, clerk.id, lastStep.note, docs, 1, p.fee, supplements, pausedSecs, ended, class,
		map[bool]string{true: name, false: ""}[status == lifecycle.Returned || lastStep.action == lifecycle.Rate],
		rating, ratedAt, followup, explain, created, updated); err != nil {
		return "", fmt.Errorf("gen: insert dossier: %w", err)
	}
	createChanges, _ := json.Marshal(map[string]any{
		"applicant_name": map[string]any{"after": name}, "applicant_phone": map[string]any{"after": phone},
		"channel": map[string]any{"after": channel}, "code": map[string]any{"after": code},
		"due_at": map[string]any{"after": dueAt}, "procedure": map[string]any{"after": p.id},
		"received_at": map[string]any{"after": recvAt}, "received_by": map[string]any{"after": clerk.id},
		"status": map[string]any{"after": string(steps[0].to)},
	})
	if err := g.audit(received, clerk, "create", "dossiers", id, string(createChanges)); err != nil {
		return "", err
	}
	prevOfficer := ""
	for i, s := range steps {
		if i > 0 {
			ch := map[string]any{}
			if s.from != s.to {
				ch["status"] = map[string]any{"before": string(s.from), "after": string(s.to)}
			}
			if s.officer != "" && s.officer != prevOfficer {
				ch["assignee"] = map[string]any{"before": prevOfficer, "after": s.officer}
			}
			if s.note != "" {
				ch["note"] = map[string]any{"before": "", "after": s.note}
			}
			if s.action == lifecycle.Rate {
				ch["rating"] = map[string]any{"before": "", "after": rating}
			}
			if s.action == lifecycle.FollowUp {
				delete(ch, "note")
				ch["rating_followup"] = map[string]any{"before": "", "after": followup}
			}
			raw, _ := json.Marshal(ch)
			if err := g.audit(s.at, s.actor, "update", "dossiers", id, string(raw)); err != nil {
				return "", err
			}
		}
		evID := g.newID('e')
		result := lifecycle.Classify(s.at, due, 0, calendar.Location)
		actorName := s.actor.name
		from := string(s.from)
		if i == 0 {
			from = ""
		}
		data := "{}"
		if i == 0 {
			data = `{"late_entry_hours":0}`
		}
		if _, err := g.insE.Exec(evID, id, dbTime(s.at), string(s.action), s.actor.id, actorName, from, string(s.to),
			s.fromOfficer, s.officer, s.note, dueAt, string(result), data, dbTime(s.at), dbTime(s.at)); err != nil {
			return "", fmt.Errorf("gen: insert event: %w", err)
		}
		g.stats.Events++
		evChanges, _ := json.Marshal(map[string]any{
			"action": map[string]any{"after": string(s.action)}, "actor": map[string]any{"after": s.actor.id},
			"at": map[string]any{"after": dbTime(s.at)}, "dossier": map[string]any{"after": id},
			"to_status": map[string]any{"after": string(s.to)}, "result": map[string]any{"after": string(result)},
		})
		if err := g.audit(s.at, s.actor, "create", "dossier_events", evID, string(evChanges)); err != nil {
			return "", err
		}
		if s.officer != "" {
			prevOfficer = s.officer
		}
	}
	g.pendingRows += 1 + 3*len(steps)
	return code, nil
}

// audit appends one sealed entry to the chain.
func (g *generator) audit(at time.Time, who staffMember, action, collection, recordID, changes string) error {
	e := auditchain.Entry{
		At: at.UTC().Format("2006-01-02T15:04:05.000Z"), ActorType: actor.TypeStaff, ActorID: who.id,
		ActorEmail: who.email, ActorRole: who.role, ActorName: who.name, IP: "10.0.0.15", UserAgent: uaClerk,
		Action: action, Collection: collection, RecordID: recordID, Changes: changes,
	}
	if who.id == "" {
		e.ActorType, e.UserAgent = actor.TypeGuest, "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"
	}
	e.Seq, e.PrevHash = g.seq+1, g.prev
	e.Hash = g.hasher.Hash(&e)
	if _, err := g.insA.Exec(g.newID('a'), e.Seq, e.At, e.ActorType, e.ActorID, e.ActorEmail, e.ActorRole, e.ActorName,
		e.IP, e.UserAgent, e.Action, e.Collection, e.RecordID, e.Changes, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("gen: insert audit entry: %w", err)
	}
	g.seq, g.prev = e.Seq, e.Hash
	g.stats.Audit++
	return nil
}
