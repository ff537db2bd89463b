package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A dossier's deadline explains itself to the clerk: `due_explanation` holds
// the days the count skipped and why, kept by the dossier rules whenever
// `due_at` is computed (receipt, supplement received, calendar change).
func init() {
	m.Register(addFields(DossiersID, &core.TextField{Name: "due_explanation", Max: 5000,
		Help: "Tự động: cách tính hạn trả kết quả (các ngày nghỉ đã bỏ qua và lý do)"}))
}
