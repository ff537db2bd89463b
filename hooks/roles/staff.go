package roles

import (
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"motcua/hooks/kit"
	"motcua/internal/access"
)

// RegisterStaff keeps the staff accounts (`_superusers`, cán bộ) sound: the
// first account is the admin, every later one has a role, a member who is not
// the admin may change only their own name and password, and the office never
// loses its last admin.
func RegisterStaff(app core.App) {
	app.OnRecordCreate(core.CollectionNameSuperusers).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("role") == "" {
			n, err := countStaff(e.App, e.Record.Id)
			if err != nil {
				return err
			}
			if n > 0 {
				return validation.Errors{"role": validation.NewError("validation_role_required",
					"Chưa chọn vai trò cho tài khoản cán bộ (admin, leader, specialist, receptionist, inspector).")}
			}
			// The first account, made by PocketBase's installer or its
			// `superuser` command, belongs to the IT officer.
			e.Record.Set("role", access.Admin)
		}
		return e.Next()
	})

	// The password rule of `motcua staff add` holds for every way a password
	// is set: the admin UI, the API, the installer, PocketBase's commands.
	app.OnRecordValidate(core.CollectionNameSuperusers).BindFunc(func(e *core.RecordEvent) error {
		if v, ok := e.Record.GetRaw("password").(*core.PasswordFieldValue); ok && v != nil && v.Plain != "" {
			if err := CheckPassword(v.Plain); err != nil {
				return kit.BadField("password", err.Error())
			}
		}
		return e.Next()
	})

	app.OnRecordUpdate(core.CollectionNameSuperusers).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.Original().GetString("role") == access.Admin && e.Record.GetString("role") != access.Admin {
			if err := requireAnotherAdmin(e.App, e.Record.Id); err != nil {
				return err
			}
		}
		return e.Next()
	})
	app.OnRecordDelete(core.CollectionNameSuperusers).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("role") == access.Admin {
			if err := requireAnotherAdmin(e.App, e.Record.Id); err != nil {
				return err
			}
		}
		return e.Next()
	})

	app.OnRecordUpdateRequest(core.CollectionNameSuperusers).BindFunc(func(e *core.RecordRequestEvent) error {
		if _, limited := kit.LimitedRole(e.RequestEvent); !limited {
			return e.Next()
		}
		if e.Auth.Id != e.Record.Id {
			return e.ForbiddenError("Chỉ quản trị được sửa tài khoản của cán bộ khác.", nil)
		}
		for _, f := range kit.ChangedFields(e.Record, e.Record.Original()) {
			switch f {
			case "name", "password", "tokenKey", "updated":
			default:
				return e.ForbiddenError("Cán bộ chỉ được đổi họ tên và mật khẩu của mình; trường \""+f+"\" do quản trị thay đổi.",
					validation.Errors{f: validation.NewError("validation_forbidden_field", "Không được tự thay đổi.")})
			}
		}
		return e.Next()
	})
}

// countStaff counts the staff accounts other than except, leaving out
// PocketBase's temporary installer account.
func countStaff(app core.App, except string) (int64, error) {
	var n int64
	err := app.DB().Select("count(*)").From(core.CollectionNameSuperusers).
		Where(dbx.NotIn("id", except)).AndWhere(dbx.NotIn("email", core.DefaultInstallerEmail)).Row(&n)
	return n, err
}

func requireAnotherAdmin(app core.App, except string) error {
	var n int64
	err := app.DB().Select("count(*)").From(core.CollectionNameSuperusers).
		Where(dbx.HashExp{"role": access.Admin}).AndWhere(dbx.NotIn("id", except)).Row(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return kit.BadField("role", "Không thể bỏ quản trị viên cuối cùng: hãy tạo một tài khoản quản trị khác trước.")
	}
	return nil
}
