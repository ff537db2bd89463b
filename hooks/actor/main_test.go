package actor_test

import (
	"testing"

	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }
