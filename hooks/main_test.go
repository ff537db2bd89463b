package hooks_test

import (
	"testing"

	"motcua/internal/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }
