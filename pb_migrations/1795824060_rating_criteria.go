package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The satisfaction evaluation at return asks per criterion (time against the
// legal limit, number of contacts, officials' attitude): `rating_criteria`
// keeps the answers as data, {"time": "satisfied", "attitude": ...}, beside
// the overall `rating` and the free `rating_comment`.
func init() {
	m.Register(addFields(DossiersID, &core.JSONField{Name: "rating_criteria", MaxSize: 2000,
		Help: "Đánh giá theo tiêu chí: time (thời gian), contacts (số lần liên hệ), attitude (thái độ)"}))
}
