package inspect

import (
	"fmt"
	"html"
	"strings"
)

// Bar is one bar of a chart: a label and a percentage (nil: no data), with
// the count it rests on for the tooltip.
type Bar struct {
	Label string
	Value *float64
	Note  string
}

// Chart colours: on time above the threshold, below it, no data.
const (
	colorGood  = "#2e7d32"
	colorBad   = "#c62828"
	colorNone  = "#9e9e9e"
	colorGrid  = "#d0d0d0"
	colorText  = "#222222"
	colorMuted = "#666666"
)

// ColumnChart draws vertical bars of percentages (0–100) as inline SVG, with
// a dashed line at threshold. No script, no style attribute: the page's
// content security policy allows neither.
func ColumnChart(title string, bars []Bar, threshold float64) string {
	const w, h, left, top, bottom = 640.0, 240.0, 44.0, 28.0, 44.0
	plotH := h - top - bottom
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">`,
		w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%.0f" y="16" font-size="13" font-weight="bold" fill="%s">%s</text>`, left, colorText, html.EscapeString(title))
	for _, v := range []float64{0, 25, 50, 75, 100} {
		y := top + plotH*(1-v/100)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="0.5"/>`, left, w-8, y, y, colorGrid)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="10" text-anchor="end" fill="%s">%s%%</text>`, left-4, y+3, colorMuted, FormatInt(int(v)))
	}
	if len(bars) == 0 {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="%s">Không có dữ liệu trong kỳ.</text>`, left+10, top+plotH/2, colorMuted)
	}
	slot := (w - 8 - left) / float64(max(len(bars), 1))
	bw := slot * 0.62
	for i, bar := range bars {
		x := left + slot*float64(i) + (slot-bw)/2
		label := bar.Label
		if r := []rune(label); len(r) > int(slot/6.2) && slot/6.2 > 3 {
			label = string(r[:int(slot/6.2)-1]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="10" text-anchor="middle" fill="%s">%s</text>`,
			x+bw/2, h-bottom+14, colorText, html.EscapeString(label))
		if bar.Value == nil {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="10" text-anchor="middle" fill="%s">—</text>`, x+bw/2, top+plotH-4, colorNone)
			continue
		}
		v := *bar.Value
		bh := plotH * v / 100
		color := colorGood
		if v < threshold {
			color = colorBad
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s%s</title></rect>`,
			x, top+plotH-bh, bw, bh, color, html.EscapeString(bar.Label), FormatPercent(v), html.EscapeString(bar.Note))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="%s">%s</text>`,
			x+bw/2, top+plotH-bh-3, colorText, FormatPercent(v))
		if bar.Note != "" {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="9" text-anchor="middle" fill="%s">%s</text>`,
				x+bw/2, h-bottom+27, colorMuted, html.EscapeString(bar.Note))
		}
	}
	if threshold > 0 {
		y := top + plotH*(1-threshold/100)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1" stroke-dasharray="4 3"/>`, left, w-8, y, y, colorBad)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="9" text-anchor="end" fill="%s">ngưỡng %s</text>`, w-8, y-3, colorBad, FormatPercent(threshold))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// BarChart draws horizontal bars of percentages, one row per item, for
// breakdowns whose labels are long (officers, sectors).
func BarChart(title string, bars []Bar, threshold float64) string {
	const w, left, right, row, top = 640.0, 200.0, 70.0, 22.0, 26.0
	h := top + row*float64(max(len(bars), 1)) + 22
	plotW := w - left - right
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">`,
		w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="4" y="16" font-size="13" font-weight="bold" fill="%s">%s</text>`, colorText, html.EscapeString(title))
	for _, v := range []float64{0, 50, 100} {
		x := left + plotW*v/100
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.0f" y2="%.0f" stroke="%s" stroke-width="0.5"/>`, x, x, top-4, h-18, colorGrid)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="10" text-anchor="middle" fill="%s">%s%%</text>`, x, h-6, colorMuted, FormatInt(int(v)))
	}
	if len(bars) == 0 {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="%s">Không có dữ liệu trong kỳ.</text>`, left+10, top+14, colorMuted)
	}
	for i, bar := range bars {
		y := top + row*float64(i)
		label := bar.Label
		if r := []rune(label); len(r) > 32 {
			label = string(r[:31]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="%s">%s</text>`, left-6, y+row/2+4, colorText, html.EscapeString(label))
		if bar.Value == nil {
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="10" fill="%s">— %s</text>`, left+4, y+row/2+4, colorNone, html.EscapeString(bar.Note))
			continue
		}
		v := *bar.Value
		color := colorGood
		if v < threshold {
			color = colorBad
		}
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s %s</title></rect>`,
			left, y+3, plotW*v/100, row-6, color, html.EscapeString(bar.Label), FormatPercent(v), html.EscapeString(bar.Note))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" fill="%s">%s %s</text>`,
			left+plotW*v/100+4, y+row/2+4, colorText, FormatPercent(v), html.EscapeString(bar.Note))
	}
	if threshold > 0 {
		x := left + plotW*threshold/100
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.0f" y2="%.0f" stroke="%s" stroke-width="1" stroke-dasharray="4 3"/>`, x, x, top-4, h-18, colorBad)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// OnTimeBars turns groups into bars of their on-time rate, noting the
// number of dossiers ended.
func OnTimeBars(groups []Group, limit int) []Bar {
	var out []Bar
	for _, g := range groups {
		if limit > 0 && len(out) >= limit {
			break
		}
		out = append(out, Bar{Label: g.Label, Value: g.Rates.OnTime, Note: "(" + FormatInt(g.Counts.Ended) + " hs)"})
	}
	return out
}
