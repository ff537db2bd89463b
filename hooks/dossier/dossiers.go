package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"motcua/hooks/actor"
	"motcua/hooks/audit"
	"motcua/hooks/kit"
	"motcua/hooks/office"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
)

// The dossier rules (quy trình hồ sơ) live in model hooks, so they hold for
// the API, the admin UI, Go code, CLI and cron alike: a dossier gets its code,
// dates and first event on creation, every status change is checked against
// internal/lifecycle, and every change writes a `dossier_events` entry in the
// same transaction. Request hooks only say who is acting.

// Actor is who takes a step, and when. Requests fill it from the signed-in
// staff member; Go code (the demo loader, tests) passes one to SaveAs, with a
// past time when it replays history.
type Actor struct {
	ID, Name, Role string
	At             time.Time
	// Step and Note name a system step that changes no status (a
	// re-projection of the deadline); staff steps are read from the change.
	Step lifecycle.Action
	Note string
}

// step is what a save of a dossier (or of a finding or feedback) carries in
// its context about the step it takes: who takes it (SaveAs, or the signed-in
// staff member of a request) and whether it comes from an API request.
type step struct {
	rec     *core.Record
	by      Actor
	request bool
}

type stepKey struct{}

// stepFor is the step carried by ctx for rec, if any.
func stepFor(ctx context.Context, rec *core.Record) (step, bool) {
	if s, ok := ctx.Value(stepKey{}).(*step); ok && s.rec == rec {
		return *s, true
	}
	return step{}, false
}

// SaveAs saves a dossier as actor: the rules see actor's role, and the step is
// dated actor.At (now when zero). After a successful save the record's
// original state is the saved one, so the next SaveAs is the next step.
func SaveAs(app core.App, rec *core.Record, who Actor) error {
	if err := app.SaveWithContext(context.WithValue(context.Background(), stepKey{}, &step{rec: rec, by: who}), rec); err != nil {
		return err
	}
	return rec.PostScan()
}

// actorOf is who takes the step of rec saved with ctx.
func actorOf(ctx context.Context, rec *core.Record) Actor {
	s, _ := stepFor(ctx, rec)
	who := s.by
	if who.At.IsZero() {
		who.At = time.Now()
	}
	return who
}

// protectedFields are computed by the rules; staff cannot set them.
var protectedFields = []string{
	"code", "due_at", "original_due_at", "paused_at", "paused_seconds", "supplement_count",
	"apology_at", "ended_at", "result_class", "received_by", "rating", "rating_comment", "rating_criteria", "rated_at",
	"due_explanation", "search_text",
}

func RegisterDossiers(app core.App) {
	fromRequest := func(e *core.RecordRequestEvent) error {
		if e.Auth == nil {
			return e.Next()
		}
		if msg := protectedChange(e.Record); msg != "" {
			return e.BadRequestError(msg, nil)
		}
		// PocketBase saves the record through e.App with a context of its
		// own: the step travels with the app.
		orig := e.App
		defer func() { e.App = orig }()
		e.App = actor.WithSaveValue(e.App, stepKey{}, &step{rec: e.Record, request: true,
			by: Actor{ID: e.Auth.Id, Name: StaffName(e.Auth), Role: kit.StaffRole(e.Auth), At: time.Now()}})
		return e.Next()
	}
	app.OnRecordCreateRequest("dossiers").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.Id == "" {
			e.Record.Id = orderedID()
		}
		return fromRequest(e)
	})
	app.OnRecordUpdateRequest("dossiers").BindFunc(fromRequest)

	// A create is checked and completed first, outside the write transaction
	// (the rules, then PocketBase's validation); the write transaction holds
	// only what must be atomic: the day's code, the row, the first event and
	// their audit entries.
	app.OnRecordCreate("dossiers").BindFunc(createDossier)
	app.OnRecordCreateExecute("dossiers").BindFunc(receiveDossier)
	app.OnRecordUpdate("dossiers").BindFunc(func(e *core.RecordEvent) error {
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			// A step is checked against the row as it is now (dossier_version.go).
			if err := refuseStale(tx, e.Record); err != nil {
				return err
			}
			return updateDossier(e)
		})
	})
	app.OnRecordDelete("dossiers").BindFunc(func(e *core.RecordEvent) error {
		return router.NewBadRequestError("Không được xóa hồ sơ: hồ sơ là chứng từ hành chính. Hãy dùng bước \"Dừng xử lý\" nếu cần.", nil)
	})
	// Events are the process-control sheet: written by the rules only.
	app.OnRecordCreateRequest("dossier_events").BindFunc(func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("Nhật ký xử lý hồ sơ do hệ thống ghi tự động.", nil)
	})
	app.OnRecordUpdate("dossier_events").BindFunc(func(e *core.RecordEvent) error {
		return kit.Refusal("Nhật ký xử lý hồ sơ không được sửa.")
	})
	app.OnRecordDelete("dossier_events").BindFunc(func(e *core.RecordEvent) error {
		return kit.Refusal("Nhật ký xử lý hồ sơ không được xóa.")
	})
}

func StaffName(r *core.Record) string {
	if n := r.GetString("name"); n != "" {
		return n
	}
	return r.GetString("email")
}

// protectedChange names a computed field a request tried to set.
func protectedChange(rec *core.Record) string {
	if rec.IsNew() {
		for _, f := range protectedFields {
			if !kit.IsEmptyValue(rec.Get(f)) {
				return fmt.Sprintf("Trường \"%s\" do hệ thống tự tính, không nhập tay.", f)
			}
		}
		return ""
	}
	orig := rec.Original() // a copy of the whole record: made once
	for _, f := range protectedFields {
		if !kit.ValuesEqual(orig.Get(f), rec.Get(f)) {
			return fmt.Sprintf("Trường \"%s\" do hệ thống tự tính, không sửa tay.", f)
		}
	}
	if !kit.ValuesEqual(orig.Get("received_at"), rec.Get("received_at")) {
		return "Không sửa thời điểm tiếp nhận sau khi đã cấp mã hồ sơ."
	}
	if orig.GetInt("time_limit_alt") != rec.GetInt("time_limit_alt") && !orig.GetDateTime("received_at").IsZero() {
		return "Thời hạn giải quyết được chọn khi tiếp nhận, không đổi sau khi đã tiếp nhận."
	}
	if orig.GetString("procedure") != rec.GetString("procedure") {
		return "Không đổi thủ tục của hồ sơ đã tiếp nhận (hạn giải quyết tính theo thủ tục): hãy từ chối hoặc dừng hồ sơ này và tiếp nhận hồ sơ mới."
	}
	return ""
}

type dossierContext struct {
	office, procedure *core.Record
	cal               *calendar.Calendar
}

func loadDossierContext(app core.App, rec *core.Record) (*dossierContext, error) {
	officeRec, err := office.FindOffice(app)
	if err != nil {
		return nil, kit.BadField("procedure", "Chưa khai báo thông tin cơ quan (office): quản trị cần nhập trước khi tiếp nhận hồ sơ.")
	}
	proc, err := office.FindProcedure(app, rec.GetString("procedure"))
	if err != nil {
		return nil, kit.BadField("procedure", "Chưa chọn thủ tục hành chính hoặc thủ tục không tồn tại.")
	}
	cal, err := office.Calendar(app)
	if err != nil {
		return nil, err
	}
	return &dossierContext{office: officeRec, procedure: proc, cal: cal}, nil
}

func createDossier(e *core.RecordEvent) error {
	rec := e.Record
	who := actorOf(e.Context, rec)
	to := lifecycle.Status(rec.GetString("status"))
	if to == "" {
		to = lifecycle.Received
	}
	action, err := lifecycle.Check(lifecycle.Change{Creating: true, To: to, Role: who.Role, ActorID: who.ID,
		Note: strings.TrimSpace(rec.GetString("note")), MissingItems: CountItems(rec.Get("missing_items"))})
	if err != nil {
		return kit.FieldError(err)
	}
	if strings.TrimSpace(rec.GetString("applicant_name")) == "" {
		return kit.BadField("applicant_name", "Cần nhập họ tên người nộp hồ sơ.")
	}
	if rec.GetString("channel") == "" {
		rec.Set("channel", string(lifecycle.InPerson))
	}
	dc, err := loadDossierContext(e.App, rec)
	if err != nil {
		return err
	}
	received := rec.GetDateTime("received_at").Time()
	if received.IsZero() {
		received = who.At
	}
	if received.After(who.At.Add(time.Minute)) {
		return kit.BadField("received_at", "Thời điểm tiếp nhận không được ở tương lai.")
	}
	rec.Set("status", string(to))
	if err := checkTimeLimitChoice(rec, dc.procedure); err != nil {
		return err
	}
	if to == lifecycle.Received {
		setReceipt(rec, dc, received)
	} else {
		// Registered online, guided at the counter (form 02) or refused
		// (form 03): not received, so no time limit runs. The code is
		// the office's dossier code of the registration day all the
		// same (see README, "Working days").
		rec.Set("received_at", nil)
	}
	if to == lifecycle.Refused {
		// Ended, but never received: no result class, no indicator counts
		// it as received or ended (only as a refusal).
		rec.Set("ended_at", who.At)
	}
	// The checked intake travels with the save to its write (receiveDossier).
	ctx := e.Context
	defer func() { e.Context = ctx }()
	e.Context = context.WithValue(ctx, intakeKey{}, &intake{rec: rec, actor: who, action: action,
		unit: dc.office.GetString("unit_code"), received: received})
	return e.Next()
}

