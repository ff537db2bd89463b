package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/dossier"
	"motcua/hooks/office"
	"motcua/internal/access"
	"motcua/internal/calendar"
	"motcua/internal/lifecycle"
)

func loadHolidays(app core.App) error {
	entries := append(calendar.Official2025(), calendar.Official2026()...)
	for _, en := range entries {
		rec, err := upsert(app, "holidays", dbx.HashExp{"date": en.Date.String()})
		if err != nil {
			return err
		}
		if !rec.IsNew() {
			continue // the IT officer's edits win over the shipped schedule
		}
		rec.Load(map[string]any{"date": en.Date.String(), "kind": string(en.Kind), "name": en.Name, "official": en.Official, "note": en.Note})
		if err := app.Save(rec); err != nil {
			return fmt.Errorf("holiday %s: %w", en.Date, err)
		}
	}
	return nil
}

// Months of history the demo generates.
const historyMonths = 6

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh"}
	middleNames = []string{"Văn", "Thị", "Minh", "Thu", "Hữu", "Ngọc"}
	givenNames  = []string{"Mẫu", "Thử", "Giả Định", "Minh Họa", "Ví Dụ"}
)

// history replays months of office work through the real dossier rules:
// every step is a SaveAs by the demo staff member whose role takes it, dated
// in the past, so codes, deadlines, events and classes are what the rules
// computed. It runs only on an office with no dossiers yet.
type history struct {
	app   core.App
	cal   *calendar.Calendar
	rng   *rand.Rand
	now   time.Time
	staff map[string][]dossier.Actor
	procs []*core.Record
	n     int
}

func loadHistory(app core.App, now time.Time) error {
	var count int
	if err := app.DB().NewQuery("SELECT count(*) FROM dossiers").Row(&count); err != nil || count > 0 {
		return err
	}
	cal, err := office.Calendar(app)
	if err != nil {
		return err
	}
	h := &history{app: app, cal: cal, rng: rand.New(rand.NewPCG(2026, 11)), now: now, staff: map[string][]dossier.Actor{}}
	for _, a := range Accounts {
		rec, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, a.Email)
		if err != nil {
			return err
		}
		h.staff[a.Role] = append(h.staff[a.Role], dossier.Actor{ID: rec.Id, Name: a.Name, Role: a.Role})
	}
	if h.procs, err = app.FindRecordsByFilter("procedures", "published = true", "code", 0, 0); err != nil {
		return err
	}
	start := calendar.DateOf(now.AddDate(0, -historyMonths, 0))
	for d := start; d.Before(calendar.DateOf(now)) || d == calendar.DateOf(now); d = d.AddDays(1) {
		if ok, _ := cal.IsWorkingDay(d); !ok {
			continue
		}
		for i, n := 0, 1+h.rng.IntN(3); i < n; i++ {
			at := d.At(7, 30).Add(time.Duration(h.rng.IntN(8*60)) * time.Minute)
			if at.After(now) {
				break
			}
			if err := h.dossier(at); err != nil {
				return err
			}
		}
	}
	return h.ensureWaitingForSupplement()
}

// ensureWaitingForSupplement leaves one dossier waiting for the citizen's
// supplement at the end of the history: a wait lasts a few days, so on some
// days none of the generated dossiers is in one, and the desk's and the
// public page's "waiting for a supplement" would have nothing to show. The
// newest dossier received or in processing by a specialist is asked for one,
// now, by its specialist or the receptionist.
func (h *history) ensureWaitingForSupplement() error {
	n, err := h.app.CountRecords("dossiers", dbx.HashExp{"status": string(lifecycle.SupplementRequested)})
	if err != nil || n > 0 {
		return err
	}
	open, err := h.app.FindRecordsByFilter("dossiers", "status = 'processing' || status = 'received'", "-received_at", 100, 0)
	if err != nil {
		return err
	}
	var d *core.Record
	var a dossier.Actor
	for _, rec := range open {
		if rec.GetString("status") == string(lifecycle.Received) {
			// Not yet handed on: the receptionist asks (as at the counter).
			d, a = rec, h.pick(access.Receptionist)
			break
		}
		for _, s := range h.staff[access.Specialist] {
			if s.ID == rec.GetString("assignee") {
				d, a = rec, s
			}
		}
		if d != nil {
			break
		}
	}
	if d == nil {
		return fmt.Errorf("no open dossier to wait for a supplement at %s", h.now)
	}
	a.At = h.now
	d.Set("status", string(lifecycle.SupplementRequested))
	d.Set("note", "Thiếu giấy tờ theo quy định.")
	d.Set("missing_items", []map[string]any{{"name": "Bản sao giấy tờ chứng minh nơi cư trú", "kind": "copy", "count": 1}})
	if err := dossier.SaveAs(h.app, d, a); err != nil {
		return fmt.Errorf("%s supplement_requested: %w", d.GetString("code"), err)
	}
	return nil
}

func (h *history) pick(role string) dossier.Actor {
	list := h.staff[role]
	return list[h.rng.IntN(len(list))]
}

// after returns an actor dated a number of working hours after t.
func (h *history) after(role string, t time.Time, hours float64) dossier.Actor {
	a := dossier.Actor{Name: "Công dân (đánh giá trên trang công khai)"}
	if role != "" {
		a = h.pick(role)
	}
	a.At = h.cal.AddWorking(t, time.Duration(hours*float64(time.Hour)))
	return a
}

func (h *history) dossier(received time.Time) error {
	h.n++
	r := h.rng
	proc := h.procs[r.IntN(len(h.procs))]
	col, err := h.app.FindCachedCollectionByNameOrId("dossiers")
	if err != nil {
		return err
	}
	d := core.NewRecord(col)
	channel := []string{"in_person", "in_person", "in_person", "online", "post"}[r.IntN(5)]
	d.Load(map[string]any{
		"procedure":           proc.Id,
		"applicant_name":      fmt.Sprintf("%s %s %s", familyNames[r.IntN(len(familyNames))], middleNames[r.IntN(len(middleNames))], givenNames[r.IntN(len(givenNames))]),
		"applicant_phone":     fmt.Sprintf("0900%06d", h.n),
		"applicant_id_number": fmt.Sprintf("000%09d", h.n),
		"applicant_address":   fmt.Sprintf("Thôn Mẫu %d, xã Ninh Xuân (địa chỉ minh họa)", 1+r.IntN(9)),
		"channel":             channel,
		"received_at":         received,
		"sets":                1,
		"fee":                 proc.GetFloat("fee_amount"),
		"documents":           proc.Get("documents"),
	})
	entered := received
	if r.IntN(25) == 0 { // typed in days after the paper was received
		entered = h.cal.AddWorking(received, time.Duration(8+r.IntN(30))*time.Hour)
	}
	clerk := h.pick(access.Receptionist)
	clerk.At = entered
	if entered.After(h.now) {
		return nil
	}
	outcome := r.IntN(100)
	if outcome == 2 && channel == "online" {
		d.Set("status", string(lifecycle.Submitted))
		return dossier.SaveAs(h.app, d, clerk)
	}
	if r.IntN(30) == 0 {
		d.Set("status", string(lifecycle.Refused))
		d.Set("note", "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã; hướng dẫn nộp tại cơ quan có thẩm quyền.")
		return dossier.SaveAs(h.app, d, clerk)
	}
	if err := dossier.SaveAs(h.app, d, clerk); err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	due := d.GetDateTime("due_at").Time()
	step := func(role string, hours float64, set map[string]any) (bool, error) {
		a := h.after(role, clerk.At, hours)
		if a.At.After(h.now) {
			return false, nil
		}
		if role == access.Specialist && d.GetString("assignee") != "" {
			for _, s := range h.staff[access.Specialist] {
				if s.ID == d.GetString("assignee") {
					a.ID, a.Name = s.ID, s.Name
				}
			}
		}
		for k, v := range set {
			d.Set(k, v)
		}
		if err := dossier.SaveAs(h.app, d, a); err != nil {
			return false, fmt.Errorf("%s %v: %w", d.GetString("code"), set["status"], err)
		}
		clerk.At = a.At
		return true, nil
	}
	span := h.cal.WorkingDuration(received, due).Hours()
	if outcome < 2 {
		return nil // received, never handed on: the self-inspection finds it
	}
	specialist := h.pick(access.Specialist)
	if ok, err := step(access.Receptionist, 0.5+r.Float64(), map[string]any{"status": "processing", "assignee": specialist.ID, "note": ""}); !ok || err != nil {
		return err
	}
	supplements := 0
	switch x := r.IntN(50); {
	case x < 5:
		supplements = 1
	case x == 5:
		supplements = 2
	}
	for i := 0; i < supplements; i++ {
		if ok, err := step(access.Specialist, 1+r.Float64()*3, map[string]any{
			"status": "supplement_requested", "note": "Thiếu giấy tờ theo quy định.",
			"missing_items": []map[string]any{{"name": "Bản sao giấy tờ chứng minh nơi cư trú", "kind": "copy", "count": 1}},
		}); !ok || err != nil {
			return err
		}
		if ok, err := step(access.Receptionist, 8*(1+float64(r.IntN(4))), map[string]any{"status": "processing", "note": "Công dân đã nộp bổ sung."}); !ok || err != nil {
			return err
		}
	}
	switch {
	case outcome == 3 || outcome == 4:
		_, err := step(access.Leader, 2, map[string]any{"status": "stopped", "note": "Công dân không bổ sung hồ sơ theo yêu cầu; dừng xử lý."})
		return err
	case outcome == 5 || outcome == 6:
		_, err := step(access.Receptionist, 1, map[string]any{"status": "withdrawal_requested", "note": "Công dân có đơn xin rút hồ sơ."})
		return err
	case outcome >= 7 && outcome <= 10:
		if ok, err := step(access.Specialist, 2, map[string]any{"status": "payment_requested", "note": "Đề nghị nộp lệ phí theo quy định."}); !ok || err != nil || outcome == 10 {
			return err
		}
		if ok, err := step(access.Receptionist, 4, map[string]any{"status": "processing", "note": "Công dân đã nộp lệ phí."}); !ok || err != nil {
			return err
		}
	}
	late := r.IntN(11) == 0
	work := span * (0.3 + 0.6*r.Float64())
	if late {
		if r.IntN(2) == 0 && span > 9 {
			leader := h.after(access.Leader, clerk.At, 0.5)
			if leader.At.Before(h.now) && h.cal.WorkingDaysBetween(calendar.DateOf(leader.At), calendar.DateOf(d.GetDateTime("due_at").Time())) >= 1 {
				if _, err := step(access.Leader, 0.5, map[string]any{
					"new_due_at":     h.cal.AddWorking(d.GetDateTime("due_at").Time(), 16*time.Hour),
					"apology_reason": "Cần xác minh thêm thông tin với cơ quan liên quan.",
				}); err != nil {
					return err
				}
			}
		}
		work = h.cal.WorkingDuration(clerk.At, d.GetDateTime("due_at").Time()).Hours() + 4 + float64(r.IntN(16))
	}
	leader := h.staff[access.Leader][0]
	if ok, err := step(access.Specialist, work*0.7, map[string]any{"assignee": leader.ID, "note": "Trình lãnh đạo ký."}); !ok || err != nil {
		return err
	}
	if ok, err := step(access.Leader, work*0.3, map[string]any{"status": "decided", "note": ""}); !ok || err != nil || outcome == 11 {
		return err // outcome 11: decided, the result never collected
	}
	if ok, err := step(access.Receptionist, 0.5+r.Float64()*6, map[string]any{"status": "returned", "returned_to": d.GetString("applicant_name"), "note": ""}); !ok || err != nil {
		return err
	}
	if r.IntN(5) < 2 {
		rating := []string{"very_satisfied", "satisfied", "satisfied", "very_satisfied", "dissatisfied"}[r.IntN(5)]
		if late && r.IntN(2) == 0 {
			rating = "dissatisfied"
		}
		_, err := step("", 2, map[string]any{"rating": rating, "rated_at": clerk.At})
		return err
	}
	return nil
}
