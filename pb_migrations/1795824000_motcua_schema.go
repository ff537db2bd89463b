// Package migrations holds Motcua's schema, written field by field in Go.
//
// Never edit a migration that has shipped: add a new, dated one beside it.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Collection ids are fixed so that hooks can be tagged by id and keep working
// if an administrator renames a collection in the dashboard.
const (
	OfficeID     = "mc_office"
	SectorsID    = "mc_sectors"
	ProceduresID = "mc_procedures"
	DossiersID   = "mc_dossiers"
	EventsID     = "mc_dossier_events"
	HolidaysID   = "mc_holidays"
	FeedbackID   = "mc_feedback"
	AuditLogID   = "mc_audit_log"
	FindingsID   = "mc_findings"
)

// Staff roles (vai trò), stored in the `role` field of `_superusers`.
var Roles = []string{"admin", "leader", "specialist", "receptionist", "inspector"}

// Dossier statuses: the national portal's set, as text keys (codes 1–10 in order).
var Statuses = []string{
	"submitted", "received", "refused", "processing", "supplement_requested",
	"payment_requested", "withdrawal_requested", "stopped", "decided", "returned",
}

func init() {
	m.Register(up, down)
}

func up(app core.App) error {
	if err := addStaffFields(app); err != nil {
		return err
	}
	// Motcua has no citizen accounts: drop PocketBase's default `users`
	// collection, whose open sign-up rule would let anyone create one.
	if users, err := app.FindCollectionByNameOrId("users"); err == nil {
		if err := app.Delete(users); err != nil {
			return err
		}
	}
	for _, build := range []func(core.App) (*core.Collection, error){
		office, sectors, procedures, holidays, dossiers, dossierEvents, feedback, auditLog, findings,
	} {
		c, err := build(app)
		if err != nil {
			return err
		}
		if err := app.Save(c); err != nil {
			return err
		}
	}
	return nil
}

func down(app core.App) error {
	for _, id := range []string{FindingsID, AuditLogID, FeedbackID, EventsID, DossiersID, HolidaysID, ProceduresID, SectorsID, OfficeID} {
		c, err := app.FindCollectionByNameOrId(id)
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return err
		}
	}
	su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	su.Fields.RemoveByName("role")
	su.Fields.RemoveByName("name")
	return app.Save(su)
}

// public is the API rule that lets guests read (the empty rule).
var public = types.Pointer("")

func timestamps(c *core.Collection) {
	c.Fields.Add(
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
}

// staffID is the id of `_superusers`, generated per install; relations to
// staff members point at it.
var staffID string

func addStaffFields(app core.App) error {
	su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	staffID = su.Id
	su.Fields.Add(
		&core.TextField{Name: "name", Max: 120, Presentable: true},
		&core.SelectField{Name: "role", Values: Roles, MaxSelect: 1,
			Help: "admin: quản trị; leader: lãnh đạo; specialist: công chức chuyên môn; receptionist: công chức một cửa; inspector: kiểm tra"},
	)
	su.AddIndex("idx_superusers_role", false, "role", "")
	if err := app.Save(su); err != nil {
		return err
	}
	// Accounts made before this migration (PocketBase's installer or its
	// `superuser` command) belong to the IT officer.
	_, err = app.DB().NewQuery("UPDATE _superusers SET role = 'admin' WHERE role = ''").Execute()
	return err
}

func office(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("office", OfficeID)
	c.ListRule, c.ViewRule = public, public
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 200, Presentable: true},
		&core.TextField{Name: "unit_code", Required: true, Max: 40, Pattern: `^[A-Z0-9][A-Z0-9.]*[A-Z0-9]$`,
			Help: "Mã đơn vị dùng trong mã hồ sơ, ví dụ H15.50.05.13"},
		&core.TextField{Name: "province", Max: 120},
		&core.TextField{Name: "address", Max: 300},
		&core.TextField{Name: "office_hours", Max: 200,
			Help: "Giờ làm việc Thứ Hai–Thứ Sáu, ví dụ 07:00-11:30,13:30-17:00"},
		&core.TextField{Name: "same_day_cutoff", Max: 5, Pattern: `^([01][0-9]|2[0-3]):[0-5][0-9]$`,
			Help: "Giờ chốt thủ tục trong ngày, ví dụ 15:00"},
		&core.JSONField{Name: "hotlines", MaxSize: 20000,
			Help: `Danh sách [{"role": "Chủ tịch UBND xã", "name": "...", "phone": "..."}]`},
		&core.TextField{Name: "feedback_address", Max: 1000,
			Help: "Địa chỉ tiếp nhận phản ánh, kiến nghị về quy định hành chính"},
		&core.EmailField{Name: "email"},
		&core.URLField{Name: "website"},
		&core.TextField{Name: "chairman", Max: 120, Help: "Người ký (Chủ tịch UBND)"},
		&core.JSONField{Name: "settings", MaxSize: 20000, Help: "Ngưỡng tự kiểm tra và các thiết lập khác"},
	)
	timestamps(c)
	return c, nil
}

func sectors(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("sectors", SectorsID)
	c.ListRule, c.ViewRule = public, public
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 200, Presentable: true},
		&core.TextField{Name: "code", Max: 40},
		&core.NumberField{Name: "sort", OnlyInt: true},
		&core.TextField{Name: "search_text", Max: 400, Help: "Tự động: tên không dấu để tìm kiếm"},
	)
	timestamps(c)
	c.AddIndex("idx_sectors_name", true, "name", "")
	c.AddIndex("idx_sectors_sort", false, "sort", "")
	return c, nil
}

func procedures(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("procedures", ProceduresID)
	c.ListRule, c.ViewRule = types.Pointer("published = true"), types.Pointer("published = true")
	c.Fields.Add(
		&core.TextField{Name: "code", Required: true, Max: 40, Help: "Mã thủ tục quốc gia, ví dụ 1.001193"},
		&core.TextField{Name: "name", Required: true, Max: 400, Presentable: true},
		&core.RelationField{Name: "sector", CollectionId: SectorsID, MaxSelect: 1, Required: true},
		&core.JSONField{Name: "documents", MaxSize: 100000,
			Help: `Thành phần hồ sơ: [{"name": "...", "kind": "original|certified_copy|copy|presented", "count": 1, "note": ""}]`},
		&core.NumberField{Name: "time_limit_days", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(365.0),
			Help: "Thời hạn giải quyết (ngày làm việc); 0 khi giải quyết trong ngày"},
		&core.BoolField{Name: "same_day", Help: "Giải quyết trong ngày"},
		&core.TextField{Name: "cutoff", Max: 5, Pattern: `^([01][0-9]|2[0-3]):[0-5][0-9]$`,
			Help: "Giờ chốt của thủ tục trong ngày (mặc định theo cơ quan, 15:00)"},
		&core.TextField{Name: "time_limit_text", Max: 500},
		&core.NumberField{Name: "fee_amount", Min: types.Pointer(0.0), Help: "Lệ phí (đồng)"},
		&core.TextField{Name: "fee_text", Max: 1000, Help: "Cách tính phí, lệ phí, ví dụ theo trang"},
		&core.TextField{Name: "legal_basis", Max: 5000},
		&core.TextField{Name: "result", Max: 1000, Help: "Kết quả người dân nhận được"},
		&core.JSONField{Name: "steps", MaxSize: 100000, Help: `Trình tự thực hiện: ["...", "..."]`},
		&core.TextField{Name: "where_to_submit", Max: 1000},
		&core.TextField{Name: "applicant_kind", Max: 200, Help: "Đối tượng thực hiện"},
		&core.FileField{Name: "forms", MaxSelect: 10, MaxSize: 5 << 20,
			Help: "Mẫu đơn, tờ khai để tải về"},
		&core.SelectField{Name: "online_level", Values: []string{"none", "partial", "full"}, MaxSelect: 1,
			Help: "Dịch vụ công trực tuyến: none (chưa), partial (một phần), full (toàn trình)"},
		&core.BoolField{Name: "published"},
		&core.TextField{Name: "search_text", Max: 4000, Help: "Tự động: mã, tên, lĩnh vực không dấu"},
	)
	timestamps(c)
	c.AddIndex("idx_procedures_code", true, "code", "")
	c.AddIndex("idx_procedures_sector", false, "sector", "")
	c.AddIndex("idx_procedures_published_name", false, "published, name", "")
	return c, nil
}

func holidays(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("holidays", HolidaysID)
	c.ListRule, c.ViewRule = public, public
	c.Fields.Add(
		&core.TextField{Name: "date", Required: true, Pattern: `^\d{4}-\d{2}-\d{2}$`, Presentable: true,
			Help: "YYYY-MM-DD"},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{"holiday", "substitute", "makeup"},
			Help: "holiday: ngày nghỉ lễ, Tết; substitute: nghỉ bù; makeup: ngày làm bù (làm việc)"},
		&core.TextField{Name: "name", Required: true, Max: 200},
		&core.BoolField{Name: "official", Help: "Đã có thông báo chính thức; bỏ chọn khi là dự kiến"},
		&core.TextField{Name: "note", Max: 500},
	)
	timestamps(c)
	c.AddIndex("idx_holidays_date", true, "date", "")
	return c, nil
}

func dossiers(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("dossiers", DossiersID)
	c.Fields.Add(
		&core.TextField{Name: "code", Max: 60, Presentable: true, Help: "Tự động: <mã đơn vị>-<YYMMDD>-<NNNN>"},
		&core.RelationField{Name: "procedure", CollectionId: ProceduresID, MaxSelect: 1, Required: true},
		&core.TextField{Name: "applicant_name", Required: true, Max: 200},
		&core.TextField{Name: "applicant_phone", Max: 20},
		&core.TextField{Name: "applicant_id_number", Max: 20, Help: "Số định danh cá nhân / CCCD hoặc mã số thuế"},
		&core.TextField{Name: "applicant_address", Max: 300},
		&core.EmailField{Name: "applicant_email"},
		&core.SelectField{Name: "channel", Required: true, MaxSelect: 1, Values: []string{"in_person", "online", "post"}},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: Statuses},
		&core.DateField{Name: "received_at", Help: "Thời điểm tiếp nhận; để trống là bây giờ"},
		&core.DateField{Name: "due_at", Help: "Tự động: hạn trả kết quả theo ngày làm việc"},
		&core.DateField{Name: "original_due_at", Help: "Tự động: hạn ban đầu khi tiếp nhận"},
		&core.DateField{Name: "new_due_at", Help: "Ngày hẹn lại (phiếu xin lỗi)"},
		&core.RelationField{Name: "assignee", CollectionId: staffID, MaxSelect: 1},
		&core.RelationField{Name: "received_by", CollectionId: staffID, MaxSelect: 1},
		&core.TextField{Name: "note", Max: 2000, Help: "Ghi chú; lý do khi từ chối, yêu cầu bổ sung, dừng xử lý, xin lỗi"},
		&core.JSONField{Name: "documents", MaxSize: 100000,
			Help: `Giấy tờ đã nhận: [{"name": "...", "kind": "original|certified_copy|copy", "count": 1}]`},
		&core.NumberField{Name: "sets", OnlyInt: true, Min: types.Pointer(0.0), Help: "Số bộ hồ sơ"},
		&core.NumberField{Name: "fee", Min: types.Pointer(0.0), Help: "Phí, lệ phí thu (đồng)"},
		&core.JSONField{Name: "missing_items", MaxSize: 50000, Help: "Giấy tờ cần bổ sung (phiếu 02)"},
		&core.DateField{Name: "paused_at", Help: "Tự động: thời điểm tạm dừng tính hạn chờ bổ sung"},
		&core.NumberField{Name: "paused_seconds", OnlyInt: true, Help: "Tự động: thời gian chờ bổ sung (giây)"},
		&core.NumberField{Name: "supplement_count", OnlyInt: true, Help: "Tự động: số lần yêu cầu bổ sung"},
		&core.DateField{Name: "apology_at", Help: "Tự động: thời điểm phát hành phiếu xin lỗi"},
		&core.TextField{Name: "apology_reason", Max: 2000},
		&core.DateField{Name: "ended_at", Help: "Tự động: thời điểm kết thúc (quyết định, trả, từ chối, dừng, rút)"},
		&core.SelectField{Name: "result_class", MaxSelect: 1, Values: []string{"early", "on_time", "late"},
			Help: "Tự động: trước hạn / đúng hạn / trễ hạn (Quyết định 766)"},
		&core.TextField{Name: "returned_to", Max: 200, Help: "Người nhận kết quả"},
		&core.TextField{Name: "log_book", Max: 40, Help: "Sổ theo dõi hồ sơ: quyển số"},
		&core.SelectField{Name: "rating", MaxSelect: 1, Values: []string{"very_satisfied", "satisfied", "dissatisfied"}},
		&core.TextField{Name: "rating_comment", Max: 2000},
		&core.DateField{Name: "rated_at"},
		&core.TextField{Name: "rating_followup", Max: 2000, Help: "Xử lý sau đánh giá không hài lòng"},
	)
	timestamps(c)
	c.AddIndex("idx_dossiers_code", true, "code", "")
	c.AddIndex("idx_dossiers_status_due", false, "status, due_at", "")
	c.AddIndex("idx_dossiers_received_at", false, "received_at", "")
	c.AddIndex("idx_dossiers_assignee", false, "assignee, status", "")
	c.AddIndex("idx_dossiers_procedure", false, "procedure", "")
	c.AddIndex("idx_dossiers_ended_at", false, "ended_at", "")
	c.AddIndex("idx_dossiers_created", false, "created", "")
	return c, nil
}

func dossierEvents(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("dossier_events", EventsID)
	c.Fields.Add(
		&core.RelationField{Name: "dossier", CollectionId: DossiersID, MaxSelect: 1, Required: true},
		&core.DateField{Name: "at", Required: true},
		&core.TextField{Name: "action", Required: true, Max: 40, Presentable: true},
		&core.RelationField{Name: "actor", CollectionId: staffID, MaxSelect: 1},
		&core.TextField{Name: "actor_name", Max: 200},
		&core.TextField{Name: "from_status", Max: 40},
		&core.TextField{Name: "to_status", Max: 40},
		&core.RelationField{Name: "from_officer", CollectionId: staffID, MaxSelect: 1},
		&core.RelationField{Name: "to_officer", CollectionId: staffID, MaxSelect: 1},
		&core.TextField{Name: "note", Max: 2000},
		&core.DateField{Name: "step_due_at"},
		&core.SelectField{Name: "result", MaxSelect: 1, Values: []string{"early", "on_time", "late"}},
		&core.JSONField{Name: "data", MaxSize: 100000},
	)
	timestamps(c)
	c.AddIndex("idx_dossier_events_dossier_at", false, "dossier, at", "")
	c.AddIndex("idx_dossier_events_at", false, "at", "")
	c.AddIndex("idx_dossier_events_actor_at", false, "actor, at", "")
	return c, nil
}

