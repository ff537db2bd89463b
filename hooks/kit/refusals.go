package kit

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/internal/lifecycle"
)

// The one way a rule says no. A model hook's error reaches the person as the
// API's answer only when it is a *router.ApiError: PocketBase's record
// routes answer any other error with their generic English "Failed to create
// record." (apis/record_helpers.go firstApiError), and a plain errors.New or a
// bare validation.Errors loses the rule's Vietnamese sentence. So every
// Refusal of a rule is built here: a 400 with the sentence as its message and,
// when one field is at fault, that field in `data`.

// Refusal is a 400 whose message is msg, naming no field.
func Refusal(msg string) error {
	return router.NewBadRequestError(msg, nil)
}

// BadField is a 400 whose message is msg, naming field.
func BadField(field, msg string) error {
	return router.NewBadRequestError(msg, validation.Errors{field: validation.NewError("validation_motcua_"+field, msg)})
}

// FieldError turns a lifecycle error into a 400 naming the field; any other
// error is returned as it is.
func FieldError(err error) error {
	var fe *lifecycle.FieldError
	if errors.As(err, &fe) {
		return BadField(fe.Field, fe.Message)
	}
	return err
}
