package inspect

import (
	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/inspect"
)

// InputOf is the rules' input as a run with opts reads it.
func InputOf(app core.App, opts Options) (inspect.Input, error) {
	in, ind, err := prepareInspection(app, opts)
	if err != nil {
		return inspect.Input{}, err
	}
	return in.input(ind)
}
