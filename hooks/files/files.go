// Package files holds Motcua's digitised dossiers (số hóa hồ sơ, kết quả): the
// `dossier_files` records, one per scanned or photographed paper the applicant
// handed over (role `submitted`) or per result the office issued (role
// `result`), and the online submission of a dossier from the public page.
//
// Circular 01/2023/TT-VPCP asks that each paper received and each result be
// digitised and reusable; Decision 766/QĐ-TTg scores it (the digitisation
// group). The rules here hold for every way a record is saved (API, admin UI,
// Go code), as model hooks:
//
//   - the file is a PocketBase protected file (the file field also checks the
//     detected type); this package checks it first by content, with a
//     Vietnamese message: PDF, JPEG or PNG, its name's extension matching its
//     bytes, at most 10 MB;
//   - `sha256` and `size` are computed on the server from the bytes, never
//     taken from the client, and recomputed when the file is replaced, so the
//     audit entry of a replacement holds the old and the new hash (and that of
//     a removal the old one): a file is never silently replaced;
//   - each paper is tied to an item of the procedure's checklist (`item`, the
//     item's name, and `kind`: original, certified copy, copy); a result has
//     its number, date and signer;
//   - `digitised_by` and `digitised_at` are who uploaded it and when;
//   - `reused_from` copies a paper already digitised in another dossier of the
//     same applicant's ID number, still valid, instead of scanning it again.
//
// Who may list the records and get their files is decided where every access
// is decided (internal/access and the role guard of package hooks): staff who
// may read dossiers, through short-lived file tokens that carry the role.
//
// The package must not import package hooks; it uses PocketBase, internal/*
// and its own code.
package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/gabriel-vasile/mimetype"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	migrations "motcua/pb_migrations"
)

// Collection is the name of the digitised papers' collection.
const Collection = "dossier_files"

// Roles of a record: a paper the applicant gave, or a result the office issued.
const (
	RoleSubmitted = "submitted"
	RoleResult    = "result"
)

// Register binds the rules of digitised papers and the online submission.
func Register(app core.App) {
	registerRules(app)
	registerSubmissions(app)
	registerPhone(app)
}

