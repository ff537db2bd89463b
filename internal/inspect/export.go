package inspect

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// exportColumns are the columns of the indicators table (CSV and XLSX).
var exportColumns = []string{
	"Nhóm", "Mã", "Tên", "Tiếp nhận", "Trực tuyến", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Trễ hạn",
	"Từ chối tiếp nhận", "Dừng xử lý, rút hồ sơ (không tính tỷ lệ)", "Đang giải quyết", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn",
	"Lượt yêu cầu bổ sung", "Lượt đánh giá", "Không hài lòng", "Phản ánh, kiến nghị",
	"Phản ánh xử lý đúng hạn", "Phản ánh xử lý trễ", "Tỷ lệ trước hạn, đúng hạn (%)", "Tỷ lệ trễ hạn (%)",
	"Tỷ lệ trực tuyến (%)", "Chỉ số 5.4 hài lòng (%)", "Chỉ số 5.2 phản ánh đúng hạn (%)",
}

type exportRow struct {
	dim string
	g   Group
}

func exportRows(rep *Report) []exportRow {
	rows := []exportRow{{"Toàn cơ quan", rep.Indicators.Totals}}
	for _, b := range []struct {
		name   string
		groups []Group
	}{
		{"Tháng", rep.Indicators.ByMonth}, {"Công chức", rep.Indicators.ByOfficer},
		{"Lĩnh vực", rep.Indicators.BySector}, {"Thủ tục", rep.Indicators.ByProcedure},
	} {
		for _, g := range b.groups {
			rows = append(rows, exportRow{b.name, g})
		}
	}
	return rows
}

func (r exportRow) counts() []int {
	c := r.g.Counts
	return []int{c.Received, c.Online, c.Ended, c.Early, c.OnTime, c.Late, c.Refused, c.Stopped, c.InProgress,
		c.InProgressOnTime, c.InProgressLate, c.Supplements, c.Rated, c.Dissatisfied, c.Complaints,
		c.FeedbackOnTime, c.FeedbackLate}
}

func (r exportRow) rates() []*float64 {
	x := r.g.Rates
	return []*float64{x.OnTime, x.Late, x.Online, x.Satisfaction, x.Feedback}
}

// WriteCSV writes the indicators as CSV in UTF-8 with a byte-order mark, so
// that spreadsheet programs read the diacritics; numbers are plain (no
// separators), rates with a decimal point and one decimal.
func WriteCSV(w io.Writer, rep *Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := append([]string{}, exportColumns...)
	if err := cw.Write(append(head, "Từ ngày", "Đến ngày")); err != nil {
		return err
	}
	for _, r := range exportRows(rep) {
		rec := []string{r.dim, r.g.Key, r.g.Label}
		for _, n := range r.counts() {
			rec = append(rec, strconv.Itoa(n))
		}
		for _, x := range r.rates() {
			if x == nil {
				rec = append(rec, "")
			} else {
				rec = append(rec, strconv.FormatFloat(*x, 'f', 1, 64))
			}
		}
		rec = append(rec, rep.Period.From, rep.Period.To)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the indicators as an Excel workbook: a sheet of
// indicators (numbers as numbers, rates as percentages), one of Decision
// 766 points and one of the open findings.
func WriteXLSX(w io.Writer, rep *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Chỉ tiêu"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	intFmt := "#,##0"
	intStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &intFmt})
	if err != nil {
		return err
	}
	pctFmt := "0.0%"
	pctStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	if err != nil {
		return err
	}
	title := "Chỉ tiêu tự kiểm tra " + rep.Office + " — kỳ " + rep.Span.Label()
	_ = f.SetCellValue(sheet, "A1", title)
	_ = f.SetCellStyle(sheet, "A1", "A1", bold)
	for i, h := range exportColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		_ = f.SetCellValue(sheet, cell, h)
	}
	last, _ := excelize.CoordinatesToCellName(len(exportColumns), 3)
	_ = f.SetCellStyle(sheet, "A3", last, bold)
	_ = f.SetRowHeight(sheet, 3, 45)
	for i, r := range exportRows(rep) {
		row := i + 4
		vals := []any{r.dim, r.g.Key, r.g.Label}
		for _, n := range r.counts() {
			vals = append(vals, n)
		}
		for _, x := range r.rates() {
			if x == nil {
				vals = append(vals, nil)
			} else {
				vals = append(vals, *x/100)
			}
		}
		start, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sheet, start, &vals); err != nil {
			return err
		}
		a, _ := excelize.CoordinatesToCellName(4, row)
		b, _ := excelize.CoordinatesToCellName(19, row)
		_ = f.SetCellStyle(sheet, a, b, intStyle)
		a, _ = excelize.CoordinatesToCellName(20, row)
		b, _ = excelize.CoordinatesToCellName(24, row)
		_ = f.SetCellStyle(sheet, a, b, pctStyle)
	}
	_ = f.SetColWidth(sheet, "A", "A", 14)
	_ = f.SetColWidth(sheet, "C", "C", 48)
	_ = f.SetColWidth(sheet, "D", "X", 12)
	_ = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 3, XSplit: 3, TopLeftCell: "D4", ActivePane: "bottomRight"})

	const points = "Điểm 766"
	if _, err := f.NewSheet(points); err != nil {
		return err
	}
	_ = f.SetSheetRow(points, "A1", &[]any{"Nhóm chỉ số / chỉ số", "Tối đa", "Tỷ lệ (%)", "Điểm ước tính", "Phần mềm tính được", "Cách tính"})
	_ = f.SetCellStyle(points, "A1", "F1", bold)
	row := 2
	put := func(vals ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		_ = f.SetSheetRow(points, cell, &vals)
		row++
	}
	orNil := func(x *float64) any {
		if x == nil {
			return nil
		}
		return *x
	}
	for _, p := range rep.Indicators.Points766 {
		put(p.Group, p.Max, nil, orNil(p.Value), p.CoverageLabel, p.Method)
		a, _ := excelize.CoordinatesToCellName(1, row-1)
		_ = f.SetCellStyle(points, a, a, bold)
		for _, it := range p.Items {
			can := "Không"
			if it.Computable {
				can = "Có"
			}
			put("   "+it.Code+" "+it.Name, it.Max, orNil(it.Rate), orNil(it.Value), can, it.Note)
		}
	}
	put()
	put(rep.Indicators.PointsBasis)
	_ = f.SetColWidth(points, "A", "A", 60)
	_ = f.SetColWidth(points, "E", "E", 20)
	_ = f.SetColWidth(points, "F", "F", 100)

	const findings = "Phát hiện"
	if _, err := f.NewSheet(findings); err != nil {
		return err
	}
	_ = f.SetSheetRow(findings, "A1", &[]any{"Mức độ", "Quy tắc", "Đối tượng", "Nội dung", "Việc cần làm", "Phát hiện lần đầu", "Gần nhất", "Trạng thái"})
	_ = f.SetCellStyle(findings, "A1", "H1", bold)
	for i, x := range rep.Findings {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = f.SetSheetRow(findings, cell, &[]any{SeverityLabel(x.Severity), RuleTitle(x.Rule), x.SubjectLabel, x.Message, x.ActionHint,
			x.FirstSeen.Format("02/01/2006"), x.LastSeen.Format("02/01/2006"), StatusLabel(x.Status)})
	}
	_ = f.SetColWidth(findings, "C", "C", 40)
	_ = f.SetColWidth(findings, "D", "E", 80)
	_, err = f.WriteTo(w)
	return err
}
