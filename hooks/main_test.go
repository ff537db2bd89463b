// The tests left in hooks/ (package hooks_test) are the integration tests of
// Register: each holds a rule that no one domain package owns to the whole
// register, through the real router or the real commands.
//
//   - routes_test.go: every route bound is listed in Routes, and back;
//   - security_test.go: the security issue's paths replayed across roles,
//     collections, realtime and raw SQL;
//   - faults_test.go: server faults named in Vietnamese whichever hook meets
//     them (kit's faults middleware over every route);
//   - background_test.go: no goroutine of any package outlives its app;
//   - writers_test.go: the commands beside a busy server (cmd, sqlite, audit);
//   - queryplan_test.go: every hot query of every domain walks an index;
//   - request_logs_test.go: the request log's settings over the migrations;
//   - inspect*_test.go: the self-inspection over the whole office's data
//     (edited beside hooks/inspect's own work; export_test.go and
//     helpers_test.go give them their names).
//
// Each domain's own tests live beside it (hooks/<domain>/*_test.go, package
// <domain>_test), sharing testapp's helpers.
package hooks_test

import (
	"testing"

	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }
