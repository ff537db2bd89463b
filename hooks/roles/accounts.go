// Staff accounts (tài khoản cán bộ): PocketBase superusers with a Motcua
// role, created by the CLI and by the demo loader.

package roles

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/access"
)

// MinPasswordLength is the shortest password a staff account may have.
const MinPasswordLength = 10

// AddStaff creates a staff account. Errors are sentences a clerk or IT officer can
// act on: unknown role, weak password, existing email.
func AddStaff(app core.App, email, password, role, name string) (*core.Record, error) {
	email = strings.TrimSpace(strings.ToLower(email))
	if !access.IsRole(role) {
		return nil, fmt.Errorf("vai trò %q không hợp lệ: chọn một trong %s", role, strings.Join(access.Roles, ", "))
	}
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	if _, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, email); err == nil {
		return nil, fmt.Errorf("email %s đã có tài khoản", email)
	}
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, fmt.Errorf("find staff collection: %w", err)
	}
	rec := core.NewRecord(col)
	rec.SetEmail(email)
	rec.SetPassword(password)
	rec.Set("role", role)
	rec.Set("name", strings.TrimSpace(name))
	if err := app.Save(rec); err != nil {
		return nil, fmt.Errorf("không tạo được tài khoản %s: %w", email, err)
	}
	return rec, nil
}

// CheckPassword refuses passwords that are short or made of one kind of
// character only. Its errors are sentences: the admin UI shows them under
// the password field (hooks/staff.go applies the rule to every save).
func CheckPassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return fmt.Errorf("Mật khẩu quá ngắn: cần ít nhất %d ký tự.", MinPasswordLength)
	}
	var letter, other bool
	for _, r := range p {
		if unicode.IsLetter(r) {
			letter = true
		} else {
			other = true
		}
	}
	if !letter || !other {
		return errors.New("Mật khẩu quá yếu: cần có cả chữ cái và chữ số hoặc ký hiệu.")
	}
	return nil
}
