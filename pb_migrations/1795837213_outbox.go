package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// OutboxID is the id of `outbox`, the messages to citizens (hooks/notify).
const OutboxID = "mc_outbox"

// Notifications to citizens (issue 18): the citizen's consent, recorded at
// intake, and the outbox. An outbox row is written in the transaction of the
// step that causes it and sent after commit by the worker (hooks/notify); its
// id is the message's idempotency key. No API rule: staff are superusers, and
// the role table (internal/access) lets them read it; nobody writes it
// through the API.
func init() {
	m.Register(func(app core.App) error {
		d, err := app.FindCollectionByNameOrId(DossiersID)
		if err != nil {
			return err
		}
		d.Fields.Add(&core.BoolField{Name: "notify_consent",
			Help: "Người nộp đồng ý nhận thông báo về hồ sơ qua điện thoại (SMS) và thư điện tử đã khai"})
		if err := app.Save(d); err != nil {
			return err
		}
		c := core.NewBaseCollection("outbox", OutboxID)
		c.Fields.Add(
			&core.RelationField{Name: "dossier", CollectionId: DossiersID, MaxSelect: 1, Required: true},
			&core.RelationField{Name: "event", CollectionId: EventsID, MaxSelect: 1,
				Help: "Bước xử lý gây ra thông báo"},
			&core.TextField{Name: "step", Max: 40, Help: "Loại thông báo: received, supplement, payment, apology, decided, stopped, returned"},
			&core.SelectField{Name: "channel", Required: true, MaxSelect: 1, Values: []string{"email", "sms"}},
			&core.TextField{Name: "to", Required: true, Max: 255, Help: "Thư điện tử hoặc số điện thoại người nộp đã khai"},
			&core.TextField{Name: "subject", Max: 300},
			&core.TextField{Name: "body", Required: true, Max: 5000, Presentable: true},
			&core.SelectField{Name: "state", Required: true, MaxSelect: 1, Values: []string{"queued", "sent", "failed", "given_up"}},
			&core.NumberField{Name: "attempts", OnlyInt: true, Min: types.Pointer(0.0)},
			&core.TextField{Name: "last_error", Max: 2000},
			&core.DateField{Name: "next_at", Help: "Lần gửi tiếp theo không sớm hơn"},
			&core.DateField{Name: "sent_at"},
		)
		timestamps(c)
		c.AddIndex("idx_outbox_due", false, "state, next_at", "state IN ('queued', 'failed')")
		c.AddIndex("idx_outbox_dossier", false, "dossier, created", "")
		c.AddIndex("idx_outbox_to", false, "`to`, created", "")
		c.AddIndex("idx_outbox_event", true, "event, channel", "event != ''")
		return app.Save(c)
	}, func(app core.App) error {
		if c, err := app.FindCollectionByNameOrId(OutboxID); err == nil {
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		d, err := app.FindCollectionByNameOrId(DossiersID)
		if err != nil {
			return err
		}
		d.Fields.RemoveByName("notify_consent")
		return app.Save(d)
	})
}
