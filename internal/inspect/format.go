package inspect

import (
	"math"
	"strconv"
	"strings"
)

// FormatInt writes n with Vietnamese thousands separators: 40000 → "40.000".
func FormatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatNumber writes x with one decimal, Vietnamese style: 1234.5 → "1.234,5";
// a whole number has no decimal part.
func FormatNumber(x float64) string {
	x = math.Round(x*10) / 10
	whole := math.Trunc(x)
	frac := int(math.Round(math.Abs(x-whole) * 10))
	s := FormatInt(int(whole))
	if x < 0 && whole == 0 {
		s = "-0"
	}
	if frac == 0 {
		return s
	}
	return s + "," + strconv.Itoa(frac)
}

// FormatPercent writes a percentage: 92.46 → "92,5%".
func FormatPercent(x float64) string { return FormatNumber(x) + "%" }

// FormatRate writes a rate that may be missing: nil → "—".
func FormatRate(x *float64) string {
	if x == nil {
		return "—"
	}
	return FormatPercent(*x)
}
