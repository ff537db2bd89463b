package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// DossierFilesID is the id of `dossier_files`: one record per digitised paper
// (a scan or photo of a document the applicant handed over or uploaded) or
// result (the issued document), as Circular 01/2023/TT-VPCP expects each
// received paper and each result to be digitised. The rules (content types,
// the server's SHA-256, who digitised it, reuse) live in hooks/files.
const DossierFilesID = "mc_dossier_files"

// DossierFileMaxSize is the largest digitised paper: a multi-page scan at
// 300 dpi in PDF, or a phone photo, fits with room to spare.
const DossierFileMaxSize = 10 << 20

// DossierFileTypes are the accepted content types (detected from the bytes
// by PocketBase's file field, not taken from the name).
var DossierFileTypes = []string{"application/pdf", "image/jpeg", "image/png"}

func init() {
	m.Register(func(app core.App) error {
		su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		if err != nil {
			return err
		}
		// Superusers only (nil rules): guests and citizens get nothing;
		// staff are held to the role guard (internal/access).
		c := core.NewBaseCollection("dossier_files", DossierFilesID)
		c.Fields.Add(
			&core.RelationField{Name: "dossier", CollectionId: DossiersID, MaxSelect: 1, Required: true},
			&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: []string{"submitted", "result"},
				Help: "submitted: giấy tờ người nộp; result: kết quả giải quyết"},
			&core.TextField{Name: "item", Max: 400, Presentable: true,
				Help: "Thành phần hồ sơ (tên giấy tờ trong danh mục của thủ tục)"},
			&core.SelectField{Name: "kind", MaxSelect: 1, Values: []string{"original", "certified_copy", "copy"},
				Help: "original: bản chính; certified_copy: bản sao chứng thực; copy: bản sao"},
			&core.FileField{Name: "file", Required: true, MaxSelect: 1, MaxSize: DossierFileMaxSize,
				MimeTypes: DossierFileTypes, Thumbs: []string{"100x140", "480x0"}, Protected: true,
				Help: "Bản điện tử: PDF, JPEG hoặc PNG, tối đa 10 MB"},
			&core.TextField{Name: "sha256", Max: 64, Pattern: `^[0-9a-f]{64}$`,
				Help: "Tự động: mã băm SHA-256 của tệp, tính trên máy chủ"},
			&core.NumberField{Name: "size", OnlyInt: true, Help: "Tự động: dung lượng tệp (byte)"},
			&core.SelectField{Name: "source", MaxSelect: 1, Values: []string{"counter", "phone", "online", "reuse"},
				Help: "counter: quét tại quầy; phone: chụp bằng điện thoại; online: nộp trực tuyến; reuse: dùng lại"},
			&core.RelationField{Name: "digitised_by", CollectionId: su.Id, MaxSelect: 1,
				Help: "Tự động: cán bộ số hóa"},
			&core.DateField{Name: "digitised_at", Help: "Tự động: thời điểm số hóa"},
			&core.DateField{Name: "valid_until", Help: "Giấy tờ còn giá trị đến (để trống: không thời hạn)"},
			&core.TextField{Name: "result_number", Max: 100, Help: "Số văn bản kết quả"},
			&core.DateField{Name: "result_date", Help: "Ngày ký văn bản kết quả"},
			&core.TextField{Name: "result_signer", Max: 200, Help: "Người ký văn bản kết quả"},
			&core.TextField{Name: "note", Max: 1000},
		)
		timestamps(c)
		c.AddIndex("idx_dossier_files_dossier", false, "dossier, role", "")
		c.AddIndex("idx_dossier_files_sha256", false, "sha256", "")
		if err := app.Save(c); err != nil {
			return err
		}
		// A paper reused from another dossier points at the record it was
		// copied from (the collection must exist before it can point at itself).
		c.Fields.Add(&core.RelationField{Name: "reused_from", CollectionId: DossierFilesID, MaxSelect: 1,
			Help: "Tự động khi dùng lại: bản số hóa gốc ở hồ sơ khác"})
		c.AddIndex("idx_dossier_files_reused_from", false, "reused_from", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(DossierFilesID)
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}
