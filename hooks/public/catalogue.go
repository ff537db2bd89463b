package public

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/office"
	"motcua/internal/calendar"
	"motcua/internal/forms"
	"motcua/internal/vntext"
	migrations "motcua/pb_migrations"
)

// The public catalogue (danh mục thủ tục công khai) changes a few times a
// year and is read on every visit, so it lives in memory as one immutable
// snapshot, with its JSON pre-encoded, and is rebuilt on first use after any
// change of a procedure, sector, holiday or the office profile.

// catalogue is one snapshot of everything the public catalogue shows.
type catalogue struct {
	office     officeInfo
	officeJSON []byte
	sectors    []sectorInfo
	sectorJSON []byte
	procs      []*procedureInfo // sector order, then name
	byRef      map[string]*procedureInfo
	allJSON    []byte // the list response with no filter
	cal        *calendar.Calendar
	cutoff     calendar.Clock // the office's same-day cut-off
	limits     rateLimits
}

type sectorInfo struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Code  string `json:"code"`
	Count int    `json:"count"` // published procedures
	sort  int
}

type hotline struct {
	Role  string `json:"role"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

type officeInfo struct {
	Name            string    `json:"name"`
	UnitName        string    `json:"unit_name"` // the one-stop unit, forms.DefaultUnit when unset
	UnitCode        string    `json:"unit_code"`
	Province        string    `json:"province"`
	Address         string    `json:"address"`
	OfficeHours     string    `json:"office_hours"`
	OfficeHoursText string    `json:"office_hours_text"`
	OfficeHoursEN   string    `json:"office_hours_text_en"`
	SameDayCutoff   string    `json:"same_day_cutoff"`
	Hotlines        []hotline `json:"hotlines"`
	FeedbackAddress string    `json:"feedback_address"`
	Email           string    `json:"email"`
	Website         string    `json:"website"`
	FeedbackHowTo   []string  `json:"feedback_howto"`
	FeedbackHowToEN []string  `json:"feedback_howto_en"`
}

// officeSettings are the keys of office.settings the public side reads.
type officeSettings struct {
	PublicRateLimit *rateLimits `json:"public_rate_limit"`
	FeedbackHowTo   []string    `json:"feedback_howto"`
}

type document struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Label   string `json:"kind_label"`
	LabelEN string `json:"kind_label_en"`
	Count   int    `json:"count"`
	Note    string `json:"note,omitempty"`
}

// labelled is d with its kind named in both languages and a count of at
// least one, as a citizen reads it.
func (d document) labelled() document {
	l := documentKinds[d.Kind]
	d.Label, d.LabelEN, d.Count = l[0], l[1], max(d.Count, 1)
	return d
}

type formFile struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// procedureSummary is one row of the search results.
type procedureSummary struct {
	ID            string  `json:"id"`
	Code          string  `json:"code"`
	Name          string  `json:"name"`
	SectorID      string  `json:"sector"`
	SectorName    string  `json:"sector_name"`
	SameDay       bool    `json:"same_day"`
	TimeLimitDays int     `json:"time_limit_days"`
	TimeLimitText string  `json:"time_limit_text"`
	FeeAmount     float64 `json:"fee_amount"`
	FeeText       string  `json:"fee_text"`
	OnlineLevel   string  `json:"online_level"`
}

// procedureDetail is everything a citizen needs before going to the office.
type procedureDetail struct {
	procedureSummary
	Cutoff        string     `json:"cutoff"`
	Documents     []document `json:"documents"`
	LegalBasis    string     `json:"legal_basis"`
	Result        string     `json:"result"`
	Steps         []string   `json:"steps"`
	WhereToSubmit string     `json:"where_to_submit"`
	OfficeHours   string     `json:"office_hours_text"`
	OfficeHoursEN string     `json:"office_hours_text_en"`
	ApplicantKind string     `json:"applicant_kind"`
	Forms         []formFile `json:"forms"`
	OnlineLabel   string     `json:"online_level_label"`
	OnlineLabelEN string     `json:"online_level_label_en"`
	DueIfToday    *dueToday  `json:"due_if_submitted_now"`
	// AltLimits are the procedure's conditional time limits (issue 13.6),
	// shown beside the normal one: the receiving clerk applies one when its
	// condition holds.
	AltLimits []altLimit `json:"alt_limits"`
}

// altLimit is one conditional time limit as a citizen reads it, with the
// date it would give to a dossier submitted now.
type altLimit struct {
	Days      int    `json:"days"` // 0: the same day
	Condition string `json:"condition"`
	Text      string `json:"text"`
	TextEN    string `json:"text_en"`
	DueAt     string `json:"due_at"`
}

// dueToday answers "if I submit now, when is my result due?".
type dueToday struct {
	SubmittedAt string   `json:"submitted_at"`
	DueAt       string   `json:"due_at"`
	DueDate     string   `json:"due_date"` // dd/mm/yyyy
	Explain     string   `json:"explain"`
	ExplainEN   string   `json:"explain_en"`
	Notes       []string `json:"notes"`
	NotesEN     []string `json:"notes_en"`
}

type procedureInfo struct {
	summary     procedureSummary
	summaryJSON []byte
	search      string // folded code, name and sector
	detail      procedureDetail
	cutoff      calendar.Clock // zero: the office's
}

var documentKinds = map[string][2]string{
	"original":       {"Bản chính", "Original"},
	"certified_copy": {"Bản sao có chứng thực", "Certified copy"},
	"copy":           {"Bản sao", "Copy"},
	"presented":      {"Xuất trình để đối chiếu", "Show for checking"},
}

var onlineLevels = map[string][2]string{
	"none":    {"Chưa có dịch vụ công trực tuyến: nộp trực tiếp hoặc qua bưu chính", "Not online yet: submit in person or by post"},
	"partial": {"Dịch vụ công trực tuyến một phần", "Partly online"},
	"full":    {"Dịch vụ công trực tuyến toàn trình", "Fully online"},
}

// catalogue returns the current snapshot, building it when needed (a
// memo over the procedures, sectors, office and holidays). A snapshot that
// cannot be built (a broken database) is not kept: the caller gets an empty
// catalogue and the next request tries again.
func (p *site) catalogue() *catalogue {
	c, err := p.cat.Get(p.app)
	if err != nil {
		p.app.Logger().Error("public catalogue", "error", err)
	}
	return c
}

// bindStatsInvalidation drops the statistics (they name sectors and count
// dossiers: a short cache) when a sector is renamed.
func (p *site) bindStatsInvalidation() {
	p.app.OnRecordAfterUpdateSuccess(migrations.SectorsID).BindFunc(func(e *core.RecordEvent) error {
		p.stats.clear()
		return e.Next()
	})
}

func buildCatalogue(app core.App) (*catalogue, error) {
	c := &catalogue{
		byRef:  map[string]*procedureInfo{},
		limits: rateLimits{Get: defaultGetPerMinute, Post: defaultPostPerMinute},
		cal:    calendar.Default(),
		cutoff: calendar.Clock{Hour: 15},
	}
	c.allJSON = []byte(`{"items":[],"total":0}`)
	c.officeJSON, c.sectorJSON = []byte(`{}`), []byte(`{"items":[]}`)

	var err error
	if err = c.loadOffice(app); err != nil {
		return c, err
	}
	if err = c.loadCalendar(app); err != nil {
		return c, err
	}
	if err = c.loadProcedures(app); err != nil {
		return c, err
	}
	return c, nil
}

func (c *catalogue) loadOffice(app core.App) error {
	recs, err := app.FindRecordsByFilter(migrations.OfficeID, "", "created", 1, 0)
	if err != nil {
		return err
	}
	o := officeInfo{Hotlines: []hotline{}}
	var settings officeSettings
	if len(recs) > 0 {
		r := recs[0]
		o = officeInfo{
			Name: r.GetString("name"), UnitName: r.GetString("unit_name"), UnitCode: r.GetString("unit_code"), Province: r.GetString("province"),
			Address: r.GetString("address"), OfficeHours: r.GetString("office_hours"),
			SameDayCutoff: r.GetString("same_day_cutoff"), FeedbackAddress: r.GetString("feedback_address"),
			Email: r.GetString("email"), Website: r.GetString("website"),
		}
		_ = r.UnmarshalJSONField("hotlines", &o.Hotlines)
		_ = r.UnmarshalJSONField("settings", &settings)
	}
	if o.Hotlines == nil {
		o.Hotlines = []hotline{}
	}
	// The same unit name as the printed forms' heading (forms.Office.UnitName).
	o.UnitName = forms.Office{Unit: o.UnitName}.UnitName()
	if settings.PublicRateLimit != nil {
		c.limits = *settings.PublicRateLimit
	}
	if cut, err := calendar.ParseClock(o.SameDayCutoff); err == nil {
		c.cutoff = cut
	}
	hours, err := calendar.ParseOfficeHours(o.OfficeHours)
	if err != nil {
		hours = calendar.DefaultOfficeHours()
	}
	o.OfficeHoursText, o.OfficeHoursEN = hoursText(hours)
	o.FeedbackHowTo, o.FeedbackHowToEN = settings.FeedbackHowTo, nil
	if len(o.FeedbackHowTo) == 0 {
		o.FeedbackHowTo, o.FeedbackHowToEN = feedbackHowTo(o)
	}
	c.office = o
	c.officeJSON, err = json.Marshal(o)
	return err
}

// hoursText writes office hours as a citizen reads them on the posting.
func hoursText(h calendar.OfficeHours) (vi, en string) {
	names := [2][]string{{"sáng", "chiều", "tối"}, {"morning", "afternoon", "evening"}}
	var partsVI, partsEN []string
	for i, s := range h.Sessions {
		k := min(i, 2)
		if len(h.Sessions) == 1 {
			partsVI = append(partsVI, s.Open.String()+"–"+s.Close.String())
			partsEN = append(partsEN, s.Open.String()+"–"+s.Close.String())
			continue
		}
		partsVI = append(partsVI, names[0][k]+" "+s.Open.String()+"–"+s.Close.String())
		partsEN = append(partsEN, names[1][k]+" "+s.Open.String()+"–"+s.Close.String())
	}
	return "Thứ Hai đến Thứ Sáu (trừ ngày nghỉ lễ, Tết): " + strings.Join(partsVI, ", "),
		"Monday to Friday (except public holidays): " + strings.Join(partsEN, ", ")
}

// feedbackHowTo is the default text of "how to send feedback" (Decree
// 20/2008, Art. 9): in Vietnamese, with name, address, phone or email.
func feedbackHowTo(o officeInfo) (vi, en []string) {
	vi = []string{
		"Phản ánh, kiến nghị về quy định hành chính được viết bằng tiếng Việt, ghi rõ họ tên, địa chỉ, số điện thoại hoặc thư điện tử của người gửi.",
		"Gửi trực tuyến bằng biểu mẫu trên trang này (nhận mã theo dõi để tra cứu kết quả).",
	}
	en = []string{
		"Feedback and petitions on administrative rules are written in Vietnamese, with the sender's name, address, and phone number or email.",
		"Send it online with the form on this page (you get a tracking code to follow the answer).",
	}
	if o.FeedbackAddress != "" {
		vi = append(vi, "Gửi văn bản qua bưu chính hoặc trực tiếp đến: "+o.FeedbackAddress+".")
		en = append(en, "Send a letter by post or in person to: "+o.FeedbackAddress+".")
	}
	if o.Email != "" {
		vi = append(vi, "Gửi thư điện tử đến "+o.Email+".")
		en = append(en, "Email "+o.Email+".")
	}
	for _, h := range o.Hotlines {
		if h.Phone != "" {
			vi = append(vi, "Gọi điện thoại đường dây nóng (xem danh sách bên trên).")
			en = append(en, "Call a hotline (see the list above).")
			break
		}
	}
	return vi, en
}

func (c *catalogue) loadCalendar(app core.App) error {
	recs, err := app.FindAllRecords(migrations.HolidaysID)
	if err != nil {
		return err
	}
	var entries []calendar.Entry
	for _, r := range recs {
		d, err := calendar.ParseDate(r.GetString("date"))
		if err != nil {
			continue
		}
		entries = append(entries, calendar.Entry{
			Date: d, Kind: calendar.Kind(r.GetString("kind")), Name: r.GetString("name"),
			Official: r.GetBool("official"), Note: r.GetString("note"),
		})
	}
	hours, err := calendar.ParseOfficeHours(c.office.OfficeHours)
	if err != nil {
		hours = calendar.DefaultOfficeHours()
	}
	c.cal = calendar.New(entries, hours)
	return nil
}

func (c *catalogue) loadProcedures(app core.App) error {
	sectors, err := app.FindAllRecords(migrations.SectorsID)
	if err != nil {
		return err
	}
	c.sectors = make([]sectorInfo, 0, len(sectors))
	bySector := map[string]int{}
	for _, s := range sectors {
		bySector[s.Id] = len(c.sectors)
		c.sectors = append(c.sectors, sectorInfo{ID: s.Id, Name: s.GetString("name"), Code: s.GetString("code"), sort: s.GetInt("sort")})
	}

	procs, err := app.FindRecordsByFilter(migrations.ProceduresID, "published = true", "", 0, 0)
	if err != nil {
		return err
	}
	for _, r := range procs {
		info := newProcedureInfo(r, c)
		if i, ok := bySector[info.summary.SectorID]; ok {
			c.sectors[i].Count++
			info.summary.SectorName = c.sectors[i].Name
			info.detail.procedureSummary = info.summary
		}
		if info.summaryJSON, err = json.Marshal(info.summary); err != nil {
			return err
		}
		c.procs = append(c.procs, info)
		c.byRef[info.summary.Code] = info
		c.byRef[info.summary.ID] = info
	}

	slices.SortStableFunc(c.sectors, func(a, b sectorInfo) int {
		return cmp.Or(cmp.Compare(a.sort, b.sort), strings.Compare(vntext.Fold(a.Name), vntext.Fold(b.Name)))
	})
	order := map[string]int{}
	for i, s := range c.sectors {
		order[s.ID] = i
	}
	slices.SortStableFunc(c.procs, func(a, b *procedureInfo) int {
		return cmp.Or(cmp.Compare(order[a.summary.SectorID], order[b.summary.SectorID]),
			strings.Compare(vntext.Fold(a.summary.Name), vntext.Fold(b.summary.Name)),
			strings.Compare(a.summary.Code, b.summary.Code))
	})

	if c.sectorJSON, err = json.Marshal(map[string]any{"items": c.sectors}); err != nil {
		return err
	}
	c.allJSON = listJSON(c.procs)
	return nil
}

func newProcedureInfo(r *core.Record, c *catalogue) *procedureInfo {
	s := procedureSummary{
		ID: r.Id, Code: r.GetString("code"), Name: r.GetString("name"), SectorID: r.GetString("sector"),
		SameDay: r.GetBool("same_day"), TimeLimitDays: r.GetInt("time_limit_days"),
		TimeLimitText: r.GetString("time_limit_text"), FeeAmount: r.GetFloat("fee_amount"),
		FeeText: r.GetString("fee_text"), OnlineLevel: r.GetString("online_level"),
	}
	info := &procedureInfo{summary: s, search: r.GetString("search_text")}
	if info.search == "" {
		info.search = vntext.Fold(s.Code + " " + s.Name)
	}
	d := procedureDetail{
		procedureSummary: s,
		Cutoff:           r.GetString("cutoff"),
		Documents:        []document{},
		LegalBasis:       r.GetString("legal_basis"),
		Result:           r.GetString("result"),
		Steps:            []string{},
		WhereToSubmit:    r.GetString("where_to_submit"),
		OfficeHours:      c.office.OfficeHoursText,
		OfficeHoursEN:    c.office.OfficeHoursEN,
		ApplicantKind:    r.GetString("applicant_kind"),
		Forms:            []formFile{},
		AltLimits:        []altLimit{},
	}
	for _, a := range office.AltLimits(r) {
		d.AltLimits = append(d.AltLimits, altLimit{Days: a.Days, Condition: a.Condition,
			Text: limitText(a.Days), TextEN: limitTextEN(a.Days)})
	}
	_ = r.UnmarshalJSONField("documents", &d.Documents)
	_ = r.UnmarshalJSONField("steps", &d.Steps)
	if d.Documents == nil {
		d.Documents = []document{}
	}
	if d.Steps == nil {
		d.Steps = []string{}
	}
	for i := range d.Documents {
		d.Documents[i] = d.Documents[i].labelled()
	}
	for _, f := range r.GetStringSlice("forms") {
		d.Forms = append(d.Forms, formFile{Name: f, URL: "/api/files/" + r.Collection().Id + "/" + r.Id + "/" + f})
	}
	l := onlineLevels[s.OnlineLevel]
	d.OnlineLabel, d.OnlineLabelEN = l[0], l[1]
	if cut, err := calendar.ParseClock(d.Cutoff); err == nil {
		info.cutoff = cut
	}
	info.detail = d
	return info
}

// listJSON writes a list response from pre-encoded rows.
func listJSON(items []*procedureInfo) []byte {
	var b bytes.Buffer
	b.WriteString(`{"items":[`)
	for i, p := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(p.summaryJSON)
	}
	b.WriteString(`],"total":`)
	b.WriteString(strconv.Itoa(len(items)))
	b.WriteByte('}')
	return b.Bytes()
}

// search returns the published procedures of sector (any when empty) whose
// folded text contains every word of q, without diacritics or case.
func (c *catalogue) search(q, sector string) []*procedureInfo {
	terms := vntext.Terms(q)
	out := make([]*procedureInfo, 0, len(c.procs))
	for _, p := range c.procs {
		if sector != "" && p.summary.SectorID != sector {
			continue
		}
		ok := true
		for _, t := range terms {
			if !strings.Contains(p.search, t) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// due is when a dossier of p received at t is due, by the office calendar.
func (c *catalogue) due(p *procedureInfo, t time.Time) calendar.Deadline {
	return c.cal.DueFor(p.summary.SameDay, p.summary.TimeLimitDays, c.cutoffOf(p), t)
}

// cutoffOf is the same-day cut-off of p: its own, or the office's.
func (c *catalogue) cutoffOf(p *procedureInfo) calendar.Clock {
	if p.cutoff.IsZero() {
		return c.cutoff
	}
	return p.cutoff
}

// limitText and limitTextEN write a time limit in working days for a
// citizen: "Tối đa 05 ngày làm việc", "Up to 5 working days".
func limitText(days int) string {
	if days == 0 {
		return "Trong ngày làm việc"
	}
	return "Tối đa " + office.LimitText(days)
}

func limitTextEN(days int) string {
	switch days {
	case 0:
		return "Within the working day"
	case 1:
		return "Up to 1 working day"
	}
	return fmt.Sprintf("Up to %d working days", days)
}

// GET /api/motcua/procedures?q=&sector=
func (p *site) listProcedures(e *core.RequestEvent) error {
	c := p.catalogue()
	q := e.Request.URL.Query()
	text, sector := strings.TrimSpace(q.Get("q")), strings.TrimSpace(q.Get("sector"))
	if len(text) > 200 {
		return e.BadRequestError("Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).", nil)
	}
	e.Response.Header().Set("Cache-Control", "public, max-age=60")
	if text == "" && sector == "" {
		return e.Blob(http.StatusOK, "application/json", c.allJSON)
	}
	return e.Blob(http.StatusOK, "application/json", listJSON(c.search(text, sector)))
}

// GET /api/motcua/procedures/{code or id}
func (p *site) viewProcedure(e *core.RequestEvent) error {
	c := p.catalogue()
	info, ok := c.byRef[strings.TrimSpace(e.Request.PathValue("ref"))]
	if !ok {
		return e.NotFoundError("Không tìm thấy thủ tục hành chính này trong danh mục công khai.", nil)
	}
	now := time.Now()
	dl := c.due(info, now)
	d := info.detail
	d.DueIfToday = &dueToday{
		SubmittedAt: now.In(calendar.Location).Format(time.RFC3339),
		DueAt:       dl.Due.In(calendar.Location).Format(time.RFC3339),
		DueDate:     calendar.FormatDate(dl.Due),
		Explain:     dl.Explain(), ExplainEN: dl.ExplainEN(),
		Notes: nonNil(dl.Notes), NotesEN: nonNil(dl.NotesEN),
	}
	d.AltLimits = slices.Clone(d.AltLimits)
	for i := range d.AltLimits {
		a := &d.AltLimits[i]
		a.DueAt = c.cal.DueFor(a.Days == 0, a.Days, c.cutoffOf(info), now).Due.In(calendar.Location).Format(time.RFC3339)
	}
	// The answer depends on the hour (cut-off, closing time): short cache.
	e.Response.Header().Set("Cache-Control", "public, max-age=60")
	return e.JSON(http.StatusOK, d)
}

// GET /api/motcua/sectors
func (p *site) listSectors(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "public, max-age=60")
	return e.Blob(http.StatusOK, "application/json", p.catalogue().sectorJSON)
}

// GET /api/motcua/office — the public posting (niêm yết công khai).
func (p *site) viewOffice(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "public, max-age=60")
	return e.Blob(http.StatusOK, "application/json", p.catalogue().officeJSON)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
