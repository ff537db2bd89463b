// Package demo fills a data dir with a demo commune (xã mẫu): Ninh Xuân's
// office profile and public posting, the catalogue of DESIGN.md, the calendar,
// one staff account per role and a history of dossiers. Loading is
// idempotent: every item is found by its natural key and updated, never
// duplicated. Names, phone numbers and addresses are obviously fictitious.
package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/roles"
	"motcua/internal/access"
)

// Password is the demo staff accounts' password; printed by `motcua demo`.
const Password = "Motcua@2026"

// Account is a demo staff account.
type Account struct{ Email, Role, Name string }

// Accounts are the demo staff, one per role.
var Accounts = []Account{
	{"quantri@ninhxuan.example", access.Admin, "Quản Trị Mẫu"},
	{"lanhdao@ninhxuan.example", access.Leader, "Lê Lãnh Đạo Mẫu"},
	{"chuyenmon@ninhxuan.example", access.Specialist, "Phạm Chuyên Môn Mẫu"},
	{"chuyenmon2@ninhxuan.example", access.Specialist, "Võ Tư Pháp Mẫu"},
	{"motcua@ninhxuan.example", access.Receptionist, "Trần Một Cửa Mẫu"},
	{"kiemtra@ninhxuan.example", access.Inspector, "Đỗ Kiểm Tra Mẫu"},
}

// UnitCode is the demo office's unit code, used in dossier codes.
const UnitCode = "H15.50.05.13"

// Load fills app with the demo commune. It can run any number of times.
func Load(app core.App) error { return LoadAt(app, time.Now()) }

// LoadAt is Load with the history ending at now.
func LoadAt(app core.App, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		if err := loadOffice(tx); err != nil {
			return fmt.Errorf("demo office: %w", err)
		}
		if err := loadCatalogue(tx); err != nil {
			return fmt.Errorf("demo catalogue: %w", err)
		}
		if err := loadStaff(tx); err != nil {
			return fmt.Errorf("demo staff: %w", err)
		}
		if err := loadHolidays(tx); err != nil {
			return fmt.Errorf("demo calendar: %w", err)
		}
		if err := loadHistory(tx, now); err != nil {
			return fmt.Errorf("demo dossiers: %w", err)
		}
		if err := loadFeedback(tx, now); err != nil {
			return fmt.Errorf("demo feedback: %w", err)
		}
		return nil
	})
}

// upsert finds the first record of collection matching where (any record
// when where is nil), or makes a new one.
func upsert(app core.App, collection string, where dbx.Expression) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	q := app.RecordQuery(col).Limit(1)
	if where != nil {
		q = q.AndWhere(where)
	}
	var found []*core.Record
	if err := q.All(&found); err != nil {
		return nil, err
	}
	if len(found) > 0 {
		return found[0], nil
	}
	return core.NewRecord(col), nil
}

func loadOffice(app core.App) error {
	rec, err := upsert(app, "office", nil)
	if err != nil {
		return err
	}
	rec.Load(map[string]any{
		"name":            "Ủy ban nhân dân xã Ninh Xuân",
		"unit_code":       UnitCode,
		"province":        "Tỉnh Khánh Hòa",
		"address":         "Số 1 đường Mẫu, thôn Demo, xã Ninh Xuân, tỉnh Khánh Hòa (địa chỉ minh họa)",
		"office_hours":    "07:00-11:30,13:30-17:00",
		"same_day_cutoff": "15:00",
		"hotlines": []map[string]string{
			{"role": "Chủ tịch UBND xã Ninh Xuân", "name": "Nguyễn Văn Mẫu", "phone": "0900 000 001"},
			{"role": "Chủ tịch UBND tỉnh Khánh Hòa (cấp trên)", "name": "Trần Văn Thử", "phone": "0900 000 002"},
			{"role": "Trung tâm Phục vụ hành chính công xã", "name": "Trần Một Cửa Mẫu", "phone": "0900 000 003"},
		},
		"feedback_address": "Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh Khánh Hòa — " +
			"Số 2 đường Mẫu, phường Demo, tỉnh Khánh Hòa (địa chỉ minh họa); thư điện tử: phananh@khanhhoa.example",
		"email":    "motcua@ninhxuan.example",
		"website":  "https://ninhxuan.example",
		"chairman": "Nguyễn Văn Mẫu",
	})
	return app.Save(rec)
}

func loadCatalogue(app core.App) error {
	sectorIDs := map[string]string{}
	for i, name := range sectorOrder {
		rec, err := upsert(app, "sectors", dbx.HashExp{"name": name})
		if err != nil {
			return err
		}
		rec.Set("name", name)
		rec.Set("sort", i+1)
		if err := app.Save(rec); err != nil {
			return err
		}
		sectorIDs[name] = rec.Id
	}
	for _, p := range catalogue {
		rec, err := upsert(app, "procedures", dbx.HashExp{"code": p.Code})
		if err != nil {
			return err
		}
		cutoff := ""
		if p.SameDay {
			cutoff = "15:00"
		}
		rec.Load(map[string]any{
			"code": p.Code, "name": p.Name, "sector": sectorIDs[p.Sector],
			"documents": p.Docs, "time_limit_days": p.Days, "same_day": p.SameDay, "cutoff": cutoff,
			"time_limit_text": p.TimeText, "fee_amount": p.Fee, "fee_text": p.FeeText,
			"legal_basis": p.Legal, "result": p.Result, "steps": p.steps(),
			"where_to_submit": "Trung tâm Phục vụ hành chính công xã Ninh Xuân; sáng 07:00–11:30, chiều 13:30–17:00, Thứ Hai đến Thứ Sáu",
			"applicant_kind":  "Công dân Việt Nam",
			"online_level":    p.Online, "published": true, "alt_limits": p.Alt,
		})
		if err := app.Save(rec); err != nil {
			return fmt.Errorf("procedure %s: %w", p.Code, err)
		}
	}
	return nil
}

func loadStaff(app core.App) error {
	for _, a := range Accounts {
		if _, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, a.Email); err == nil {
			continue
		}
		if _, err := roles.AddStaff(app, a.Email, Password, a.Role, a.Name); err != nil {
			return err
		}
	}
	return nil
}
