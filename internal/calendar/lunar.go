package calendar

import "math"

// Lunar dates follow Hồ Ngọc Đức's algorithm ("Thuật toán tính âm lịch"),
// the one behind Vietnamese printed calendars: new moons and solar terms from
// Jean Meeus' formulas, with the day boundary taken at UTC+7. The time zone
// matters: in 2030 the new moon falls just after midnight in Beijing but before
// midnight in Hanoi, so Tết is 2 February in Vietnam and 3 February in China.

// lunarTimeZone is the offset, in hours, used for lunar months (UTC+7).
const lunarTimeZone = 7.0

// synodicMonth is the mean length of a lunation, in days.
const synodicMonth = 29.530588853

// LunarDate is a date of the Vietnamese lunar calendar (âm lịch). Leap is true
// in a leap month (tháng nhuận), which repeats the number of the month before.
type LunarDate struct {
	Day, Month, Year int
	Leap             bool
}

// jdFromDate is the Julian day number of a Gregorian date.
func jdFromDate(dd, mm, yy int) int {
	a := (14 - mm) / 12
	y := yy + 4800 - a
	m := mm + 12*a - 3
	return dd + (153*m+2)/5 + 365*y + y/4 - y/100 + y/400 - 32045
}

// jdToDate is the Gregorian date of a Julian day number.
func jdToDate(jd int) Date {
	a := jd + 32044
	b := (4*a + 3) / 146097
	c := a - b*146097/4
	d := (4*c + 3) / 1461
	e := c - 1461*d/4
	m := (5*e + 2) / 153
	day := e - (153*m+2)/5 + 1
	month := m + 3 - 12*(m/10)
	year := b*100 + d - 4800 + m/10
	return Date{year, monthOf(month), day}
}

func floor(x float64) int { return int(math.Floor(x)) }

// newMoon is the Julian date (fractional, UT) of the k-th new moon after 1 January 1900.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2 := t * t
	t3 := t2 * t
	dr := math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3
	// Written term by term as in the reference implementation: the signs alternate.
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 = c1 - 0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c1 = c1 - 0.0004*math.Sin(dr*3*mpr)
	c1 = c1 + 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 = c1 - 0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c1 = c1 - 0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c1 = c1 + 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// newMoonDay is the local (UTC+7) Julian day number of the k-th new moon.
func newMoonDay(k int) int {
	return floor(newMoon(k) + 0.5 + lunarTimeZone/24)
}

// sunLongitude is the sun's apparent longitude, in radians in [0, 2π), at Julian date jdn.
func sunLongitude(jdn float64) float64 {
	t := (jdn - 2451545.0) / 36525
	t2 := t * t
	dr := math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// sunSector is which of the 12 major solar terms (0..11, 30° each) the sun is
// in at the start of local day dayNumber.
func sunSector(dayNumber int) int {
	return floor(sunLongitude(float64(dayNumber)-0.5-lunarTimeZone/24) / math.Pi * 6)
}

// lunarMonth11 is the Julian day number of the start of lunar month 11 (the
// month holding the winter solstice) of Gregorian year yy.
func lunarMonth11(yy int) int {
	off := jdFromDate(31, 12, yy) - 2415021
	k := floor(float64(off) / synodicMonth)
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset is the position, counted from month 11 starting at a11, of
// the first month without a major solar term: the leap month of a 13-month year.
func leapMonthOffset(a11 int) int {
	k := floor((float64(a11)-2415021.076998695)/synodicMonth + 0.5)
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar converts a Gregorian date to the Vietnamese lunar calendar.
func SolarToLunar(d Date) LunarDate {
	dayNumber := jdFromDate(d.Day, int(d.Month), d.Year)
	k := floor((float64(dayNumber) - 2415021.076998695) / synodicMonth)
	monthStart := newMoonDay(k + 1)
	if monthStart > dayNumber {
		monthStart = newMoonDay(k)
	}
	a11 := lunarMonth11(d.Year)
	b11 := a11
	var lunarYear int
	if a11 >= monthStart {
		lunarYear = d.Year
		a11 = lunarMonth11(d.Year - 1)
	} else {
		lunarYear = d.Year + 1
		b11 = lunarMonth11(d.Year + 1)
	}
	lunarDay := dayNumber - monthStart + 1
	diff := floor(float64(monthStart-a11) / 29)
	leap := false
	lunarMonth := diff + 11
	if b11-a11 > 365 {
		leapDiff := leapMonthOffset(a11)
		if diff >= leapDiff {
			lunarMonth = diff + 10
			if diff == leapDiff {
				leap = true
			}
		}
	}
	if lunarMonth > 12 {
		lunarMonth -= 12
	}
	if lunarMonth >= 11 && diff < 4 {
		lunarYear--
	}
	return LunarDate{Day: lunarDay, Month: lunarMonth, Year: lunarYear, Leap: leap}
}

// LunarToSolar converts a lunar date to the Gregorian calendar. It reports
// false when the lunar date does not exist: a leap month the year does not
// have, day 30 of a 29-day month, or fields out of range.
func LunarToSolar(l LunarDate) (Date, bool) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return Date{}, false
	}
	var a11, b11 int
	if l.Month < 11 {
		a11 = lunarMonth11(l.Year - 1)
		b11 = lunarMonth11(l.Year)
	} else {
		a11 = lunarMonth11(l.Year)
		b11 = lunarMonth11(l.Year + 1)
	}
	k := floor(0.5 + (float64(a11)-2415021.076998695)/synodicMonth)
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return Date{}, false
		}
		if l.Leap || off >= leapOff {
			off++
		}
	} else if l.Leap {
		return Date{}, false
	}
	monthStart := newMoonDay(k + off)
	if l.Day > newMoonDay(k+off+1)-monthStart {
		return Date{}, false
	}
	return jdToDate(monthStart + l.Day - 1), true
}

// LeapMonth is the leap month (tháng nhuận) of lunar year y, 0 when it has none.
func LeapMonth(y int) int {
	a11 := lunarMonth11(y - 1)
	b11 := lunarMonth11(y)
	if b11-a11 <= 365 {
		return 0
	}
	m := leapMonthOffset(a11) - 2
	if m <= 0 {
		m += 12
	}
	return m
}

// String writes the lunar date as "dd/mm/yyyy ÂL", with "nhuận" after a leap month.
func (l LunarDate) String() string {
	s := itoa2(l.Day) + "/" + itoa2(l.Month)
	if l.Leap {
		s += " nhuận"
	}
	return s + "/" + itoa(l.Year) + " ÂL"
}