// setReceipt records the receipt of a complete dossier at received: the time
// limit runs from it (for an online dossier too: from its receipt as
// complete, not from its registration).
func setReceipt(rec *core.Record, dc *dossierContext, received time.Time) {
	dl := office.DossierDeadline(dc.cal, dc.office, dc.procedure, rec, received)
	rec.Set("received_at", received)
	rec.Set("due_at", dl.Due)
	rec.Set("original_due_at", dl.Due)
	rec.Set("due_explanation", dl.Explain())
}

// checkTimeLimitChoice validates the time limit the clerk chose at intake.
func checkTimeLimitChoice(rec, procedure *core.Record) error {
	n, alts := rec.GetInt("time_limit_alt"), office.AltLimits(procedure)
	if n < 0 || n > len(alts) {
		if len(alts) == 0 {
			return kit.BadField("time_limit_alt", "Thủ tục này chỉ có một thời hạn giải quyết: để trống trường thời hạn thay thế.")
		}
		return kit.BadField("time_limit_alt", fmt.Sprintf("Thời hạn thay thế phải từ 0 (thời hạn thông thường) đến %d.", len(alts)))
	}
	return nil
}

// intake carries a create from its checks to its write, in the save context.
type intake struct {
	rec      *core.Record
	actor    Actor
	action   lifecycle.Action
	unit     string
	received time.Time
}

type intakeKey struct{}

// intakeFor is the checked intake of rec carried by ctx.
func intakeFor(ctx context.Context, rec *core.Record) (*intake, bool) {
	in, ok := ctx.Value(intakeKey{}).(*intake)
	return in, ok && in.rec == rec
}

// receiveDossier writes a checked create, in the write transaction: the
// day's code, the row, and the first event.
func receiveDossier(e *core.RecordEvent) error {
	rec := e.Record
	in, ok := intakeFor(e.Context, rec)
	if !ok {
		return errors.New("hồ sơ chưa qua bước kiểm tra tiếp nhận")
	}
	code, err := nextDossierCode(e.App, in.unit, in.received)
	if err != nil {
		return err
	}
	rec.Set("code", code)
	// The signed-in actor, set after PocketBase's validation: a relation to
	// the account that is making this request needs no look-up.
	if in.actor.ID != "" {
		rec.Set("received_by", in.actor.ID)
	}
	first := func(tx core.App) error {
		return addEvent(tx, rec, in.actor, in.action, "", lifecycle.Status(rec.GetString("status")), "", "",
			rec.GetString("note"), map[string]any{
				"deadline": rec.GetString("due_explanation"), "late_entry_hours": int(in.actor.At.Sub(in.received).Hours()),
				"time_limit_alt": rec.GetInt("time_limit_alt"),
			})
	}
	// The first event comes right after the dossier's own audit entry, in
	// this transaction, so that the chain reads in the order things happened.
	if after := audit.AfterEntryOf(e.Context, rec); after != nil {
		after.Then = first
		return e.Next()
	}
	// No audit entry is written (the audit is not installed yet).
	if err := e.Next(); err != nil {
		return err
	}
	return first(e.App)
}

func updateDossier(e *core.RecordEvent) error {
	rec := e.Record
	orig := rec.Original()
	who := actorOf(e.Context, rec)
	from, to := lifecycle.Status(orig.GetString("status")), lifecycle.Status(rec.GetString("status"))
	// A step needs only the calendar: the office and the procedure fixed the
	// deadline at receipt.
	cal, err := office.Calendar(e.App)
	if err != nil {
		return err
	}
	due := rec.GetDateTime("due_at").Time()
	change := lifecycle.Change{
		From: from, To: to, Role: who.Role, ActorID: who.ID,
		NotReceived: orig.GetDateTime("received_at").IsZero() && (from == lifecycle.Submitted || from == lifecycle.SupplementRequested),
		OldAssignee: orig.GetString("assignee"), NewAssignee: rec.GetString("assignee"),
		Note: freshNote(rec), ReturnedTo: strings.TrimSpace(rec.GetString("returned_to")),
		MissingItems: CountItems(rec.Get("missing_items")),
	}
	if change.NewAssignee != "" && change.NewAssignee != change.OldAssignee {
		if a, err := e.App.FindRecordById(core.CollectionNameSuperusers, change.NewAssignee); err == nil {
			change.AssigneeRole = kit.StaffRole(a)
		}
	}
	changed := kit.ChangedFields(rec, orig)
	change.Rated = slices.Contains(changed, "rating") && orig.GetString("rating") == ""
	change.FollowedUp = len(changed) > 0 && !change.Rated && subset(changed, "rating_followup", "updated")
	if orig.GetString("rating") != "" && slices.Contains(changed, "rating") {
		return kit.BadField("rating", "Hồ sơ đã được đánh giá: mỗi hồ sơ chỉ đánh giá một lần.")
	}
	newDue := rec.GetDateTime("new_due_at").Time()
	if !newDue.Equal(orig.GetDateTime("new_due_at").Time()) && !newDue.IsZero() {
		change.Apology = true
		change.ApologyBefore = !orig.GetDateTime("new_due_at").IsZero()
		change.ApologyReason = strings.TrimSpace(rec.GetString("apology_reason"))
		change.NewDueAfterDue = newDue.After(due) && newDue.After(who.At)
		change.ApologyTooLate = cal.WorkingDaysBetween(calendar.DateOf(who.At), calendar.DateOf(due)) < 1
	}
	action, err := lifecycle.Check(change)
	if err != nil {
		return kit.FieldError(err)
	}
	if who.Role != "" {
		if err := lifecycle.CheckStepFields(action, changed); err != nil {
			return kit.FieldError(err)
		}
	}
	if action == lifecycle.Edit && who.Role == "" && who.Step != "" {
		action, change.Note = who.Step, who.Note
	}

	data := map[string]any{}
	switch {
	case action == lifecycle.Receive:
		// The intake check is done and the dossier complete: its time
		// limit starts now.
		dc, err := loadDossierContext(e.App, rec)
		if err != nil {
			return err
		}
		if err := checkTimeLimitChoice(rec, dc.procedure); err != nil {
			return err
		}
		setReceipt(rec, dc, who.At)
		if who.ID != "" {
			rec.Set("received_by", who.ID)
		}
		data["deadline"], data["time_limit_alt"] = rec.GetString("due_explanation"), rec.GetInt("time_limit_alt")
	case action == lifecycle.RequestSupplement && change.NotReceived:
		// The intake guidance (form 02) before receipt: no clock to pause,
		// and not a supplement request of the handling (Decision 766).
		data["missing_items"], data["before_receipt"] = rec.Get("missing_items"), true
	}
	switch action {
	case lifecycle.RequestSupplement:
		if change.NotReceived {
			break
		}
		rec.Set("supplement_count", rec.GetInt("supplement_count")+1)
		rec.Set("paused_at", who.At)
		data["missing_items"] = rec.Get("missing_items")
	case lifecycle.SupplementReceived:
		paused := rec.GetDateTime("paused_at").Time()
		newDueAt := cal.ResumeDue(due, calendar.Pause{From: paused, To: who.At})
		rec.Set("due_at", newDueAt)
		rec.Set("due_explanation", pauseExplanation(rec.GetString("due_explanation"), paused, who.At, due, newDueAt))
		data["remaining_seconds_at_request"] = int(cal.Remaining(paused, due).Seconds())
		rec.Set("paused_at", nil)
		rec.Set("paused_seconds", rec.GetInt("paused_seconds")+int(cal.WorkingDuration(paused, who.At).Seconds()))
		data["due_before"], data["due_after"] = due, newDueAt
	case lifecycle.Apologize:
		rec.Set("apology_at", who.At)
		data["new_due_at"], data["too_late"] = newDue, change.ApologyTooLate
	}
	if to.Ended() && rec.GetDateTime("ended_at").IsZero() {
		rec.Set("ended_at", who.At)
		rec.Set("result_class", string(lifecycle.ClassifyEnding(to, who.At, rec.GetDateTime("due_at").Time(), rec.GetInt("supplement_count"), calendar.Location)))
	}
	if err := e.Next(); err != nil {
		return err
	}
	note := change.Note
	switch action {
	case lifecycle.Apologize:
		note = change.ApologyReason
	case lifecycle.Edit:
		note = strings.Join(changed, ", ")
	case lifecycle.Rate:
		note = rec.GetString("rating_comment")
		data["rating"] = rec.GetString("rating")
	case lifecycle.FollowUp:
		note = rec.GetString("rating_followup")
	case lifecycle.Reproject:
		data["due_before"], data["due_after"] = orig.GetDateTime("due_at").Time(), due
	}
	return addEvent(e.App, rec, who, action, from, to, change.OldAssignee, change.NewAssignee, note, data)
}