func registerRules(app core.App) {
	app.OnRecordCreateRequest(migrations.DossierFilesID, Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Auth != nil && e.Auth.IsSuperuser() {
			e.Record.Set("digitised_by", e.Auth.Id)
		} else {
			e.Record.Set("digitised_by", "")
		}
		return e.Next()
	})
	app.OnRecordUpdateRequest(migrations.DossierFilesID, Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		e.Record.Set("digitised_by", e.Record.Original().GetString("digitised_by"))
		if len(e.Record.GetUnsavedFiles("file")) > 0 && e.Auth != nil && e.Auth.IsSuperuser() {
			e.Record.Set("digitised_by", e.Auth.Id)
		}
		return e.Next()
	})
	app.OnRecordCreate(migrations.DossierFilesID, Collection).BindFunc(func(e *core.RecordEvent) error {
		if err := checkCreate(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(migrations.DossierFilesID, Collection).BindFunc(func(e *core.RecordEvent) error {
		if err := checkUpdate(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
}

// badField is a 400 whose message is msg, naming field.
func badField(field, msg string) error {
	return router.NewBadRequestError(msg, validation.Errors{field: validation.NewError("validation_motcua_"+field, msg)})
}

func checkCreate(app core.App, rec *core.Record) error {
	dossier, err := app.FindRecordById(migrations.DossiersID, rec.GetString("dossier"))
	if err != nil {
		return badField("dossier", "Không tìm thấy hồ sơ của bản số hóa.")
	}
	if rec.GetString("reused_from") != "" {
		if err := reuse(app, rec, dossier); err != nil {
			return err
		}
	}
	if err := stampUpload(rec); err != nil {
		return err
	}
	if rec.GetString("source") == "" {
		rec.Set("source", "counter")
	}
	return checkFields(app, rec, dossier)
}

func checkUpdate(app core.App, rec *core.Record) error {
	orig := rec.Original()
	for _, name := range []string{"dossier", "role", "reused_from", "source"} {
		if rec.GetString(name) != orig.GetString(name) {
			return badField(name, "Không được sửa trường này của bản số hóa: hãy xóa bản này và số hóa lại.")
		}
	}
	if len(rec.GetUnsavedFiles("file")) == 0 {
		// No new file: what the server computed stays as it was.
		for _, name := range []string{"sha256", "size", "digitised_at"} {
			rec.Set(name, orig.Get(name))
		}
	}
	if err := stampUpload(rec); err != nil {
		return err
	}
	dossier, err := app.FindRecordById(migrations.DossiersID, rec.GetString("dossier"))
	if err != nil {
		return badField("dossier", "Không tìm thấy hồ sơ của bản số hóa.")
	}
	return checkFields(app, rec, dossier)
}

// stampUpload checks a new upload by its content and records its hash, size
// and time; a record with neither a new nor a kept file is refused.
func stampUpload(rec *core.Record) error {
	uploads := rec.GetUnsavedFiles("file")
	if len(uploads) == 0 {
		if rec.GetString("file") == "" {
			return badField("file", "Cần chọn tệp bản số hóa (PDF, JPEG hoặc PNG).")
		}
		return nil
	}
	if len(uploads) > 1 {
		return badField("file", "Mỗi bản số hóa chỉ gồm một tệp.")
	}
	sum, size, err := checkContent(uploads[0])
	if err != nil {
		return badField("file", err.Error())
	}
	rec.Set("sha256", sum)
	rec.Set("size", size)
	rec.Set("digitised_at", types.NowDateTime())
	return nil
}

// contentTypes maps each accepted detected type to the extensions its name may
// have and its Vietnamese name.
var contentTypes = map[string]struct {
	exts  []string
	label string
}{
	"application/pdf": {[]string{".pdf"}, "PDF"},
	"image/jpeg":      {[]string{".jpg", ".jpeg"}, "ảnh JPEG"},
	"image/png":       {[]string{".png"}, "ảnh PNG"},
}

// checkContent reads an upload and returns its SHA-256 and size, or why it
// is refused: too large, not a PDF/JPEG/PNG by its bytes, or named as
// another type than its bytes are (a .pdf name over a PNG).
func checkContent(f *filesystem.File) (string, int64, error) {
	name := f.OriginalName
	r, err := f.Reader.Open()
	if err != nil {
		return "", 0, fmt.Errorf("Không đọc được tệp \"%s\".", name)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, migrations.DossierFileMaxSize+1))
	if err != nil {
		return "", 0, fmt.Errorf("Không đọc được tệp \"%s\".", name)
	}
	if len(b) > migrations.DossierFileMaxSize {
		return "", 0, fmt.Errorf("Tệp \"%s\" quá lớn: tối đa %d MB.", name, migrations.DossierFileMaxSize>>20)
	}
	if len(b) == 0 {
		return "", 0, fmt.Errorf("Tệp \"%s\" rỗng.", name)
	}
	detected := mimetype.Detect(b)
	var kind string
	for t := range contentTypes {
		if detected.Is(t) {
			kind = t
		}
	}
	if kind == "" {
		return "", 0, fmt.Errorf("Tệp \"%s\" không phải PDF, JPEG hoặc PNG (xét theo nội dung tệp): hãy quét hoặc chụp lại giấy tờ.", name)
	}
	ct := contentTypes[kind]
	if ext := strings.ToLower(path.Ext(name)); !slices.Contains(ct.exts, ext) {
		return "", 0, fmt.Errorf("Tệp \"%s\" mang đuôi %s nhưng nội dung là %s: hãy đặt lại tên tệp cho đúng.", name, orNone(ext), ct.label)
	}
	sum := sha256.Sum256(b)
	// The field's own check reads the file again: give it the same bytes.
	f.Reader = &filesystem.BytesReader{Bytes: b}
	f.Size = int64(len(b))
	return hex.EncodeToString(sum[:]), int64(len(b)), nil
}

func orNone(ext string) string {
	if ext == "" {
		return "(không có)"
	}
	return ext
}

// checkFields checks what ties the record to its dossier: a paper names an
// item of the checklist and its kind, a result its number, date and signer.
func checkFields(app core.App, rec, dossier *core.Record) error {
	switch rec.GetString("role") {
	case RoleSubmitted:
		item := strings.TrimSpace(rec.GetString("item"))
		if item == "" {
			return badField("item", "Cần chọn thành phần hồ sơ của bản số hóa.")
		}
		items, err := checklist(app, dossier)
		if err != nil {
			return err
		}
		entry, ok := findItem(items, item)
		if !ok {
			return badField("item", fmt.Sprintf("\"%s\" không có trong thành phần hồ sơ của thủ tục.", item))
		}
		rec.Set("item", entry.Name)
		if rec.GetString("kind") == "" {
			rec.Set("kind", digitisedKind(entry.Kind))
		}
	case RoleResult:
		if s := dossier.GetString("status"); s != "decided" && s != "returned" {
			return badField("role", "Chỉ số hóa kết quả khi hồ sơ đã được ký duyệt hoặc đã trả kết quả.")
		}
		for _, f := range []struct{ name, msg string }{
			{"result_number", "Cần nhập số văn bản kết quả."},
			{"result_date", "Cần nhập ngày ký văn bản kết quả."},
			{"result_signer", "Cần nhập người ký văn bản kết quả."},
		} {
			if strings.TrimSpace(rec.GetString(f.name)) == "" {
				return badField(f.name, f.msg)
			}
		}
		if rec.GetDateTime("result_date").Time().After(time.Now().Add(24 * time.Hour)) {
			return badField("result_date", "Ngày ký văn bản kết quả không được ở tương lai.")
		}
		if rec.GetString("kind") == "" {
			rec.Set("kind", "original")
		}
	default:
		return badField("role", "Vai trò của bản số hóa phải là giấy tờ người nộp (submitted) hoặc kết quả (result).")
	}
	return nil
}

// digitisedKind is the kind of a scan of a checklist item: a paper only shown
// at the counter (xuất trình) is kept as a copy.
func digitisedKind(kind string) string {
	switch kind {
	case "original", "certified_copy", "copy":
		return kind
	}
	return "copy"
}

// reuse fills rec with the file of the paper it reuses: one digitised for
// another dossier of the same applicant's ID number, still valid. The bytes
// are copied into the new record (each record owns its file); the hash is
// computed again from them.
func reuse(app core.App, rec, dossier *core.Record) error {
	src, err := app.FindRecordById(migrations.DossierFilesID, rec.GetString("reused_from"))
	if err != nil || src.GetString("role") != RoleSubmitted {
		return badField("reused_from", "Không tìm thấy bản số hóa để dùng lại.")
	}
	if len(rec.GetUnsavedFiles("file")) > 0 {
		return badField("file", "Bản dùng lại lấy tệp của bản số hóa gốc: không gửi kèm tệp mới.")
	}
	owner, err := app.FindRecordById(migrations.DossiersID, src.GetString("dossier"))
	id := normaliseID(dossier.GetString("applicant_id_number"))
	if err != nil || id == "" || normaliseID(owner.GetString("applicant_id_number")) != id || owner.Id == dossier.Id {
		return badField("reused_from", "Chỉ dùng lại giấy tờ đã số hóa của cùng người nộp (cùng số định danh) ở hồ sơ khác.")
	}
	if !stillValid(src, time.Now()) {
		return badField("reused_from", "Giấy tờ đã số hóa này đã hết giá trị sử dụng.")
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return err
	}
	defer fsys.Close()
	key := src.BaseFilesPath() + "/" + src.GetString("file")
	r, err := fsys.GetReader(key)
	if err != nil {
		return fmt.Errorf("files: open reused file: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(r, migrations.DossierFileMaxSize+1))
	r.Close()
	if err != nil {
		return fmt.Errorf("files: read reused file: %w", err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != src.GetString("sha256") {
		return badField("reused_from", "Tệp của bản số hóa gốc không khớp mã băm đã ghi: không dùng lại được.")
	}
	name := src.GetString("file")
	if attrs, err := fsys.Attributes(key); err == nil && attrs.Metadata[filesystem.MetadataOriginalName] != "" {
		name = attrs.Metadata[filesystem.MetadataOriginalName]
	}
	f, err := filesystem.NewFileFromBytes(b, name)
	if err != nil {
		return fmt.Errorf("files: reuse: %w", err)
	}
	rec.Set("file", f)
	rec.Set("source", "reuse")
	if rec.GetString("item") == "" {
		rec.Set("item", src.GetString("item"))
	}
	if rec.GetString("kind") == "" {
		rec.Set("kind", src.GetString("kind"))
	}
	if rec.GetDateTime("valid_until").IsZero() {
		rec.Set("valid_until", src.Get("valid_until"))
	}
	return nil
}

// stillValid reports whether a digitised paper may still be reused at now.
func stillValid(r *core.Record, now time.Time) bool {
	until := r.GetDateTime("valid_until")
	return until.IsZero() || !until.Time().Before(now)
}

// normaliseID folds an ID number as typed (spaces, dots) to its digits and
// letters, so that "0790 9000 1234" and "079090001234" are the same person.
func normaliseID(s string) string {
	var b bytes.Buffer
	for _, r := range strings.ToUpper(s) {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
