package demo

import "motcua/hooks/office"

// doc is one item of a procedure's dossier (thành phần hồ sơ).
type doc struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"` // original, certified_copy, copy, presented (xuất trình)
	Count int    `json:"count"`
	Note  string `json:"note,omitempty"`
}

// procedure is one entry of the demo catalogue: real commune procedures of
// DESIGN.md, with the fees of the demo commune.
type procedure struct {
	Code, Name, Sector string
	Days               int
	SameDay            bool
	TimeText           string
	Fee                float64
	FeeText            string
	Legal, Result      string
	Docs               []doc
	Steps              []string
	Online             string
	// Alt are the conditional time limits the receiving clerk may choose.
	Alt []office.AltLimit
}

const verification = "Trường hợp cần xác minh"

var idPaper = doc{Name: "Giấy tờ tùy thân có ảnh (CCCD, hộ chiếu) của người nộp", Kind: "presented", Count: 1}

var ordinarySteps = []string{
	"Nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã hoặc trực tuyến trên Cổng dịch vụ công.",
	"Công chức một cửa kiểm tra, tiếp nhận, cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01).",
	"Công chức chuyên môn thẩm định, trình lãnh đạo UBND xã ký.",
	"Trả kết quả tại Trung tâm Phục vụ hành chính công xã hoặc qua bưu chính.",
}

var sameDaySteps = []string{
	"Nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã.",
	"Công chức kiểm tra và giải quyết ngay trong ngày; hồ sơ nhận sau 15 giờ được trả trong ngày làm việc tiếp theo.",
	"Nhận kết quả tại Trung tâm Phục vụ hành chính công xã.",
}

const (
	hoTich    = "Hộ tịch"
	chungThuc = "Chứng thực"
	kinhDoanh = "Đăng ký kinh doanh"
	giamNgheo = "Giảm nghèo"
	baoTro    = "Bảo trợ xã hội"
	hoaGiai   = "Hòa giải ở cơ sở"
)

var sectorOrder = []string{hoTich, chungThuc, kinhDoanh, giamNgheo, baoTro, hoaGiai}

const luatHoTich = "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP; Thông tư 04/2020/TT-BTP; Nghị quyết HĐND tỉnh về lệ phí hộ tịch."
const luatChungThuc = "Nghị định 23/2015/NĐ-CP; Thông tư 01/2020/TT-BTP; Thông tư 226/2016/TT-BTC."

var catalogue = []procedure{
	{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: hoTich, SameDay: true,
		TimeText: "Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo", FeeText: "Miễn lệ phí khi đăng ký đúng hạn",
		Legal: luatHoTich, Result: "Giấy khai sinh (bản chính) và ghi vào Sổ đăng ký khai sinh", Online: "full",
		Docs: []doc{{Name: "Tờ khai đăng ký khai sinh (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Giấy chứng sinh hoặc văn bản xác nhận của người làm chứng", Kind: "original", Count: 1}, idPaper}},
	{Code: "1.000894", Name: "Đăng ký kết hôn", Sector: hoTich, SameDay: true,
		TimeText: "Ngay trong ngày; tối đa 5 ngày làm việc nếu cần xác minh", FeeText: "Miễn lệ phí",
		Legal: luatHoTich, Result: "Giấy chứng nhận kết hôn (mỗi bên một bản chính)", Online: "partial", Alt: []office.AltLimit{{Days: 5, Condition: verification}},
		Docs: []doc{{Name: "Tờ khai đăng ký kết hôn (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Giấy xác nhận tình trạng hôn nhân (khi cư trú nơi khác)", Kind: "original", Count: 1}, idPaper}},
	{Code: "1.000656", Name: "Đăng ký khai tử", Sector: hoTich, SameDay: true,
		TimeText: "Ngay trong ngày", FeeText: "Miễn lệ phí khi đăng ký trong 15 ngày kể từ ngày chết",
		Legal: luatHoTich, Result: "Trích lục khai tử", Online: "full",
		Docs: []doc{{Name: "Tờ khai đăng ký khai tử (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Giấy báo tử hoặc giấy tờ thay giấy báo tử", Kind: "original", Count: 1}, idPaper}},
	{Code: "1.004873", Name: "Cấp Giấy xác nhận tình trạng hôn nhân", Sector: hoTich, Days: 3,
		TimeText: "03 ngày làm việc; tối đa 23 ngày nếu cần xác minh", Fee: 15000, FeeText: "15.000 đ/trường hợp",
		Legal: luatHoTich, Result: "Giấy xác nhận tình trạng hôn nhân", Online: "full", Alt: []office.AltLimit{{Days: 23, Condition: verification}},
		Docs: []doc{{Name: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Bản án, quyết định ly hôn hoặc giấy chứng tử của vợ/chồng (nếu có)", Kind: "copy", Count: 1}, idPaper}},
	{Code: "1.001022", Name: "Đăng ký nhận cha, mẹ, con", Sector: hoTich, Days: 3,
		TimeText: "03 ngày làm việc; tối đa 08 ngày nếu cần xác minh", Fee: 15000, FeeText: "15.000 đ/trường hợp",
		Legal: luatHoTich, Result: "Trích lục đăng ký nhận cha, mẹ, con", Online: "partial", Alt: []office.AltLimit{{Days: 8, Condition: verification}},
		Docs: []doc{{Name: "Tờ khai đăng ký nhận cha, mẹ, con (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Văn bản giám định ADN hoặc chứng cứ chứng minh quan hệ cha, mẹ, con", Kind: "certified_copy", Count: 1}, idPaper}},
	{Code: "1.004859", Name: "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc", Sector: hoTich, Days: 3,
		TimeText: "03 ngày làm việc", Fee: 15000, FeeText: "15.000 đ/trường hợp (mức của xã)",
		Legal: luatHoTich, Result: "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch", Online: "partial",
		Docs: []doc{{Name: "Tờ khai (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Giấy khai sinh và giấy tờ làm căn cứ thay đổi, cải chính", Kind: "certified_copy", Count: 1}, idPaper}},
	{Code: "1.004884", Name: "Đăng ký lại khai sinh", Sector: hoTich, Days: 5,
		TimeText: "05 ngày làm việc; tối đa 10 ngày nếu cần xác minh", Fee: 10000, FeeText: "10.000 đ/trường hợp (mức của xã)",
		Legal: luatHoTich, Result: "Giấy khai sinh (đăng ký lại)", Online: "partial", Alt: []office.AltLimit{{Days: 10, Condition: verification}},
		Docs: []doc{{Name: "Tờ khai đăng ký lại khai sinh (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Bản sao giấy khai sinh cũ hoặc giấy tờ có thông tin khai sinh", Kind: "copy", Count: 1}, idPaper}},
	{Code: "1.004837", Name: "Đăng ký giám hộ", Sector: hoTich, Days: 3,
		TimeText: "03 ngày làm việc", Fee: 15000, FeeText: "15.000 đ/trường hợp (mức của xã)",
		Legal: luatHoTich, Result: "Trích lục đăng ký giám hộ", Online: "partial",
		Docs: []doc{{Name: "Tờ khai đăng ký giám hộ (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Văn bản cử người giám hộ", Kind: "original", Count: 1}, idPaper}},
	{Code: "1.004746", Name: "Đăng ký lại kết hôn", Sector: hoTich, Days: 5,
		TimeText: "05 ngày làm việc", Fee: 15000, FeeText: "15.000 đ/trường hợp (mức của xã)",
		Legal: luatHoTich, Result: "Giấy chứng nhận kết hôn (đăng ký lại)", Online: "partial",
		Docs: []doc{{Name: "Tờ khai đăng ký lại kết hôn (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Bản sao giấy chứng nhận kết hôn cũ (nếu có)", Kind: "copy", Count: 1}, idPaper}},
	{Code: "2.000635", Name: "Cấp bản sao Trích lục hộ tịch", Sector: hoTich, SameDay: true,
		TimeText: "Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo", Fee: 8000, FeeText: "8.000 đ/bản sao",
		Legal: luatHoTich, Result: "Bản sao trích lục hộ tịch", Online: "full",
		Docs: []doc{{Name: "Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)", Kind: "original", Count: 1}, idPaper}},
	{Code: "2.000908", Name: "Cấp bản sao từ sổ gốc", Sector: chungThuc, SameDay: true,
		TimeText: "Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo", FeeText: "Miễn phí",
		Legal: luatChungThuc, Result: "Bản sao từ sổ gốc", Online: "none",
		Docs: []doc{{Name: "Đơn đề nghị cấp bản sao từ sổ gốc", Kind: "original", Count: 1}, idPaper}},
	{Code: "2.000815", Name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản", Sector: chungThuc, SameDay: true,
		TimeText: "Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo; tối đa 02 ngày làm việc với số lượng lớn",
		Fee:      2000, FeeText: "2.000 đ/trang cho trang 1–2; 1.000 đ/trang từ trang thứ 3; tối đa 200.000 đ/bản",
		Legal: luatChungThuc, Result: "Bản sao được chứng thực từ bản chính", Online: "none", Alt: []office.AltLimit{{Days: 2, Condition: "Yêu cầu chứng thực với số lượng lớn"}},
		Docs: []doc{{Name: "Bản chính giấy tờ, văn bản cần chứng thực", Kind: "presented", Count: 1},
			{Name: "Bản sao cần chứng thực", Kind: "copy", Count: 1}}},
	{Code: "2.000884", Name: "Chứng thực chữ ký trong các giấy tờ, văn bản", Sector: chungThuc, SameDay: true,
		TimeText: "Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo", Fee: 10000, FeeText: "10.000 đ/trường hợp",
		Legal: luatChungThuc, Result: "Giấy tờ, văn bản được chứng thực chữ ký", Online: "none",
		Docs: []doc{{Name: "Giấy tờ, văn bản cần chứng thực chữ ký", Kind: "original", Count: 1}, idPaper}},
	{Code: "2.000913", Name: "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", Sector: chungThuc, Days: 2,
		TimeText: "02 ngày làm việc", Fee: 30000, FeeText: "30.000 đ/hợp đồng, giao dịch",
		Legal: luatChungThuc, Result: "Hợp đồng, giao dịch sửa đổi, bổ sung, hủy bỏ được chứng thực", Online: "none",
		Docs: []doc{{Name: "Dự thảo hợp đồng, giao dịch sửa đổi, bổ sung, hủy bỏ", Kind: "original", Count: 1},
			{Name: "Hợp đồng, giao dịch đã được chứng thực", Kind: "original", Count: 1}, idPaper}},
	{Code: "2.000927", Name: "Sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực", Sector: chungThuc, Days: 2,
		TimeText: "02 ngày làm việc", Fee: 25000, FeeText: "25.000 đ/hợp đồng, giao dịch",
		Legal: luatChungThuc, Result: "Hợp đồng, giao dịch đã sửa lỗi sai sót", Online: "none",
		Docs: []doc{{Name: "Hợp đồng, giao dịch đã được chứng thực có sai sót", Kind: "original", Count: 1}, idPaper}},
	{Code: "2.001406", Name: "Chứng thực văn bản thỏa thuận phân chia di sản", Sector: chungThuc, Days: 2,
		TimeText: "02 ngày làm việc", Fee: 50000, FeeText: "50.000 đ/văn bản",
		Legal: luatChungThuc, Result: "Văn bản thỏa thuận phân chia di sản được chứng thực", Online: "none",
		Docs: []doc{{Name: "Dự thảo văn bản thỏa thuận phân chia di sản", Kind: "original", Count: 1},
			{Name: "Giấy chứng tử của người để lại di sản", Kind: "certified_copy", Count: 1},
			{Name: "Giấy tờ chứng minh quyền sở hữu, sử dụng tài sản", Kind: "certified_copy", Count: 1}, idPaper}},
	{Code: "1.001612", Name: "Đăng ký thành lập hộ kinh doanh", Sector: kinhDoanh, Days: 3,
		TimeText: "03 ngày làm việc", Fee: 100000, FeeText: "100.000 đ/lần",
		Legal: "Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp; Thông tư hướng dẫn của Bộ Tài chính.", Result: "Giấy chứng nhận đăng ký hộ kinh doanh", Online: "full",
		Docs: []doc{{Name: "Giấy đề nghị đăng ký hộ kinh doanh (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Biên bản họp thành viên hộ gia đình (nếu có)", Kind: "copy", Count: 1}, idPaper}},
	{Code: "1.011607", Name: "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", Sector: giamNgheo, Days: 15,
		TimeText: "15 ngày làm việc", FeeText: "Không thu phí",
		Legal: "Nghị định 07/2021/NĐ-CP; Quyết định 24/2021/QĐ-TTg.", Result: "Quyết định công nhận và Giấy chứng nhận hộ nghèo, hộ cận nghèo", Online: "partial",
		Docs: []doc{{Name: "Giấy đề nghị xét duyệt hộ nghèo, hộ cận nghèo (theo mẫu)", Kind: "original", Count: 1}}},
	{Code: "1.001699", Name: "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", Sector: baoTro, Days: 20,
		TimeText: "20 ngày làm việc", FeeText: "Không thu phí",
		Legal: "Luật Người khuyết tật 2010; Thông tư 01/2019/TT-BLĐTBXH.", Result: "Giấy xác nhận khuyết tật", Online: "partial",
		Docs: []doc{{Name: "Đơn đề nghị xác định mức độ khuyết tật (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Giấy tờ liên quan đến tình trạng khuyết tật (nếu có)", Kind: "copy", Count: 1}}},
	{Code: "1.001776", Name: "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", Sector: baoTro, Days: 10,
		TimeText: "10 ngày làm việc", FeeText: "Không thu phí",
		Legal: "Nghị định 20/2021/NĐ-CP; Nghị định 76/2024/NĐ-CP.", Result: "Quyết định trợ cấp xã hội hằng tháng", Online: "partial",
		Docs: []doc{{Name: "Tờ khai đề nghị trợ giúp xã hội (theo mẫu)", Kind: "original", Count: 1},
			{Name: "Giấy xác nhận khuyết tật hoặc giấy tờ chứng minh đối tượng", Kind: "copy", Count: 1}}},
	{Code: "1.002211", Name: "Công nhận hòa giải viên", Sector: hoaGiai, Days: 3,
		TimeText: "03 ngày làm việc", FeeText: "Không thu phí",
		Legal: "Luật Hòa giải ở cơ sở 2013; Nghị định 15/2014/NĐ-CP.", Result: "Quyết định công nhận hòa giải viên", Online: "none",
		Docs: []doc{{Name: "Biên bản bầu hòa giải viên của trưởng thôn", Kind: "original", Count: 1},
			{Name: "Văn bản đề nghị công nhận hòa giải viên", Kind: "original", Count: 1}}},
	{Code: "2.000950", Name: "Công nhận tổ trưởng tổ hòa giải", Sector: hoaGiai, Days: 3,
		TimeText: "03 ngày làm việc", FeeText: "Không thu phí",
		Legal: "Luật Hòa giải ở cơ sở 2013; Nghị định 15/2014/NĐ-CP.", Result: "Quyết định công nhận tổ trưởng tổ hòa giải", Online: "none",
		Docs: []doc{{Name: "Biên bản bầu tổ trưởng tổ hòa giải", Kind: "original", Count: 1},
			{Name: "Văn bản đề nghị công nhận tổ trưởng tổ hòa giải", Kind: "original", Count: 1}}},
}

func (p procedure) steps() []string {
	if len(p.Steps) > 0 {
		return p.Steps
	}
	if p.SameDay {
		return sameDaySteps
	}
	return ordinarySteps
}