// freshNote is the note written for this step: a reason the law asks for
// (refusal, supplement, stop, withdrawal) must be written for the step, not
// left over from an earlier one.
func freshNote(rec *core.Record) string {
	note := strings.TrimSpace(rec.GetString("note"))
	if note == strings.TrimSpace(rec.Original().GetString("note")) {
		return ""
	}
	return note
}

func pauseLine(from, to time.Time) string {
	return "Tạm dừng tính hạn chờ bổ sung hồ sơ từ " + calendar.FormatDateTime(from) + " đến " + calendar.FormatDateTime(to) + "."
}

// pauseExplanation adds a finished wait for a supplement to a deadline's
// explanation.
func pauseExplanation(before string, from, to, oldDue, newDue time.Time) string {
	if newDue.Equal(oldDue) && !from.Before(oldDue) {
		return strings.TrimSpace(before + "\n" + pauseLine(from, to) + " Hồ sơ đã quá hạn trước khi yêu cầu bổ sung: hạn trả kết quả giữ nguyên " +
			calendar.FormatDateTime(oldDue) + ", hồ sơ vẫn trễ hạn.")
	}
	return strings.TrimSpace(before + "\n" + pauseLine(from, to) + " Hạn trả kết quả chuyển từ " +
		calendar.FormatDateTime(oldDue) + " sang " + calendar.FormatDateTime(newDue) + ".")
}

// subset reports whether every name is one of allowed.
func subset(names []string, allowed ...string) bool {
	for _, n := range names {
		if !slices.Contains(allowed, n) {
			return false
		}
	}
	return true
}

func CountItems(v any) int {
	switch x := v.(type) {
	case types.JSONRaw:
		s := strings.TrimSpace(string(x))
		if s == "" || s == "null" || s == "[]" || s == `""` || s == "{}" {
			return 0
		}
		return strings.Count(s, ",") + 1
	case []any:
		return len(x)
	case string:
		return len(strings.TrimSpace(x))
	}
	return 0
}

// nextDossierCode issues the next code of the office day of received. It runs
// inside the creating transaction: SQLite has one writer, so two creates never
// read the same last number, and a create that rolls back leaves no gap.
func nextDossierCode(app core.App, unit string, received time.Time) (string, error) {
	day := received.In(calendar.Location)
	prefix := lifecycle.CodeFormat(unit, day, 0)
	prefix = prefix[:len(prefix)-4]
	seq, err := lastNumberOfDay(app, "dossiers", "code", prefix)
	if err != nil {
		return "", err
	}
	// Past every code issued before a restore (restore_codes.go).
	floor, err := CodeFloor(app, prefix)
	if err != nil {
		return "", err
	}
	seq = max(seq, floor)
	if seq >= 9999 {
		// An API error, so that the clerk reads it rather than PocketBase's
		// "Failed to create record."
		return "", router.NewBadRequestError(fmt.Sprintf(
			"Đã hết số thứ tự hồ sơ của ngày %s: mã hồ sơ đánh số đến 9999 mỗi ngày.", day.Format("02/01/2006")), nil)
	}
	return lifecycle.CodeFormat(unit, day, seq+1), nil
}

