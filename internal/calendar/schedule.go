package calendar

import (
	"fmt"
	"slices"
)

// Holiday names, in Vietnamese and English.
const (
	nameNewYear     = "Tết Dương lịch"
	nameTet         = "Tết Nguyên đán"
	nameHungKings   = "Giỗ Tổ Hùng Vương"
	nameReunify     = "Ngày Chiến thắng"
	nameLabour      = "Ngày Quốc tế Lao động"
	nameNational    = "Quốc khánh"
	nameCulture     = "Ngày Văn hóa Việt Nam"
	nameNewYearEN   = "New Year's Day"
	nameTetEN       = "Lunar New Year (Tết)"
	nameHungKingsEN = "Hung Kings' Commemoration Day"
	nameReunifyEN   = "Reunification Day"
	nameLabourEN    = "International Labour Day"
	nameNationalEN  = "National Day"
	nameCultureEN   = "Vietnam Culture Day"
	noteCultureDay  = "Đề xuất bổ sung vào danh mục ngày nghỉ hưởng nguyên lương, chưa được ban hành: không tính là ngày nghỉ cho đến khi quản trị xác nhận (đổi loại thành \"holiday\") theo văn bản chính thức"
	noteProvisional = "Dự kiến theo Bộ luật Lao động 2019, Điều 111–112; chưa có thông báo chính thức"
	// noteFixed: days the Labour Code itself fixes (Art. 112(1)(a), (c), (d),
	// (đ)): no announcement can move them, so they are not provisional.
	noteFixed        = "Bộ luật Lao động 2019, Điều 112 khoản 1: ngày nghỉ lễ cố định"
	cultureDayOnward = 2026
)

func holiday(s, name, nameEN string, official bool, note string) Entry {
	return Entry{Date: MustDate(s), Kind: KindHoliday, Name: name, NameEN: nameEN, Official: official, Note: note}
}

// proposedCultureDay is 24 November of year, Ngày Văn hóa Việt Nam: proposed
// as a paid day off but not enacted, so shipped as a proposed entry that
// counts only once the IT officer confirms it.
func proposedCultureDay(year int) Entry {
	return Entry{Date: Date{year, 11, 24}, Kind: KindProposed, Name: nameCulture + " (đề xuất, chưa tính là ngày nghỉ)",
		NameEN: nameCultureEN + " (proposed, not a day off)", Note: noteCultureDay}
}

// Official2026 is the 2026 schedule of Ministry of Home Affairs notice
// 9441/TB-BNV for state agencies. Tết weekends (14, 15, 21, 22 February) are
// not entries, being weekends anyway. 24 November, Ngày Văn hóa Việt Nam, is
// only proposed: it is shipped as a KindProposed entry, not a day off, for
// the IT officer to confirm (kind "holiday") once enacted, or delete.
func Official2026() []Entry {
	const src = "Thông báo 9441/TB-BNV"
	out := []Entry{holiday("2026-01-01", nameNewYear, nameNewYearEN, true, src)}
	for d := 16; d <= 20; d++ {
		out = append(out, holiday(fmt.Sprintf("2026-02-%02d", d), nameTet, nameTetEN, true, src))
	}
	out = append(out,
		holiday("2026-04-26", nameHungKings, nameHungKingsEN, true, src+"; rơi vào Chủ nhật"),
		Entry{Date: MustDate("2026-04-27"), Kind: KindSubstitute, Name: "Nghỉ bù " + nameHungKings,
			NameEN: "substitute day off for " + nameHungKingsEN, Official: true, Note: src},
		holiday("2026-04-30", nameReunify, nameReunifyEN, true, src),
		holiday("2026-05-01", nameLabour, nameLabourEN, true, src),
		Entry{Date: MustDate("2026-08-22"), Kind: KindMakeup, Name: "Làm bù cho ngày 31/8",
			NameEN: "make-up working day for 31 August", Official: true, Note: src},
		holiday("2026-08-31", nameNational+" (nghỉ hoán đổi, làm bù thứ Bảy 22/8)",
			nameNationalEN+" (swapped day off, worked on Saturday 22 August)", true, src),
		holiday("2026-09-01", nameNational, nameNationalEN, true, src),
		holiday("2026-09-02", nameNational, nameNationalEN, true, src),
		proposedCultureDay(2026),
	)
	return out
}

// Official2025 is the 2025 schedule as announced: Tết Ất Tỵ off Monday 27 –
// Friday 31 January (Government Office letter 8726/VPCP-KGVX of 26 November
// 2024, then the Ministry of Labour's notice of 3 December 2024); Giỗ Tổ on
// Monday 7 April; 30 April and 1 May (Wednesday, Thursday) with Friday 2 May
// off, swapped for Saturday 26 April; Quốc khánh Monday 1 and Tuesday 2
// September (Ministry of Home Affairs). 1 January fell on a Wednesday.
func Official2025() []Entry {
	const (
		srcTet   = "Văn bản 8726/VPCP-KGVX ngày 26/11/2024; thông báo của Bộ LĐTBXH ngày 03/12/2024"
		srcLabor = "Thông báo của Bộ LĐTBXH ngày 03/12/2024 (hoán đổi ngày làm việc 2/5 sang thứ Bảy 26/4)"
		srcNat   = "Thông báo của Bộ Nội vụ (8/2025): nghỉ từ 30/8 đến hết 2/9/2025"
		srcLaw   = "Bộ luật Lao động 2019, Điều 112; rơi vào ngày làm việc"
	)
	out := []Entry{holiday("2025-01-01", nameNewYear, nameNewYearEN, true, srcLaw)}
	for d := 27; d <= 31; d++ {
		out = append(out, holiday(fmt.Sprintf("2025-01-%02d", d), nameTet, nameTetEN, true, srcTet))
	}
	out = append(out,
		holiday("2025-04-07", nameHungKings, nameHungKingsEN, true, "Cổng TTĐT Chính phủ: nghỉ từ 5/4 đến hết 7/4/2025"),
		Entry{Date: MustDate("2025-04-26"), Kind: KindMakeup, Name: "Làm bù cho ngày 2/5",
			NameEN: "make-up working day for 2 May", Official: true, Note: srcLabor},
		holiday("2025-04-30", nameReunify, nameReunifyEN, true, srcLabor),
		holiday("2025-05-01", nameLabour, nameLabourEN, true, srcLabor),
		holiday("2025-05-02", "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4)",
			"swapped day off for 30 April – 1 May (worked on Saturday 26 April)", true, srcLabor),
		holiday("2025-09-01", nameNational, nameNationalEN, true, srcNat),
		holiday("2025-09-02", nameNational, nameNationalEN, true, srcNat),
	)
	return out
}

// ProvisionalYear generates a year's days off by rule, all with Official
// false, for years the government has not announced yet:
//
//   - 1 January (Tết Dương lịch), fixed by the Labour Code (Official true);
//   - Tết Nguyên đán, 5 days (Labour Code 2019, Art. 112(1)(b)): the last day
//     of the old lunar year and days 1–4 of lunar month 1. This is the shape
//     of most recent schedules (2026 exactly) and keeps the first three days
//     of the new year, which no schedule ever moved;
//   - Giỗ Tổ Hùng Vương, 10/3 lunar;
//   - 30 April and 1 May, fixed by the Labour Code (Official true);
//   - Quốc khánh, 2 September (fixed, Official true) plus an adjacent day
//     (provisional): 3 September when 2
//     September falls on a Sunday, Monday or Thursday (so the break joins the
//     weekend or a Sunday holiday is followed by its neighbour), otherwise 1
//     September;
//   - 24 November (Ngày Văn hóa Việt Nam) from 2026 on, as a proposed entry
//     that is not a day off (KindProposed);
//   - for each holiday on a Saturday or Sunday, a substitute day off (nghỉ bù)
//     on the next Monday–Friday that is neither a holiday nor another
//     substitute day (Art. 111(3)), in date order.
//
// No make-up Saturdays are generated: those are a government decision.
func ProvisionalYear(year int) []Entry {
	var hs []Entry
	add := func(d Date, name, nameEN string) {
		hs = append(hs, Entry{Date: d, Kind: KindHoliday, Name: name, NameEN: nameEN, Note: noteProvisional})
	}
	fixed := func(d Date, name, nameEN string) {
		hs = append(hs, Entry{Date: d, Kind: KindHoliday, Name: name, NameEN: nameEN, Official: true, Note: noteFixed})
	}
	fixed(Date{year, 1, 1}, nameNewYear, nameNewYearEN)
	if tet, ok := LunarToSolar(LunarDate{Day: 1, Month: 1, Year: year}); ok {
		for i := -1; i <= 3; i++ {
			add(tet.AddDays(i), nameTet, nameTetEN)
		}
	}
	if d, ok := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: year}); ok {
		add(d, nameHungKings, nameHungKingsEN)
	}
	fixed(Date{year, 4, 30}, nameReunify, nameReunifyEN)
	fixed(Date{year, 5, 1}, nameLabour, nameLabourEN)
	national := Date{year, 9, 2}
	adjacent := national.AddDays(-1)
	switch national.Weekday() {
	case 0, 1, 4: // Sunday, Monday, Thursday
		adjacent = national.AddDays(1)
	}
	fixed(national, nameNational, nameNationalEN)
	add(adjacent, nameNational, nameNationalEN)
	if year >= cultureDayOnward {
		hs = append(hs, proposedCultureDay(year))
	}
	slices.SortStableFunc(hs, func(a, b Entry) int { return a.Date.Compare(b.Date) })

	taken := map[Date]bool{}
	for _, h := range hs {
		taken[h.Date] = true
	}
	out := slices.Clone(hs)
	for _, h := range hs {
		if !h.DayOff() || !isWeekend(h.Date.Weekday()) {
			continue
		}
		d := h.Date.AddDays(1)
		for isWeekend(d.Weekday()) || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		out = append(out, Entry{
			Date: d, Kind: KindSubstitute,
			Name:   "Nghỉ bù " + h.Name + " (" + h.Date.VN()[:5] + ")",
			NameEN: "substitute day off for " + h.NameEN + " (" + h.Date.VN()[:5] + ")",
			Note:   noteProvisional,
		})
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return a.Date.Compare(b.Date) })
	return out
}