func feedback(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("feedback", FeedbackID)
	c.Fields.Add(
		&core.TextField{Name: "tracking_code", Max: 40, Presentable: true},
		&core.SelectField{Name: "kind", MaxSelect: 1, Values: []string{"feedback", "petition"},
			Help: "feedback: phản ánh; petition: kiến nghị"},
		&core.TextField{Name: "name", Required: true, Max: 200},
		&core.TextField{Name: "address", Required: true, Max: 300},
		&core.TextField{Name: "phone", Max: 20},
		&core.EmailField{Name: "email"},
		&core.TextField{Name: "subject", Max: 300},
		&core.TextField{Name: "content", Required: true, Max: 5000},
		&core.RelationField{Name: "procedure", CollectionId: ProceduresID, MaxSelect: 1},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"new", "refused", "more_info", "resolved"}},
		&core.TextField{Name: "answer", Max: 10000},
		&core.DateField{Name: "answered_at"},
		&core.RelationField{Name: "answered_by", CollectionId: staffID, MaxSelect: 1},
		&core.BoolField{Name: "published"},
		&core.DateField{Name: "published_at"},
	)
	timestamps(c)
	c.AddIndex("idx_feedback_tracking_code", true, "tracking_code", "")
	c.AddIndex("idx_feedback_status_created", false, "status, created", "")
	return c, nil
}

func auditLog(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("audit_log", AuditLogID)
	c.Fields.Add(
		&core.NumberField{Name: "seq", OnlyInt: true, Required: true, Presentable: true},
		&core.TextField{Name: "at", Required: true, Max: 40, Help: "UTC, RFC 3339 với mili giây"},
		&core.TextField{Name: "actor_type", Max: 20, Help: "staff, guest, system, cli"},
		&core.TextField{Name: "actor_id", Max: 40},
		&core.TextField{Name: "actor_email", Max: 255},
		&core.TextField{Name: "actor_role", Max: 20},
		&core.TextField{Name: "actor_name", Max: 200},
		&core.TextField{Name: "ip", Max: 64},
		&core.TextField{Name: "user_agent", Max: 500},
		&core.TextField{Name: "action", Required: true, Max: 40},
		&core.TextField{Name: "collection", Max: 100},
		&core.TextField{Name: "record_id", Max: 100},
		&core.JSONField{Name: "changes", MaxSize: 2 << 20},
		&core.TextField{Name: "prev_hash", Max: 64},
		&core.TextField{Name: "hash", Required: true, Max: 64},
	)
	c.AddIndex("idx_audit_log_seq", true, "seq", "")
	c.AddIndex("idx_audit_log_record", false, "collection, record_id", "")
	c.AddIndex("idx_audit_log_actor", false, "actor_id, seq", "")
	return c, nil
}

func findings(app core.App) (*core.Collection, error) {
	c := core.NewBaseCollection("findings", FindingsID)
	c.Fields.Add(
		&core.TextField{Name: "rule", Required: true, Max: 60, Presentable: true},
		&core.SelectField{Name: "severity", MaxSelect: 1, Values: []string{"info", "warning", "serious"}},
		&core.TextField{Name: "subject_collection", Max: 100},
		&core.TextField{Name: "subject_id", Max: 100},
		&core.TextField{Name: "subject_label", Max: 300},
		&core.TextField{Name: "message", Max: 2000},
		&core.JSONField{Name: "evidence", MaxSize: 200000},
		&core.TextField{Name: "action_hint", Max: 1000, Help: "Việc cần làm"},
		&core.DateField{Name: "first_seen"},
		&core.DateField{Name: "last_seen"},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"open", "acknowledged", "resolved"}},
		&core.RelationField{Name: "resolved_by", CollectionId: staffID, MaxSelect: 1},
		&core.DateField{Name: "resolved_at"},
		&core.TextField{Name: "resolution_note", Max: 2000},
		&core.BoolField{Name: "auto_resolved"},
	)
	timestamps(c)
	c.AddIndex("idx_findings_open_subject", true, "rule, subject_collection, subject_id", "status != 'resolved'")
	c.AddIndex("idx_findings_status", false, "status, severity", "")
	return c, nil
}
