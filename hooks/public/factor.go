package public

import (
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	migrations "motcua/pb_migrations"
)

// The second factor of the guest routes (yếu tố xác minh thứ hai): the dossier
// code is printed on the receipt and follows a public, sequential rule, so it
// proves nothing; the last four digits of the phone given at receipt (printed
// on the same receipt, form 01) are what the rating and the detailed look-up
// ask for besides. Four digits are 10,000 guesses, so every guess is counted
// per dossier code, whoever sends it and from wherever, in a table that
// survives restarts: after factorMaxFailures wrong answers the code is
// locked for factorLockFor, and each wrong answer after that locks it again
// at once, until a day passes without one. A right answer forgets the count.
//
// A guess is counted before it is checked, in one statement on the single
// write connection, so that parallel guesses cannot slip past the lock; codes
// of no dossier are counted the same way, so that neither the answers nor the
// lock tell a guest whether a dossier exists.
const (
	factorMaxFailures = 5
	factorLockFor     = time.Hour
	factorMemory      = 24 * time.Hour
)

// factorResult is what a guess of the second factor came to.
type factorResult int

const (
	factorWrong factorResult = iota
	factorRight
	factorLocked
)

// factorMismatchMessage is the one answer to a wrong guess and to a code of
// no dossier alike.
const factorMismatchMessage = "Mã hồ sơ và 4 số cuối điện thoại không khớp với thông tin khi nộp hồ sơ."

// factorAttemptSQL counts one guess of code unless it is locked, and locks
// it when this guess reaches the limit (a right guess unlocks it again). In an
// upsert's SET every expression reads the row as it was.
var factorAttemptSQL = `INSERT INTO ` + migrations.GuestFactorFailuresTable + ` (code, failures, last_at, locked_until)
	VALUES ({:code}, 1, {:now}, CASE WHEN 1 >= {:max} THEN {:until} ELSE 0 END)
	ON CONFLICT (code) DO UPDATE SET
		failures = CASE WHEN last_at < {:stale} THEN 1 ELSE failures + 1 END,
		locked_until = CASE WHEN (CASE WHEN last_at < {:stale} THEN 1 ELSE failures + 1 END) >= {:max} THEN {:until} ELSE 0 END,
		last_at = {:now}
	WHERE locked_until <= {:now}
	RETURNING failures`

// checkPhoneFactor counts a guess of the last four digits of the phone of the
// dossier with code (storedPhone is its applicant_phone, "" when there is no
// such dossier or it has no phone) and says whether it was right; when the
// code is locked it also says for how long.
func (p *site) checkPhoneFactor(app core.App, code, storedPhone, last4 string, now time.Time) (factorResult, time.Duration, error) {
	p.sweepFactorFailures(app, now)
	var failures int
	err := app.DB().NewQuery(factorAttemptSQL).Bind(dbx.Params{
		"code": code, "now": now.UnixMilli(), "max": factorMaxFailures,
		"until": now.Add(factorLockFor).UnixMilli(), "stale": now.Add(-factorMemory).UnixMilli(),
	}).Row(&failures)
	if errors.Is(err, sql.ErrNoRows) {
		var until int64
		if err := app.DB().NewQuery(`SELECT locked_until FROM ` + migrations.GuestFactorFailuresTable + ` WHERE code = {:code}`).
			Bind(dbx.Params{"code": code}).Row(&until); err != nil {
			return factorLocked, factorLockFor, err
		}
		return factorLocked, time.UnixMilli(until).Sub(now), nil
	}
	if err != nil {
		return factorWrong, 0, fmt.Errorf("count the guess of dossier %s: %w", code, err)
	}
	want := phoneLast4(storedPhone)
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(last4)) != 1 {
		return factorWrong, 0, nil
	}
	_, err = app.DB().NewQuery(`DELETE FROM ` + migrations.GuestFactorFailuresTable + ` WHERE code = {:code}`).
		Bind(dbx.Params{"code": code}).Execute()
	return factorRight, 0, err
}

// sweepFactorFailures forgets, at most once a minute, the codes nobody has
// guessed for a day, so that guesses at random codes leave nothing behind.
func (p *site) sweepFactorFailures(app core.App, now time.Time) {
	last := p.factorSweep.Load()
	if now.UnixMilli()-last < time.Minute.Milliseconds() || !p.factorSweep.CompareAndSwap(last, now.UnixMilli()) {
		return
	}
	_, err := app.DB().NewQuery(`DELETE FROM ` + migrations.GuestFactorFailuresTable +
		` WHERE last_at < {:stale} AND locked_until < {:now}`).
		Bind(dbx.Params{"stale": now.Add(-factorMemory).UnixMilli(), "now": now.UnixMilli()}).Execute()
	if err != nil {
		app.Logger().Warn("public: cannot forget old guesses of dossier codes", "error", err)
	}
}

// factorRefusal is the answer to a guess that was not right: the same for
// every code, known or not.
func factorRefusal(e *core.RequestEvent, result factorResult, wait time.Duration) error {
	if result == factorLocked {
		e.Response.Header().Set("Retry-After", itoaSeconds(wait))
		minutes := max(int(wait.Minutes()+0.999), 1)
		return e.TooManyRequestsError(fmt.Sprintf("Mã hồ sơ này đang tạm khóa vì 4 số cuối điện thoại bị nhập sai nhiều lần. "+
			"Vui lòng thử lại sau %d phút hoặc liên hệ Trung tâm Phục vụ hành chính công để được hỗ trợ.", minutes), nil)
	}
	return e.Error(http.StatusForbidden, factorMismatchMessage, nil)
}
