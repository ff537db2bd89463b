package browser

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeskIntakeUploadsPapers: at the counter the receptionist picks a scan
// per checklist item on the intake screen and ticks the applicant's paper
// already digitised in an earlier dossier (offered by the ID number); on
// "Tiếp nhận" the dossier is created, then the papers stored. One scan the
// server refuses (text named .pdf) is named with the server's reason, the
// dossier and the other papers stay, and the clerk is led to the dossier's
// page to upload it again.
func TestDeskIntakeUploadsPapers(t *testing.T) {
	s := newSite(t)
	proc, err := s.app.FindFirstRecordByData("procedures", "code", "1.004873")
	require.NoError(t, err)
	var docs []struct{ Name string }
	raw, _ := json.Marshal(proc.Get("documents"))
	require.NoError(t, json.Unmarshal(raw, &docs))
	require.Len(t, docs, 3)
	earlier, err := s.app.FindFirstRecordByFilter("dossiers", "procedure = {:p} && status = 'returned' && applicant_id_number != ''",
		map[string]any{"p": proc.Id})
	require.NoError(t, err)
	files, err := s.app.FindCollectionByNameOrId("dossier_files")
	require.NoError(t, err)
	idCard := []byte("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% CCCD cua nguoi nop\ntrailer <</Root 1 0 R>>\n%%EOF\n")
	f, err := filesystem.NewFileFromBytes(idCard, "cccd.pdf")
	require.NoError(t, err)
	src := core.NewRecord(files)
	src.Load(map[string]any{"dossier": earlier.Id, "role": "submitted", "item": docs[2].Name, "kind": "copy", "file": f})
	require.NoError(t, s.app.Save(src))

	dir := t.TempDir()
	form := []byte("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% to khai\ntrailer <</Root 1 0 R>>\n%%EOF\n")
	good, bad := filepath.Join(dir, "to-khai.pdf"), filepath.Join(dir, "ban-an.pdf")
	require.NoError(t, os.WriteFile(good, form, 0o644))
	require.NoError(t, os.WriteFile(bad, []byte("chỉ là văn bản, không phải bản quét"), 0o644))

	ctx := s.signIn(t, "motcua@ninhxuan.example")
	startIntake(t, ctx, "Lê Thị Quétgiấy")
	typeInto(t, ctx, "#in-phone", "0900 000 517")
	typeInto(t, ctx, "#in-idno", earlier.GetString("applicant_id_number"))
	click(t, ctx, "#in-address") // leaving the ID number asks for its papers
	waitText(t, ctx, "#in-docs", "Dùng lại bản đã số hóa ở hồ sơ "+earlier.GetString("code"))
	click(t, ctx, "#in-reuse-"+src.Id)
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#in-file-0"), []string{good}))
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#in-file-1"), []string{bad}))
	waitText(t, ctx, "#in-docs", "to-khai.pdf")
	screen(t, ctx, "desk-intake-papers")
	ticked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#in-docs [data-doc="got"]:checked').length`))
	require.NoError(t, err)
	require.Equal(t, 3, ticked, "a paper with a scan is ticked as received")

	click(t, ctx, "#in-receive")
	waitText(t, ctx, "#in-saved", "1 bản quét chưa lưu được")
	waitText(t, ctx, "#in-saved", docs[1].Name+" — ban-an.pdf: Tệp \"ban-an.pdf\" không phải PDF, JPEG hoặc PNG (xét theo nội dung tệp): hãy quét hoặc chụp lại giấy tờ.")
	screen(t, ctx, "desk-intake-paper-not-saved")

	d, err := s.app.FindFirstRecordByData("dossiers", "applicant_name", "Lê Thị Quétgiấy")
	require.NoError(t, err)
	require.Equal(t, "received", d.GetString("status"), "the dossier stays")
	waitText(t, ctx, "#in-saved", "Hồ sơ "+d.GetString("code")+" đã được tiếp nhận")
	stored, err := s.app.FindRecordsByFilter("dossier_files", "dossier = {:d}", "created", 0, 0, map[string]any{"d": d.Id})
	require.NoError(t, err)
	require.Len(t, stored, 2, "the scan and the reused paper are stored, the refused one is not")
	byItem := map[string]*core.Record{}
	for _, r := range stored {
		byItem[r.GetString("item")] = r
	}
	sum := sha256.Sum256(form)
	require.Contains(t, byItem, docs[0].Name)
	assert.Equal(t, hex.EncodeToString(sum[:]), byItem[docs[0].Name].GetString("sha256"))
	assert.Equal(t, "counter", byItem[docs[0].Name].GetString("source"))
	require.Contains(t, byItem, docs[2].Name)
	assert.Equal(t, src.Id, byItem[docs[2].Name].GetString("reused_from"))
	assert.Equal(t, src.GetString("sha256"), byItem[docs[2].Name].GetString("sha256"))

	click(t, ctx, "#in-saved-open")
	waitText(t, ctx, "#view-dossier h1", d.GetString("code"))
	waitText(t, ctx, "#digitised", "Chưa số hóa")
	requireVietnameseOnly(t, ctx)
	kind, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#digitised tbody tr:nth-child(3) select[name="kind"]').value`))
	require.NoError(t, err)
	assert.Equal(t, "original", kind, "a paper only shown (xuất trình) is scanned from its original")

	// The paper not saved at intake is scanned again on the dossier's page,
	// through the same Vietnamese picker.
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#dg-file-1"), []string{good}))
	waitText(t, ctx, `#digitised tbody tr:nth-child(2) [data-scan="chosen"]`, "to-khai.pdf")
	click(t, ctx, `#digitised tbody tr:nth-child(2) .upload > button`)
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.querySelectorAll("#digitised tbody tr:nth-child(2) [data-file]").length === 1`,
		chromedp.WithPollingTimeout(patience)))
	require.NoError(t, err, "the scan is listed on the dossier's page")
	again, err := s.app.FindFirstRecordByFilter("dossier_files", "dossier = {:d} && item = {:i}", map[string]any{"d": d.Id, "i": docs[1].Name})
	require.NoError(t, err)
	assert.Equal(t, hex.EncodeToString(sum[:]), again.GetString("sha256"))
	screen(t, ctx, "desk-dossier-papers")
}