// lastNumberOfDay is the number of the office day's last code in column of
// table, codes being prefix (ending in "-") and a number; 0 before the first.
// It reads a range of the column's index rather than LIKE (case-insensitive
// in SQLite, so it cannot use the index): the day's codes are those from
// "<prefix>" up to, not including, prefix with its "-" turned into ".".
// In an intake it runs in the intake's transaction, which is also app's
// ConcurrentDB there.
func lastNumberOfDay(app core.App, table, column, prefix string) (int, error) {
	var last string
	err := app.ConcurrentDB().NewQuery(LastOfDaySQL(table, column)).
		Bind(dbx.Params{"from": prefix, "to": prefix[:len(prefix)-1] + "."}).Row(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	fmt.Sscanf(strings.TrimPrefix(last, prefix), "%d", &n)
	return n, nil
}

func LastOfDaySQL(table, column string) string {
	return fmt.Sprintf("SELECT %[2]s FROM %[1]s WHERE %[2]s >= {:from} AND %[2]s < {:to} ORDER BY %[2]s DESC LIMIT 1", table, column)
}

// addEvent writes one row of the process-control sheet (phiếu kiểm soát quá
// trình, mẫu 06).
func addEvent(app core.App, d *core.Record, who Actor, action lifecycle.Action, from, to lifecycle.Status, fromOfficer, toOfficer, note string, data map[string]any) error {
	col, err := app.FindCachedCollectionByNameOrId("dossier_events")
	if err != nil {
		return err
	}
	ev := core.NewRecord(col)
	ev.Id = orderedID()
	due := d.GetDateTime("due_at").Time()
	result := lifecycle.OnTime
	if !due.IsZero() {
		result = lifecycle.Classify(who.At, due, 0, calendar.Location)
	}
	name := who.Name
	if name == "" {
		name = "Hệ thống"
	}
	ev.Load(map[string]any{
		"dossier": d.Id, "at": who.At, "action": string(action), "actor": who.ID, "actor_name": name,
		"from_status": string(from), "to_status": string(to), "from_officer": fromOfficer, "to_officer": toOfficer,
		"note": note, "step_due_at": due, "result": string(result), "data": data,
	})
	// Every value comes from the dossier just checked and saved in this
	// transaction and from the signed-in actor: PocketBase's validation (a
	// look-up of each relation) would only read them back.
	if err := app.SaveNoValidate(ev); err != nil {
		return fmt.Errorf("ghi nhật ký xử lý hồ sơ: %w", err)
	}
	return nil
}

// ReprojectOpenDossiers recomputes the due time of every open dossier after a
// calendar change, from its receipt and its waits for supplements, and records
// each change.
func ReprojectOpenDossiers(tx core.App, why string) error {
	cal, err := office.LoadCalendar(tx)
	if err != nil {
		return err
	}
	officeRec, err := office.FindOffice(tx)
	if err != nil {
		return nil // no office yet: no dossiers either
	}
	open := make([]any, 0, 6)
	for _, s := range lifecycle.Statuses {
		if s.Open() {
			open = append(open, string(s))
		}
	}
	recs, err := tx.FindAllRecords("dossiers", dbx.In("status", open...))
	if err != nil {
		return err
	}
	for _, d := range recs {
		if d.GetDateTime("received_at").IsZero() {
			continue // not received: no deadline yet
		}
		proc, err := tx.FindRecordById("procedures", d.GetString("procedure"))
		if err != nil {
			continue
		}
		pauses, err := dossierPauses(tx, d.Id)
		if err != nil {
			return err
		}
		dl := office.DossierDeadline(cal, officeRec, proc, d, d.GetDateTime("received_at").Time())
		due := cal.ProjectDue(dl.Due, pauses)
		old := d.GetDateTime("due_at").Time()
		if due.Equal(old) {
			continue
		}
		d.Set("due_at", due)
		text := dl.Explain()
		for _, p := range pauses {
			if !p.To.IsZero() {
				text += "\n" + pauseLine(p.From, p.To)
			}
		}
		d.Set("due_explanation", text+"\n"+why+": hạn mới "+calendar.FormatDateTime(due)+".")
		if err := SaveAs(tx, d, Actor{Name: "Hệ thống", Step: lifecycle.Reproject, Note: why}); err != nil {
			return err
		}
	}
	return nil
}

// dossierPauses lists a dossier's waits for supplements from its events.
func dossierPauses(app core.App, dossierID string) ([]calendar.Pause, error) {
	evs, err := app.FindRecordsByFilter("dossier_events", "dossier = {:d} && (action = 'request_supplement' || action = 'supplement_received')",
		"at", 0, 0, map[string]any{"d": dossierID})
	if err != nil {
		return nil, err
	}
	var out []calendar.Pause
	for _, ev := range evs {
		at := ev.GetDateTime("at").Time()
		if ev.GetString("action") == string(lifecycle.RequestSupplement) {
			out = append(out, calendar.Pause{From: at})
		} else if n := len(out); n > 0 && out[n-1].To.IsZero() {
			out[n-1].To = at
		}
	}
	return out, nil
}
